import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createStore, type Store } from '../../src/store/createStore.js';

/** Whether something accepts TCP connections on the port, answered by the OS rather than by a timer. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

let root: string | undefined;
let store: Store | undefined;

afterAll(async () => {
  await store?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('createStore without a database URL (the `npm start` path)', () => {
  it('starts the embedded PostgreSQL, migrates it, serves Prisma, stops it on close, and reuses its data', async () => {
    root = await mkdtemp(path.join(tmpdir(), 'switchyard-embedded-'));
    // As root the server runs as the `postgres` user, which must be able to enter the directory.
    await chmod(root, 0o755);

    store = await createStore({ dataDir: path.join(root, 'postgres'), logger: pino({ level: 'silent' }) });
    const url = new URL(store.databaseUrl);
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.pathname).toBe('/switchyard');
    expect(store.schema).toBe('public');
    const port = Number(url.port);
    expect(await accepts(port)).toBe(true);
    await store.ping();

    const { rows } = await store.pool.query('SELECT migration_name, finished_at FROM "_prisma_migrations"');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.finished_at instanceof Date)).toBe(true);

    const id = randomUUID();
    await store.prisma.auditLog.create({
      data: { id, actorId: 'admin-1', action: 'deadLetter.replay', targetType: 'DeadLetter', targetId: 'dl-1', details: { replayed: 1 } },
    });
    const row = await store.prisma.auditLog.findUnique({ where: { id } });
    expect(row).toMatchObject({ actorId: 'admin-1', action: 'deadLetter.replay', details: { replayed: 1 } });
    expect(row?.at).toBeInstanceOf(Date);

    await store.close();
    store = undefined;
    expect(await accepts(port)).toBe(false);

    // The second start finds the initialised directory: same password, same data, nothing to migrate.
    store = await createStore({ dataDir: path.join(root, 'postgres'), logger: pino({ level: 'silent' }) });
    expect(await store.prisma.auditLog.findUnique({ where: { id } })).toMatchObject({ actorId: 'admin-1' });
    const { rows: again } = await store.pool.query('SELECT count(*)::int AS n FROM "_prisma_migrations"');
    expect(again[0].n).toBe(rows.length);
    await store.close();
    store = undefined;
  });
});
