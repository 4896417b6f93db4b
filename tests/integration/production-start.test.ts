import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { dropSchema, TEST_DATABASE_URL, uniqueSchemaName } from '../helpers/testDatabase.js';

const SCHEMAS = { DATABASE_SCHEMA: uniqueSchemaName('production'), QUEUE_SCHEMA: uniqueSchemaName('production_queue') };
afterAll(() => Promise.all(Object.values(SCHEMAS).map(dropSchema)));

/** main.ts as a process with only the given environment; resolves when it exits or prints its URL. */
async function runMain(env: Record<string, string>): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: new URL('../../', import.meta.url),
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', PORT: '0', DATABASE_URL: TEST_DATABASE_URL, ...SCHEMAS, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const listening = new Promise<'listening'>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('listening on')) resolve('listening');
    });
  });
  if ((await Promise.race([exited, listening])) === 'listening') child.kill('SIGTERM');
  return { code: await exited, stderr, stdout };
}

describe('starting with NODE_ENV=production', () => {
  it('exits 1 naming each upstream setting that is unset or a sandbox placeholder', async () => {
    const { code, stderr, stdout } = await runMain({
      NODE_ENV: 'production',
      CRM_BASE_URL: 'https://api.hubapi.com',
      CRM_ACCESS_TOKEN: 'pat-eu1-0123',
      ERP_PASSWORD: 'admin',
      PAYMENTS_SECRET_KEY: 'sk_test_sandbox',
    });
    expect(code).toBe(1);
    expect(stdout).not.toContain('listening');
    for (const name of ['ERP_BASE_URL', 'PAYMENTS_BASE_URL', 'SHIPPING_BASE_URL', 'ERP_DATABASE', 'ERP_USERNAME', 'SHIPPING_API_KEY', 'STRIPE_WEBHOOK_SECRETS', 'SHIPPING_WEBHOOK_SECRETS', 'EINVOICING_BASE_URL', 'EINVOICING_API_KEY', 'EINVOICING_WEBHOOK_SECRETS']) {
      expect(stderr).toContain(`${name} is unset`);
    }
    expect(stderr).toContain("ERP_PASSWORD is the sandbox's placeholder");
    expect(stderr).toContain("PAYMENTS_SECRET_KEY is the sandbox's placeholder");
    expect(stderr).not.toContain('CRM_BASE_URL');
    expect(stderr).not.toContain('CRM_ACCESS_TOKEN');
  });

  it('runs against the sandbox when SANDBOX=true asks for it', async () => {
    const { code, stdout } = await runMain({ NODE_ENV: 'production', SANDBOX: 'true' });
    expect(stdout).toMatch(/Switchyard listening on http:\/\/\S+\/graphql/);
    expect(stdout).toContain('Sandbox systems: crm http://');
    expect(code).toBe(0);
  });
});
