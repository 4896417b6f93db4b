import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresEventBus } from '../../src/integrations/eventBus/createPostgresEventBus.js';
import type { EventBus } from '../../src/integrations/eventBus/EventBus.js';
import { isDatabaseUnavailable } from '../../src/store/isDatabaseUnavailable.js';
import { eventually } from '../helpers/graphqlAs.js';
import { dropSchema, TEST_DATABASE_URL, uniqueSchemaName } from '../helpers/testDatabase.js';

const ORDER = { orderId: 7, orderReference: 'S00007', partnerId: 3, amount: 1250, currency: 'EUR', paymentId: null };

/** Found by the chaos run: a publish whose session was terminated left an unhandled 'error' event that ended the process. */
describe('the postgres event bus losing its session in the middle of a publish', () => {
  const schema = uniqueSchemaName('bus_lost');
  let bus: EventBus;
  let admin: pg.Client;

  beforeAll(async () => {
    bus = await createPostgresEventBus({
      connectionString: TEST_DATABASE_URL,
      schema,
      pollingSeconds: 0.5,
      claimIdleMs: 30_000,
      logger: pino({ level: 'silent' }),
      prefix: 'lost',
      retry: { limit: 1, baseDelayMs: 100, maxDelayMs: 1_000, maxRetryAfterMs: 1_000, jitter: 0.2 },
      prefetch: 1,
      deadLetters: {
        recordAttempt: () => Promise.reject(new Error('no consumer in this test')),
        recordDead: () => Promise.reject(new Error('no consumer in this test')),
        registerHandler: () => undefined,
      },
    });
    admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
  });
  afterAll(async () => {
    await bus.close();
    await admin.end();
    await dropSchema(schema);
  });

  it('fails that publish with an error the gateway reports as retryable, and keeps publishing', async () => {
    // Hold the publish inside its transaction: it waits for this lock while it has the pool's client checked out.
    const blocker = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query(`LOCK TABLE ${pg.escapeIdentifier(schema)}.subscription IN ACCESS EXCLUSIVE MODE`);
    const publishing = bus.publish({ name: 'order.placed', id: 'lost-1', data: ORDER }).then(
      () => undefined,
      (error: unknown) => error,
    );
    const [waiting] = await eventually(
      async () =>
        (
          await admin.query<{ pid: number }>(
            `SELECT pid FROM pg_stat_activity WHERE application_name = 'switchyard-event-bus' AND wait_event_type = 'Lock' AND datname = current_database()`,
          )
        ).rows,
      (rows) => rows.length === 1,
      'the publish to wait for the lock',
    );
    await admin.query('SELECT pg_terminate_backend($1)', [waiting!.pid]);
    await blocker.query('ROLLBACK');
    await blocker.end();

    expect(isDatabaseUnavailable(await publishing)).toBe(true);
    await expect(bus.publish({ name: 'order.placed', id: 'lost-2', data: ORDER })).resolves.toMatchObject({ id: 'lost-2' });
  });
});
