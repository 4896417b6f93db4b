import type { Logger } from 'pino';
import { Prisma, type PrismaClient } from '../generated/prisma/client.js';
import type { RetentionConfig } from '../config/retentionConfig.js';

/** Rows deleted, by table. */
export type PurgeCounts = Readonly<Record<string, number>>;

export interface RetentionPurge {
  /** Deletes what is past its retention in every growing table; a table that fails does not stop the others. */
  run(): Promise<PurgeCounts>;
  /** Registers the purge on the queue's singleton schedule: once per slot across instances. */
  schedule(queue: { schedule(name: string, cron: string, task: () => Promise<void>): Promise<void> }): Promise<void>;
}

export interface RetentionPurgeOptions {
  readonly prisma: PrismaClient;
  readonly config: RetentionConfig;
  readonly logger: Logger;
  /** Purges, by name, whose rules live with the module that owns the tables (idempotency records, status history). */
  readonly owned?: Readonly<Record<string, () => Promise<PurgeCounts>>>;
  readonly now?: () => Date;
}

const DAY_MS = 86_400_000;
/** Rows per DELETE: a first purge of a long history holds no lock for long and no huge transaction. */
const BATCH = 5_000;

/** A row an unresolved dead letter may still replay: its job's payload names it. */
const neededByDeadLetter = (kind: string, payloadField: string, id: Prisma.Sql) => Prisma.sql`EXISTS (
  SELECT 1 FROM dead_letters d
   WHERE d.status IN ('open', 'replaying') AND d.kind = ${kind} AND d.payload ->> ${payloadField} = ${id}::text)`;

/** Each table's rule: the ids of up to BATCH rows past `before` that nothing needs any more. */
const RULES: Readonly<Record<string, { days: (config: RetentionConfig) => number; delete: (before: Date) => Prisma.Sql }>> = {
  webhook_events: {
    days: (config) => config.webhookEventDays,
    // Events still waiting for their handler ('received') are work, not history.
    delete: (before) => Prisma.sql`DELETE FROM webhook_events WHERE id IN (
      SELECT e.id FROM webhook_events e
       WHERE e.status IN ('processed', 'ignored', 'failed') AND e.received_at < ${before}
         AND NOT ${neededByDeadLetter('webhook-process', 'webhookEventId', Prisma.sql`e.id`)}
       LIMIT ${BATCH})`,
  },
  webhook_deliveries: {
    days: (config) => config.webhookDeliveryDays,
    // Attempts go with their delivery (ON DELETE CASCADE).
    delete: (before) => Prisma.sql`DELETE FROM webhook_deliveries WHERE id IN (
      SELECT w.id FROM webhook_deliveries w
       WHERE w.status IN ('succeeded', 'dead', 'cancelled') AND w.created_at < ${before}
         AND NOT ${neededByDeadLetter('webhook-deliver', 'deliveryId', Prisma.sql`w.id`)}
       LIMIT ${BATCH})`,
  },
  job_attempts: {
    days: (config) => config.jobAttemptDays,
    delete: (before) => Prisma.sql`DELETE FROM job_attempts WHERE id IN (
      SELECT id FROM job_attempts WHERE dead_letter_id IS NULL AND attempted_at < ${before} LIMIT ${BATCH})`,
  },
  dead_letters: {
    days: (config) => config.deadLetterDays,
    // Only letters an operator resolved; their attempts go with them.
    delete: (before) => Prisma.sql`WITH gone AS (
        SELECT id FROM dead_letters WHERE status IN ('replayed', 'discarded') AND resolved_at < ${before} LIMIT ${BATCH}
      ), attempts AS (
        DELETE FROM job_attempts WHERE dead_letter_id IN (SELECT id FROM gone)
      )
      DELETE FROM dead_letters WHERE id IN (SELECT id FROM gone)`,
  },
  audit_log: {
    days: (config) => config.auditLogDays,
    delete: (before) => Prisma.sql`DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < ${before} LIMIT ${BATCH})`,
  },
};

export function createRetentionPurge(options: RetentionPurgeOptions): RetentionPurge {
  const { prisma, config } = options;
  const log = options.logger.child({ component: 'retention' });
  const now = options.now ?? (() => new Date());

  const purgeTable = async (statement: Prisma.Sql): Promise<number> => {
    let total = 0;
    for (;;) {
      const deleted = await prisma.$executeRaw(statement);
      total += deleted;
      if (deleted < BATCH) return total;
    }
  };

  const run = async (): Promise<PurgeCounts> => {
    const at = now().getTime();
    const counts: Record<string, number> = {};
    const failed: string[] = [];
    for (const [table, rule] of Object.entries(RULES)) {
      try {
        counts[table] = await purgeTable(rule.delete(new Date(at - rule.days(config) * DAY_MS)));
      } catch (error) {
        failed.push(table);
        log.warn({ err: error, table }, 'could not purge the table');
      }
    }
    for (const [name, purge] of Object.entries(options.owned ?? {})) {
      try {
        Object.assign(counts, await purge());
      } catch (error) {
        failed.push(name);
        log.warn({ err: error, purge: name }, 'could not purge');
      }
    }
    log.info({ purged: counts, failed }, 'old rows purged');
    return counts;
  };

  return {
    run,
    async schedule(queue) {
      await queue.schedule('retention-purge', config.cron, async () => {
        await run();
      });
    },
  };
}
