import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import type { SystemName } from '../config/SystemName.js';
import type { CacheObserver } from '../connectors/core/cache/CacheObserver.js';
import { createChangeFanout, type ChangeFanout } from '../connectors/core/cache/createChangeFanout.js';
import { createEntityCache, type EntityCache } from '../connectors/core/cache/createEntityCache.js';
import { createMemoryEntityStore } from '../connectors/core/cache/createMemoryEntityStore.js';
import { createRedisEntityStore } from '../connectors/core/cache/createRedisEntityStore.js';
import type { EntityStore } from '../connectors/core/cache/EntityStore.js';
import { CACHE_TYPES, WEBHOOK_CHANGES } from '../connectors/createConnectors.js';
import type { ErpChanges, WatchedModel } from '../connectors/erp/erpChanges.js';
import type { Store } from '../store/createStore.js';
import type { Feature } from './Feature.js';

export interface CacheFeature extends Feature {
  readonly cache: EntityCache;
  /** The ERP poll's listener that marks what the ERP wrote as changed. */
  erpChanges(model: WatchedModel, changes: ErpChanges): Promise<void>;
}

/** The systems whose change notifications reach this gateway: configured webhook sources, and the ERP poll. */
function announcingSystems(config: Config): Set<SystemName> {
  const systems = new Set<SystemName>();
  for (const source of config.webhooks.sources) {
    const announced = WEBHOOK_CHANGES.get(source.name);
    if (source.secrets.length > 0 && announced) systems.add(announced.system);
  }
  if (config.polling.erpSeconds > 0) systems.add('erp');
  return systems;
}

/**
 * The entity cache: in Redis when REDIS_URL is set (every instance reads and invalidates the same
 * entries), else in memory, with changes told to the other instances over PostgreSQL NOTIFY.
 */
export async function createCacheFeature(deps: {
  config: Config;
  store: Store;
  redis: Redis | undefined;
  logger: Logger;
  observer?: CacheObserver;
}): Promise<CacheFeature> {
  const { config, logger } = deps;
  const maxFreshMs = Math.max(...CACHE_TYPES.map((type) => type.freshSeconds), ...Object.values(config.cache.freshness)) * 1000;
  const kind = config.cache.store ?? (deps.redis ? 'redis' : 'memory');
  let fanout: ChangeFanout | undefined;
  let entities: EntityStore;
  if (kind === 'redis' && deps.redis) {
    entities = await createRedisEntityStore(deps.redis, { prefix: config.cache.keyPrefix, markerKeepMs: maxFreshMs + config.cache.maxStaleSeconds * 1000 });
  } else {
    const memory = createMemoryEntityStore({ maxBytes: config.cache.memoryMaxBytes });
    entities = memory;
    if (config.cache.enabled) {
      fanout = await createChangeFanout({
        pool: deps.store.pool,
        databaseUrl: deps.store.databaseUrl,
        schema: deps.store.schema,
        logger,
        // Notifications arrive as events, after the cache below exists.
        onChanged: (tags) => void cache.changed(tags, 'instance'),
        onDropped: (scope) => void cache.drop(scope, 'instance'),
        onMissed: () => memory.invalidateAll(),
      });
    }
  }
  const cache = createEntityCache({
    config: config.cache,
    store: entities,
    types: CACHE_TYPES,
    announcing: announcingSystems(config),
    logger,
    observer: deps.observer,
    broadcast: fanout,
  });

  return {
    cache: cache,
    /** Tags the ERP poll's changes change, once it runs (the ERP announces nothing of its own). */
    erpChanges: async (_model, changes) => cache.changed(changes.tags, 'poll:erp'),
    async close() {
      await fanout?.close();
      await entities.close();
    },
  };
}
