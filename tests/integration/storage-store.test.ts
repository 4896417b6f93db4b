import { Writable } from 'node:stream';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../src/store/createStore.js';
import { createTestStore, TEST_DATABASE_URL, type TestStore } from '../helpers/testDatabase.js';

/** A logger whose JSON lines the test can read. */
function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, destination), lines };
}

describe('a store whose database is down at start', () => {
  it('fails with STORE_UNREACHABLE naming the URL without its password', async () => {
    const attempt = createStore({
      databaseUrl: 'postgresql://switchyard:s3cret-pw@127.0.0.1:1/gateway',
      logger: pino({ level: 'silent' }),
    });
    await expect(attempt).rejects.toMatchObject({ name: 'StoreError', code: 'STORE_UNREACHABLE' });
    const error = (await attempt.catch((reason: unknown) => reason)) as Error;
    expect(error.message).toContain('postgresql://switchyard@127.0.0.1:1/gateway');
    expect(error.message).not.toContain('s3cret-pw');
  });

  it('refuses a URL that is not PostgreSQL before connecting anywhere', async () => {
    await expect(createStore({ databaseUrl: 'mysql://root@127.0.0.1/db', logger: pino({ level: 'silent' }) })).rejects.toMatchObject({
      code: 'STORE_INVALID_URL',
    });
  });

  it('refuses a schema name that would need quoting', async () => {
    await expect(
      createStore({ databaseUrl: TEST_DATABASE_URL, schema: 'Robert"; DROP', logger: pino({ level: 'silent' }) }),
    ).rejects.toMatchObject({ code: 'STORE_INVALID_SCHEMA' });
  });
});

describe('a running store', () => {
  const capture = capturingLogger();
  let store: TestStore;

  beforeAll(async () => {
    store = await createTestStore('store', { logger: capture.logger });
  });

  afterAll(async () => {
    await store?.drop();
  });

  it('answers ping() and resolves raw SQL in its own schema', async () => {
    await store.ping();
    const { rows } = await store.pool.query('SELECT current_schema() AS schema');
    expect(rows[0].schema).toBe(store.schema);
  });

  it('logs, and survives, the server ending its idle connections', async () => {
    // Hold three connections at once so the pool keeps three, and learn their server processes.
    const clients = await Promise.all([1, 2, 3].map(() => store.pool.connect()));
    const pids = await Promise.all(clients.map(async (client) => (await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid));
    clients.forEach((client) => client.release());
    expect(store.pool.idleCount).toBe(3);

    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    try {
      await admin.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [pids]);
    } finally {
      await admin.end();
    }
    await expect.poll(() => capture.lines.filter((line) => line.msg === 'idle PostgreSQL connection failed').length).toBe(3);
    // Every dead connection has left the pool, so the next query opens a fresh one.
    await expect.poll(() => store.pool.idleCount).toBe(0);

    await store.ping();
    expect(await store.prisma.auditLog.count()).toBe(0);
  });
});
