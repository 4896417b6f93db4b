import PgBoss from 'pg-boss';
import pg from 'pg';
import { createPgBossDb } from '../../reliability/createPgBossDb.js';
import type { DeadLetterRecorder } from '../../reliability/createWorkRunner.js';
import { runPgBossWork } from '../../reliability/runPgBossWork.js';
import { workId } from '../../reliability/workId.js';
import { withPooledClient } from '../../store/withPooledClient.js';
import { groupConsumer } from './createBusConsumer.js';
import { createInFlight } from './createInFlight.js';
import { createLiveFanOut } from './createLiveFanOut.js';
import { parseDomainEvent, toDomainEvent, type AnyDomainEvent } from './DomainEvent.js';
import type { EventBus, EventBusDeps } from './EventBus.js';

export interface PostgresEventBusOptions extends EventBusDeps {
  readonly connectionString: string;
  /** The pg-boss schema: the job queue's, so one installation holds jobs and events. */
  readonly schema: string;
  readonly pollingSeconds: number;
  /** A delivery still active after this long (its consumer died) is failed and retried. */
  readonly claimIdleMs: number;
  readonly deadLetters: DeadLetterRecorder;
}

/** NOTIFY payloads are limited to 8000 bytes; domain events carry ids and are far smaller. */
const NOTIFY_LIMIT_BYTES = 7_900;

/**
 * The default bus, on the PostgreSQL the gateway already has, through pg-boss's pub/sub: a consumer
 * group is a pg-boss queue subscribed to the event, so an event is a job row per group, written in
 * one transaction with the publish. That makes it as durable as the job queue (committed rows, not
 * notifications that vanish when nobody listens), shared by every instance through SKIP LOCKED,
 * retried with the one backoff as the job queue is, and moved to the group's dead queue after its last retry.
 * LISTEN/NOTIFY, sent in the same transaction, only feeds live subscriptions, which need no durability.
 * pg-boss's own publish() is not used because it ignores a failed insert into one of the queues.
 */
export async function createPostgresEventBus(options: PostgresEventBusOptions): Promise<EventBus> {
  const log = options.logger.child({ component: 'event-bus', adapter: 'postgres' });
  const bossDb = createPgBossDb({
    connectionString: options.connectionString,
    max: 3,
    applicationName: 'switchyard-event-bus',
    onError: (error) => log.error({ err: error }, 'event bus connection error'),
  });
  const { pool } = bossDb;
  const boss = new PgBoss({
    db: bossDb.db,
    schema: options.schema,
    schedule: false,
  });
  boss.on('error', (error) => log.error({ err: error }, 'event bus queue error'));
  await boss.start();

  const schema = pg.escapeIdentifier(options.schema);
  const channel = `${options.prefix}_events`;
  const routeOf = (name: string) => `${options.prefix}.${name}`;
  const inFlight = createInFlight();
  const live = createLiveFanOut(log);
  let listener: pg.Client | undefined;
  let listening: Promise<void> | undefined;
  let closing = false;

  // Once per process however many live subscriptions start at the same time: one LISTEN, one copy of each event.
  const ensureListening = () =>
    (listening ??= listen().catch((error: unknown) => {
      listening = undefined;
      throw error;
    }));

  async function listen(): Promise<void> {
    const client = new pg.Client({ connectionString: options.connectionString, application_name: 'switchyard-event-bus-listen' });
    client.on('notification', (message) => {
      const event = message.payload === undefined ? null : parseDomainEvent(message.payload);
      if (event) live.dispatch(event);
    });
    // Live delivery is at most once: after a lost connection, listen again and carry on from now.
    client.on('error', (error) => {
      log.warn({ err: { message: error.message } }, 'live event connection lost; reconnecting');
      void client.end().catch(() => undefined);
      if (listener !== client) return;
      listener = undefined;
      listening = undefined;
      if (!closing) setTimeout(() => void ensureListening().catch((retryError: unknown) => log.error({ err: retryError }, 'cannot listen for live events')), 1_000).unref();
    });
    await client.connect();
    await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
    listener = client;
  }

  return {
    adapter: 'postgres',

    async publish(input) {
      const event = toDomainEvent(input);
      await withPooledClient(pool, async (client) => {
        try {
          await client.query('BEGIN');
          const { rows } = await client.query<{ name: string }>(`SELECT name FROM ${schema}.subscription WHERE event = $1`, [routeOf(event.name)]);
          const db = { executeSql: (text: string, values: unknown[]) => client.query(text, values) };
          for (const { name } of rows) await boss.send(name, event, { id: workId(name, event.id), db });
          const text = JSON.stringify(event);
          if (Buffer.byteLength(text) <= NOTIFY_LIMIT_BYTES) await client.query('SELECT pg_notify($1, $2)', [channel, text]);
          else log.warn({ eventId: event.id, name: event.name }, 'event too large for live delivery; durable groups still get it');
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
      });
      return event;
    },

    async subscribe(name, handler, subscribeOptions) {
      if (subscribeOptions.mode === 'live') {
        await ensureListening();
        return live.add(name, handler);
      }
      const queue = `${options.prefix}.${name}.${subscribeOptions.group}`;
      const workers = await runPgBossWork<AnyDomainEvent>({
        boss,
        db: bossDb.db,
        schema: options.schema,
        queue,
        deadQueue: `${queue}.dead`,
        runner: groupConsumer(name, handler, subscribeOptions, options),
        expireInSeconds: Math.max(1, Math.ceil(options.claimIdleMs / 1000)),
        pollingIntervalSeconds: options.pollingSeconds,
        workers: 1,
        track: (work) => inFlight.track(work),
      });
      await boss.subscribe(routeOf(name), queue);
      return {
        async close() {
          await Promise.all(workers.map((id) => boss.offWork({ id })));
          await inFlight.settled();
        },
      };
    },

    async close() {
      closing = true;
      live.clear();
      await listener?.end().catch(() => undefined);
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
      await inFlight.settled();
      await bossDb.close();
    },
  };
}
