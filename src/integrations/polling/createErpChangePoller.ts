import type { Logger } from 'pino';
import type pg from 'pg';
import type { ErpConnector } from '../../connectors/erp/createErpConnector.js';
import { WATCHED_MODELS, type ErpChanges, type OdooCursor, type WatchedModel } from '../../connectors/erp/erpChanges.js';
import type { PrismaClient } from '../../generated/prisma/client.js';
import { withPooledClient } from '../../store/withPooledClient.js';

export interface ErpChangePollerOptions {
  readonly prisma: PrismaClient;
  readonly pool: pg.Pool;
  /** The store's schema: instances sharing it share the lock and the cursors. */
  readonly schema: string;
  readonly erp: ErpConnector;
  /** Told of each page of changes, in order: the entity cache (their tags), e-invoicing (posted invoices). */
  readonly listeners: readonly ((model: WatchedModel, changes: ErpChanges) => Promise<void>)[];
  readonly intervalSeconds: number;
  readonly logger: Logger;
  /** Records read per call; a model with more changes is read again in the same run. */
  readonly pageSize?: number;
}

export type ErpPollOutcome = { readonly kind: 'polled'; readonly records: number; readonly tags: number } | { readonly kind: 'skipped' };

export interface ErpChangePoller {
  /** One run over every watched model, unless another instance holds the lock or has just polled. */
  poll(): Promise<ErpPollOutcome>;
  /** Polls every interval from now on. */
  start(): void;
  close(): Promise<void>;
}

const cursorRow = (model: string) => `erp-changes:${model}`;
const MAX_PAGES_PER_MODEL = 20;

/**
 * Odoo sends no change notifications, so what changed is asked for by write_date: every few seconds,
 * one instance (an advisory lock, and the run time stored with the cursors) reads what each watched
 * model wrote since its cursor and tells the listeners (the cache marks those records changed
 * everywhere; e-invoicing sends new posted invoices). A listener's failure fails that model's page,
 * which the next poll reads again from the stored cursor; the other models go on.
 */
export function createErpChangePoller(options: ErpChangePollerOptions): ErpChangePoller {
  const { prisma, erp } = options;
  const log = options.logger.child({ component: 'erp-change-poller', system: 'erp' });
  const intervalMs = options.intervalSeconds * 1000;
  const pageSize = options.pageSize ?? 500;
  const lockName = `switchyard:poll:erp-changes:${options.schema}`;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<ErpPollOutcome> | undefined;

  async function pollModels(): Promise<ErpPollOutcome> {
    const rows = await prisma.pollCursor.findMany({ where: { system: { in: WATCHED_MODELS.map(cursorRow) } } });
    const lastRun = Math.max(0, ...rows.map((row) => row.lastRunAt?.getTime() ?? 0));
    // Another instance polled moments ago: this interval's changes are already told.
    if (Date.now() - lastRun < intervalMs * 0.8) return { kind: 'skipped' };
    const saved = new Map(rows.map((row) => [row.system, row.cursor]));
    const context = { requestId: `poll:erp-changes:${Date.now()}`, log };
    let records = 0;
    let tags = 0;
    const failed: { model: WatchedModel; error: unknown }[] = [];
    for (const model of WATCHED_MODELS) {
      const stored = saved.get(cursorRow(model));
      let cursor = stored ? (JSON.parse(stored) as OdooCursor) : null;
      try {
        for (let page = 0; page < MAX_PAGES_PER_MODEL; page += 1) {
          const changes = await erp.changesSince(context, model, cursor, pageSize);
          for (const listener of options.listeners) await listener(model, changes);
          records += changes.records;
          tags += changes.tags.length;
          cursor = changes.cursor;
          const value = JSON.stringify(cursor);
          await prisma.pollCursor.upsert({
            where: { system: cursorRow(model) },
            create: { system: cursorRow(model), cursor: value, lastRunAt: new Date(), lastFound: changes.records },
            update: { cursor: value, lastRunAt: new Date(), lastFound: changes.records },
          });
          if (!changes.more) break;
        }
      } catch (error) {
        // One model failing (a listener, a record the ERP answers oddly) holds back only that model: the
        // others, invoices among them, are still told.
        failed.push({ model, error });
      }
    }
    // One line per run, however many models failed (an ERP that is down fails them all).
    if (failed.length > 0) {
      log.warn({ err: failed[0]!.error, models: failed.map((failure) => failure.model) }, 'erp change poll failed for some models; the next poll resumes them from their stored cursors');
    }
    if (records > 0) log.info({ records, tags }, 'erp changes polled');
    return { kind: 'polled', records, tags };
  }

  async function poll(): Promise<ErpPollOutcome> {
    // The session holds the advisory lock; a session lost mid-poll fails this poll, not the process.
    return withPooledClient(options.pool, async (client) => {
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [lockName]);
      if (!rows[0]?.locked) return { kind: 'skipped' } as const;
      try {
        return await pollModels();
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lockName]);
      }
    });
  }

  const tick = () => {
    if (running) return;
    running = poll()
      .catch((error: unknown) => {
        log.warn({ err: error }, 'erp change poll failed; the next one resumes from the stored cursors');
        return { kind: 'skipped' } as const;
      })
      .finally(() => (running = undefined));
  };

  return {
    poll,
    start() {
      if (timer || intervalMs === 0) return;
      timer = setInterval(tick, intervalMs);
      timer.unref();
      tick();
    },
    async close() {
      clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
