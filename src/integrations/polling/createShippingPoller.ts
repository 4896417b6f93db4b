import type { Logger } from 'pino';
import type pg from 'pg';
import type { Connectors } from '../../connectors/createConnectors.js';
import type { Tracker } from '../../connectors/shipping/types.js';
import type { PrismaClient } from '../../generated/prisma/client.js';
import { withPooledClient } from '../../store/withPooledClient.js';

export type PollOutcome =
  | {
      readonly kind: 'polled';
      readonly found: readonly Tracker[];
      readonly cursorBefore: string | null;
      readonly cursorAfter: string | null;
      /** More updates wait beyond this run's page limit. */
      readonly more: boolean;
    }
  | { readonly kind: 'busy' };

export interface ShippingPoller {
  poll(trigger: 'schedule' | 'admin'): Promise<PollOutcome>;
}

export interface ShippingPollerOptions {
  readonly prisma: PrismaClient;
  readonly pool: pg.Pool;
  /** The store's schema: instances sharing it share the lock; other deployments in the same database do not. */
  readonly schema: string;
  readonly connectors: Connectors;
  readonly maxPagesPerRun: number;
  readonly logger: Logger;
  /** Told of every tracker found after the first poll, in update order. */
  readonly onUpdate: (tracker: Tracker) => Promise<void>;
}

const SYSTEM = 'shipping';
const PAGE_SIZE = 100;

/**
 * Pulls trackers updated since the stored cursor from the carrier, which has no push of its own
 * that every deployment can receive. The cursor is saved after each page, so a crash loses at
 * most the page in hand, and a tracker seen twice is harmless to the receivers.
 */
export function createShippingPoller(options: ShippingPollerOptions): ShippingPoller {
  const { prisma, connectors } = options;
  const log = options.logger.child({ component: 'poller', system: SYSTEM });

  return {
    async poll(trigger) {
      // A session advisory lock keeps two instances (or the schedule and an admin) from polling at once.
      const lockName = `switchyard:poll:${SYSTEM}:${options.schema}`;
      // The session holds the advisory lock; a session lost mid-poll fails this poll, not the process.
      return withPooledClient(options.pool, async (client) => {
        const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [lockName]);
        if (!rows[0]?.locked) {
          log.info({ trigger }, 'poll skipped: another instance is polling');
          return { kind: 'busy' };
        }
        try {
          const saved = await prisma.pollCursor.findUnique({ where: { system: SYSTEM } });
          const cursorBefore = saved?.cursor ?? null;
          const context = { requestId: `poll:${SYSTEM}:${Date.now()}`, log };
          const found: Tracker[] = [];
          let cursor = cursorBefore;
          let more = false;
          for (let page = 0; page < options.maxPagesPerRun; page += 1) {
            const result = await connectors.shipping.trackersUpdatedAfter(context, cursor, PAGE_SIZE);
            // The very first poll of a deployment reads the carrier's history to set the cursor; announcing
            // every old parcel as an update would flood the bus and the clients' webhooks.
            if (cursorBefore !== null) for (const tracker of result.trackers) await options.onUpdate(tracker);
            found.push(...result.trackers);
            cursor = result.trackers.at(-1)?.updatedAt ?? cursor;
            await prisma.pollCursor.upsert({
              where: { system: SYSTEM },
              create: { system: SYSTEM, cursor, lastRunAt: new Date(), lastFound: found.length },
              update: { cursor, lastRunAt: new Date(), lastFound: found.length },
            });
            more = result.hasMore;
            if (!result.hasMore) break;
          }
          log.info({ trigger, found: found.length, cursorBefore, cursorAfter: cursor, more }, 'shipping polled');
          return { kind: 'polled', found, cursorBefore, cursorAfter: cursor, more };
        } finally {
          await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lockName]);
        }
      });
    },
  };
}
