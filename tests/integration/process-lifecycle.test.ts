import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { dropSchema, TEST_DATABASE_URL, uniqueSchemaName } from '../helpers/testDatabase.js';

const ROOT = new URL('../../', import.meta.url);
const SCHEMAS = { DATABASE_SCHEMA: uniqueSchemaName('lifecycle'), QUEUE_SCHEMA: uniqueSchemaName('lifecycle_queue') };
afterAll(() => Promise.all(Object.values(SCHEMAS).map(dropSchema)));

function startMain(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', DATABASE_URL: TEST_DATABASE_URL, ...SCHEMAS, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, output: () => output, exited };
}

async function waitForLine(read: () => string, pattern: RegExp): Promise<RegExpMatchArray> {
  for (let i = 0; i < 600; i += 1) {
    const match = pattern.exec(read());
    if (match) return match;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no line matching ${pattern} in:\n${read()}`);
}

describe('the gateway process', () => {
  it('refuses to start on invalid configuration, naming the variable, with exit code 1', async () => {
    const main = startMain({ PORT: 'eighty', CRM_RETRY_JITTER: '3' });
    expect(await main.exited).toBe(1);
    expect(main.output()).toContain('PORT="eighty"');
    expect(main.output()).toContain('CRM_RETRY_JITTER="3"');
  });

  it('starts the sandbox, prints its URL and a generated admin key, and on SIGTERM finishes in-flight requests before exiting 0', async () => {
    const main = startMain({ PORT: '0' });
    try {
      const [, url] = await waitForLine(main.output, /listening on (http:\/\/\S+\/graphql)/);
      const [, erpUrl] = await waitForLine(main.output, /erp (http:\/\/\S+?),/);
      const [, adminKey] = await waitForLine(main.output, /Admin API key for this run[^:]*: (sy_\S+)/);
      const keys = await fetch(url!.replace('localhost', '127.0.0.1'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
        body: JSON.stringify({ query: '{ apiKeys { id } }' }),
      });
      expect(((await keys.json()) as { data: unknown }).data).toEqual({ apiKeys: [] });
      const graphqlUrl = url!.replace('localhost', '127.0.0.1');

      await fetch(`${erpUrl}/_control/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ route: '*', mode: 'slow', latencyMs: 1000 }),
      });
      const inFlight = fetch(graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
        body: JSON.stringify({ query: '{ products(first: 1) { nodes { name } } }' }),
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      main.child.kill('SIGTERM');

      const response = await inFlight;
      expect(response.status).toBe(200);
      const body = (await response.json()) as { data: { products: { nodes: { name: string }[] } } };
      expect(body.data.products.nodes[0]?.name).toBeTruthy();
      expect(await main.exited).toBe(0);
    } finally {
      main.child.kill('SIGKILL');
    }
  });
});
