import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { Logger } from 'pino';
import { listenForNotifications } from '../store/listenForNotifications.js';

/** Changes to API keys (revocation, rotation) told to every gateway instance on the same database schema. */
export interface ApiKeyChanges {
  /** Tells every instance, this one included. Never throws: the cache's time limit still bounds an instance that misses it. */
  publish(keyId: string): Promise<void>;
  /** `keyId` changed; `null`: changes may have been missed (the connection was lost), so any key may have. */
  subscribe(listener: (keyId: string | null) => void): void;
  close(): Promise<void>;
}

export interface ApiKeyChangesOptions {
  readonly pool: pg.Pool;
  readonly databaseUrl: string;
  /** Instances share keys when they share the schema, so the channel is the schema's. */
  readonly schema: string;
  readonly logger: Logger;
}

/**
 * Over PostgreSQL LISTEN/NOTIFY: the database every instance already has, delivering to every
 * listening session within moments of the commit. Channel names are at most 63 bytes, hence a
 * digest of the schema name rather than the name.
 */
export async function createApiKeyChanges(options: ApiKeyChangesOptions): Promise<ApiKeyChanges> {
  const channel = `switchyard_api_keys_${createHash('sha256').update(options.schema).digest('hex').slice(0, 24)}`;
  const log = options.logger.child({ component: 'api-key-changes' });
  const listeners: ((keyId: string | null) => void)[] = [];
  const tell = (keyId: string | null) => listeners.forEach((listener) => listener(keyId));
  const listener = await listenForNotifications({
    databaseUrl: options.databaseUrl,
    channel,
    logger: options.logger,
    applicationName: 'switchyard-api-keys',
    onNotification: tell,
    onListening: () => tell(null),
  });

  return {
    async publish(keyId) {
      try {
        await options.pool.query('SELECT pg_notify($1, $2)', [channel, keyId]);
      } catch (error) {
        log.warn({ err: error, keyId }, 'could not tell other instances of an API key change; their caches expire it in time');
      }
    },
    subscribe(listener) {
      listeners.push(listener);
    },
    close: () => listener.close(),
  };
}
