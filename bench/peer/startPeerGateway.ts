import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { GraphqlTarget } from '../measure.js';
import { startProcess, type RunningProcess, type SandboxProcess } from '../processes.js';
import type { OdooSession } from './odooSession.js';
import { PEER_ERP_UID_ENV, PEER_SUPERGRAPH_ENV, PEER_URL_ENV } from './peerEnv.js';

export interface PeerGatewayProcess extends RunningProcess, GraphqlTarget {}

const repositoryRoot = new URL('../../', import.meta.url);

/** Mesh's `mesh-compose` CLI, run under tsx so that it can load mesh.config.ts and what it imports. */
async function composeSupergraph(output: string): Promise<void> {
  const packageJson = createRequire(import.meta.url).resolve('@graphql-mesh/compose-cli/package.json');
  const { bin } = JSON.parse(await readFile(packageJson, 'utf8')) as { bin: Record<string, string> };
  const cli = join(dirname(packageJson), bin['mesh-compose'] ?? 'esm/bin.js');
  await promisify(execFile)(process.execPath, ['--import', 'tsx', cli, '-c', 'bench/peer/mesh.config.ts', '-o', output], { cwd: repositoryRoot });
}

/**
 * Composes the peer's supergraph into a temporary folder (nothing generated is kept) and starts Hive
 * Gateway on it in a process of its own, pointed at the run's sandbox.
 */
export async function startPeerGateway(sandbox: SandboxProcess, odoo: OdooSession, env: Record<string, string> = {}): Promise<PeerGatewayProcess> {
  const directory = await mkdtemp(join(tmpdir(), 'switchyard-peer-'));
  try {
    const supergraph = join(directory, 'supergraph.graphql');
    await composeSupergraph(supergraph);
    const running = await startProcess(
      'bench/peer/main.ts',
      {
        NODE_ENV: 'production',
        [PEER_SUPERGRAPH_ENV]: supergraph,
        [PEER_ERP_UID_ENV]: String(odoo.uid),
        ...Object.fromEntries(Object.entries(PEER_URL_ENV).map(([system, name]) => [name, sandbox.urls[system as keyof typeof PEER_URL_ENV]])),
        ...env,
      },
      /listening on http\S+/,
    );
    return {
      ...running,
      graphqlUrl: /listening on (http\S+)/.exec(running.output())?.[1] ?? '',
      headers: { 'content-type': 'application/json' },
      async stop() {
        await running.stop();
        await rm(directory, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
}
