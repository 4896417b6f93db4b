import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app.js';
import { parseConfig, withUpstreams } from '../../src/config/index.js';
import { createLogger } from '../../src/observability/createLogger.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/startSandbox.js';
import { upstreamsOf } from '../../src/sandbox/upstreamsOf.js';
import { customerId, PLACE_ORDER, productId } from '../helpers/graphqlAs.js';
import { fastResilience, TEST_ADMIN_KEY } from '../helpers/startStack.js';
import { dropSchema, TEST_DATABASE_URL, uniqueSchemaName } from '../helpers/testDatabase.js';

/** A TCP relay to the test PostgreSQL that the test can cut, as a network partition would. */
async function relay(): Promise<{ port: number; cut(): void; server: Server }> {
  const target = new URL(TEST_DATABASE_URL);
  const sockets = new Set<Socket>();
  let open = true;
  const server = createServer((client) => {
    if (!open) return client.destroy();
    const upstream = connect(Number(target.port || 5432), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    server,
    cut() {
      open = false;
      for (const socket of sockets) socket.destroy();
    },
  };
}

describe('the gateway with its database down', () => {
  let sandbox: Sandbox;
  let app: App;
  let url: string;
  let link: Awaited<ReturnType<typeof relay>>;
  const schemas = { DATABASE_SCHEMA: uniqueSchemaName('dbdown'), QUEUE_SCHEMA: uniqueSchemaName('dbdown_queue') };

  beforeAll(async () => {
    sandbox = await startSandbox();
    link = await relay();
    const databaseUrl = new URL(TEST_DATABASE_URL);
    databaseUrl.host = `127.0.0.1:${link.port}`;
    const config = withUpstreams(
      parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: databaseUrl.toString(), ADMIN_API_KEY: TEST_ADMIN_KEY, ...schemas, ...fastResilience() }),
      upstreamsOf(sandbox),
    );
    app = await buildApp(config, createLogger('silent'));
    await app.server.listen({ port: 0, host: '127.0.0.1' });
    app.ready();
    url = `http://127.0.0.1:${(app.server.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app.close().catch(() => undefined);
    link.server.close();
    await sandbox.stop();
    await Promise.all(Object.values(schemas).map(dropSchema));
  });

  it('refuses a mutation with a retryable error before touching any system, and /readyz says why', async () => {
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    link.cut();
    await Promise.all(['crm', 'erp', 'payments', 'shipping'].map((system) => fetch(`${sandbox.urls[system as 'crm']}/_control/reset`, { method: 'POST' })));

    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_ADMIN_KEY}` },
      body: JSON.stringify({
        query: PLACE_ORDER,
        variables: { input: { customerId: customerId(1), lines: [{ productId: productId(1), quantity: 1 }], currency: 'EUR' }, key: 'db-down-1' },
      }),
    });
    expect(response.status).toBe(503);
    const body = (await response.json()) as { errors: { extensions: Record<string, unknown> }[] };
    expect(body.errors[0]?.extensions).toMatchObject({ code: 'STORAGE_UNAVAILABLE', retryable: true });
    for (const system of ['crm', 'erp', 'payments', 'shipping'] as const) {
      const stats = (await (await fetch(`${sandbox.urls[system]}/_control/stats`)).json()) as { requests: number };
      expect(stats.requests).toBe(0);
    }

    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(503);
    const readiness = (await ready.json()) as { reasons: string[] };
    expect(readiness.reasons.some((reason) => reason.startsWith('database:'))).toBe(true);

    // Reads that need no database still answer (the bootstrap admin key is checked without it).
    const read = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_ADMIN_KEY}` },
      body: JSON.stringify({ query: '{ products(first: 1) { nodes { name } } }' }),
    });
    expect(read.status).toBe(200);
    const answer = (await read.json()) as { data?: { products: { nodes: { name: string }[] } }; errors?: unknown[] };
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.products.nodes).toEqual([{ name: expect.stringMatching(/\S/) }]);
  });
});
