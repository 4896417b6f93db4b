import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createPool } from '../../src/store/createPool.js';
import { DEFAULT_MIGRATIONS_DIR, migrate } from '../../src/store/migrate.js';
import { dropSchema, TEST_DATABASE_URL, uniqueSchemaName } from '../helpers/testDatabase.js';

const MIGRATION = '20261204000000_durable_work';
const logger = pino({ level: 'silent' });

/**
 * Before the CRM contact of a new customer went back to the queue, it was the bus's crm-contact
 * consumer group; its open dead letters must stay replayable, as letters of the follow-up.
 */
describe(`migration ${MIGRATION}`, () => {
  const schema = uniqueSchemaName('crm_letters');
  const pool = createPool({ databaseUrl: TEST_DATABASE_URL, schema, logger, max: 2 });
  let before: string | undefined;

  afterAll(async () => {
    await pool.end();
    await dropSchema(schema);
    if (before) await rm(before, { recursive: true, force: true });
  });

  it('turns open crm-contact consumer letters into crm-create-contact letters with the event data as payload, and leaves the rest', async () => {
    // The schema as it was: every migration up to this one.
    before = await mkdtemp(path.join(tmpdir(), 'switchyard-before-'));
    await cp(DEFAULT_MIGRATIONS_DIR, before, { recursive: true, filter: (source) => !source.includes(MIGRATION) });
    await migrate(pool, { schema, logger, migrationsDir: pathToFileURL(`${before}/`) });

    const data = { partnerId: 41, email: 'grace@example.org', name: 'Grace Hopper', phone: null, company: null };
    const event = { id: 'evt-1', name: 'customer.created', occurredAt: '2026-12-01T00:00:00.000Z', data };
    const insert = (kind: string, status: string, payload: unknown) =>
      pool.query(
        `INSERT INTO dead_letters (id, source_job_id, kind, system, payload, idempotency_key, status, attempt_count, first_failed_at, last_failed_at, updated_at)
         VALUES ($1, $2, $3, 'crm', $4, 'evt-1', $5, 3, now(), now(), now()) RETURNING id`,
        [randomUUID(), randomUUID(), kind, JSON.stringify(payload), status],
      );
    await insert('bus:customer.created:crm-contact', 'open', event);
    await insert('bus:customer.created:crm-contact', 'replayed', event);
    await insert('bus:order.placed:webhook-endpoints', 'open', event);

    expect(await migrate(pool, { schema, logger })).toEqual({ applied: [MIGRATION] });
    const { rows } = await pool.query<{ kind: string; status: string; payload: unknown }>('SELECT kind, status, payload FROM dead_letters ORDER BY kind, status');
    expect(rows).toEqual([
      { kind: 'bus:customer.created:crm-contact', status: 'replayed', payload: event },
      { kind: 'bus:order.placed:webhook-endpoints', status: 'open', payload: event },
      { kind: 'crm-create-contact', status: 'open', payload: data },
    ]);
  });
});
