import PgBoss from 'pg-boss';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import type { DeadLetterService, WorkUnit } from './createDeadLetterService.js';
import { FOLLOW_UP_KINDS, FOLLOW_UPS, jobRetryOf, runFollowUp, type FollowUpDeps, type FollowUpKind, type FollowUpPayloads } from './followUps.js';
import { createPgBossDb } from './createPgBossDb.js';
import { createWorkRunner } from './createWorkRunner.js';
import { runPgBossWork } from './runPgBossWork.js';
import { workId } from './workId.js';

export interface QueueStat {
  readonly kind: FollowUpKind;
  readonly queued: number;
  readonly active: number;
  readonly retrying: number;
  readonly dead: number;
}

/** Runs SQL on the caller's connection, so a job is enqueued in the caller's transaction. */
export interface TransactionalDb {
  query(text: string, values: unknown[]): Promise<{ rows: unknown[] }>;
}

export interface JobQueue {
  /**
   * Enqueues a follow-up. Its id is `workId(kind, jobKey)`: enqueuing the same follow-up again
   * (a retried request) is a no-op. Returns the follow-up id.
   */
  enqueue<K extends FollowUpKind>(
    kind: K,
    payload: FollowUpPayloads[K],
    options: { jobKey: string; idempotencyKey?: string | null; db?: TransactionalDb },
  ): Promise<string>;
  stats(): Promise<QueueStat[]>;
  /** Creates the queues and starts this instance's workers (QUEUE_WORKER); once the app is built, so every handler is there. */
  start(): Promise<void>;
  /** Registers a recurring task, run once per interval across every instance. */
  schedule(name: string, cron: string, task: () => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

export interface JobQueueOptions {
  readonly connectionString: string;
  readonly pool: pg.Pool;
  readonly config: Config;
  /** What the handlers run with: the connectors and the integrations' job services. */
  readonly connectors: FollowUpDeps;
  readonly deadLetters: DeadLetterService;
  readonly logger: Logger;
}

const deadQueueOf = (kind: FollowUpKind) => `${kind}-dead`;

/**
 * Follow-up jobs on pg-boss in the same PostgreSQL, the one path of durable work: at-least-once,
 * retried with the one backoff under each kind's retry policy, shared by every gateway instance
 * (SKIP LOCKED). A job that fails its last attempt moves to its kind's dead-letter queue, and from
 * there into our dead-letter table.
 */
export async function createJobQueue(options: JobQueueOptions): Promise<JobQueue> {
  const { config, connectors, deadLetters } = options;
  const log = options.logger.child({ component: 'queue' });
  const schema = config.queue.schema;
  const bossDb = createPgBossDb({
    connectionString: options.connectionString,
    max: 4,
    applicationName: 'switchyard-queue',
    onError: (error) => log.error({ err: error }, 'queue connection error'),
  });
  const boss = new PgBoss({
    db: bossDb.db,
    schema,
    supervise: config.queue.worker,
    schedule: config.queue.worker,
    maintenanceIntervalSeconds: config.queue.maintenanceSeconds,
  });
  boss.on('error', (error) => log.error({ err: error }, 'queue error'));
  await boss.start();

  // Queues and workers start once the app is built, so every handler they may run is registered.
  async function startWork() {
    for (const kind of FOLLOW_UP_KINDS) {
      const runner = createWorkRunner<WorkUnit>({
        kind,
        source: 'queue',
        policy: jobRetryOf(kind, config),
        unitOf: (unit) => unit,
        run: (unit, context) => runFollowUp(kind, connectors, context, unit.payload),
        deadLetters,
        logger: options.logger,
      });
      await runPgBossWork<WorkUnit>({
        boss,
        db: bossDb.db,
        schema,
        queue: kind,
        deadQueue: deadQueueOf(kind),
        runner,
        expireInSeconds: config.queue.jobTimeoutSeconds,
        pollingIntervalSeconds: config.queue.pollingSeconds,
        // pg-boss 10 runs one job at a time per worker: a kind whose jobs may wait long gets several.
        workers: config.queue.worker ? (FOLLOW_UPS[kind].workers?.(config) ?? 1) : 0,
      });
    }
  }

  return {
    start: startWork,

    async enqueue(kind, payload, { jobKey, idempotencyKey = null, db }) {
      const followUpId = workId(kind, jobKey);
      const unit: WorkUnit = { followUpId, kind, idempotencyKey, payload };
      await boss.send(kind, unit, {
        id: followUpId,
        ...(db ? { db: { executeSql: (text: string, values: unknown[]) => db.query(text, values) } } : {}),
      });
      log.debug({ kind, followUpId }, 'follow-up enqueued');
      return followUpId;
    },

    async stats() {
      const { rows } = await options.pool.query<{ name: string; state: string; count: string }>(
        `SELECT name, state, count(*) AS count FROM "${schema}".job WHERE name = ANY($1) AND state < 'completed' GROUP BY name, state`,
        [FOLLOW_UP_KINDS],
      );
      const dead = await deadLetters.openCountsByKind();
      const countOf = (kind: string, state: string) => Number(rows.find((row) => row.name === kind && row.state === state)?.count ?? 0);
      return FOLLOW_UP_KINDS.map((kind) => ({
        kind,
        queued: countOf(kind, 'created'),
        active: countOf(kind, 'active'),
        retrying: countOf(kind, 'retry'),
        dead: dead.get(kind) ?? 0,
      }));
    },

    async schedule(name, cron, task) {
      await boss.createQueue(name, { name, policy: 'singleton', retryLimit: 0 });
      await boss.schedule(name, cron);
      if (config.queue.worker) {
        await boss.work(name, async () => {
          await task();
        });
      }
    },

    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
      await bossDb.close();
    },
  };
}
