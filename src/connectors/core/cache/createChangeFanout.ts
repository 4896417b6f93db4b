import { createHash, randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Logger } from 'pino';
import { listenForNotifications } from '../../../store/listenForNotifications.js';
import type { CacheBroadcast, DropScope } from './createEntityCache.js';

/** Changes seen by one instance, told to every other instance that keeps its cache in memory. Never throws: an instance that misses one still lets the entry go at its freshness. */
export interface ChangeFanout extends CacheBroadcast {
  close(): Promise<void>;
}

export interface ChangeFanoutOptions {
  readonly pool: pg.Pool;
  readonly databaseUrl: string;
  /** Instances share records when they share the schema, so the channel is the schema's. */
  readonly schema: string;
  readonly logger: Logger;
  /** Another instance saw these tags change. */
  onChanged(tags: readonly string[]): void;
  /** An operator dropped entries on another instance. */
  onDropped(scope: DropScope): void;
  /** Changes may have been missed (the listening connection was down): anything may have changed. */
  onMissed(): void;
}

/** What one instance tells the others: tags that changed, or entries dropped. */
interface Message {
  readonly i: string;
  readonly t?: readonly string[];
  readonly d?: DropScope;
}

/** NOTIFY payloads are limited to 8000 bytes. */
const MAX_PAYLOAD_BYTES = 7000;

/**
 * Over PostgreSQL LISTEN/NOTIFY, which every instance already has: a webhook or the ERP poll reaches
 * one instance, and each memory cache must hear of it. (With Redis, the store itself is shared.)
 */
export async function createChangeFanout(options: ChangeFanoutOptions): Promise<ChangeFanout> {
  const channel = `switchyard_cache_${createHash('sha256').update(options.schema).digest('hex').slice(0, 24)}`;
  const self = randomUUID();
  const log = options.logger.child({ component: 'cache-fanout' });
  const listener = await listenForNotifications({
    databaseUrl: options.databaseUrl,
    channel,
    logger: options.logger,
    applicationName: 'switchyard-cache',
    onNotification(payload) {
      try {
        const message = JSON.parse(payload) as Message;
        if (message.i === self) return;
        if (message.t) options.onChanged(message.t);
        if (message.d) options.onDropped(message.d);
      } catch (error) {
        log.warn({ err: error }, 'unreadable cache change notification ignored');
      }
    },
    // Whatever was sent while nobody listened is lost (at the first connection, nothing is cached yet).
    onListening: () => options.onMissed(),
  });

  const send = async (messages: readonly Omit<Message, 'i'>[], what: Record<string, unknown>) => {
    try {
      for (const message of messages) await options.pool.query('SELECT pg_notify($1, $2)', [channel, JSON.stringify({ i: self, ...message })]);
    } catch (error) {
      log.warn({ err: error, ...what }, 'could not tell other instances of a cache change; their records expire at their freshness');
    }
  };

  return {
    async changed(tags) {
      const chunks: string[][] = [[]];
      let size = 0;
      for (const tag of tags) {
        if (size + tag.length > MAX_PAYLOAD_BYTES) {
          chunks.push([]);
          size = 0;
        }
        chunks.at(-1)!.push(tag);
        size += tag.length + 3;
      }
      await send(chunks.map((chunk) => ({ t: chunk })), { tags: tags.length });
    },
    dropped: (scope) => send([{ d: scope }], { ...scope }),
    close: () => listener.close(),
  };
}
