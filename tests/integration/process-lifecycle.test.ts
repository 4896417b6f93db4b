import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url);

function startMain(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
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

  it('starts the sandbox, prints its URL, and on SIGTERM finishes in-flight requests before exiting 0', async () => {
    const main = startMain({ PORT: '0' });
    try {
      const [, url] = await waitForLine(main.output, /listening on (http:\/\/\S+\/graphql)/);
      const [, erpUrl] = await waitForLine(main.output, /erp (http:\/\/\S+?),/);
      const graphqlUrl = url!.replace('localhost', '127.0.0.1');

      await fetch(`${erpUrl}/_control/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ route: '*', mode: 'slow', latencyMs: 1000 }),
      });
      const inFlight = fetch(graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
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
