import { z } from 'zod';
import type { ConfigSection } from './ConfigSection.js';

/** Where cached records live: Redis is shared by every instance, memory is this process's own. */
export type CacheStoreKind = 'memory' | 'redis';

export interface CacheConfig {
  readonly enabled: boolean;
  /** Undefined: Redis when REDIS_URL is set, memory otherwise. */
  readonly store: CacheStoreKind | undefined;
  /** Bound of the in-process store, in bytes of the records' JSON. */
  readonly memoryMaxBytes: number;
  /** How old a record may be and still be served when its system fails. */
  readonly maxStaleSeconds: number;
  /** Freshness by record type (`system.type` → seconds) over the types' own defaults; 0 stops caching that type. */
  readonly freshness: Readonly<Record<string, number>>;
  readonly keyPrefix: string;
}

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const TYPE_NAME = /^[a-z]+\.[a-zA-Z]+$/;

const freshnessList = z
  .string()
  .optional()
  .transform((value, context) => {
    const freshness: Record<string, number> = {};
    for (const entry of (value ?? '').split(',').map((item) => item.trim()).filter(Boolean)) {
      const [name = '', seconds = ''] = entry.split('=').map((part) => part.trim());
      if (!TYPE_NAME.test(name) || !/^\d+$/.test(seconds) || Number(seconds) > 86_400 * 30) {
        context.addIssue({ code: 'custom', message: `"${entry.slice(0, 60)}" is not <system>.<type>=<seconds> (0 to 2592000), e.g. crm.contact=60` });
        continue;
      }
      freshness[name] = Number(seconds);
    }
    return freshness;
  });

export const cacheConfigSection: ConfigSection<CacheConfig> = {
  variables: [
    { name: 'CACHE', default: 'on', meaning: 'Entity cache of upstream records (never of answers), kept fresh by the systems\' own change notifications: on | off' },
    { name: 'CACHE_STORE', default: 'auto', meaning: 'auto: Redis at REDIS_URL when set (shared by every instance), else memory; memory | redis force it' },
    { name: 'CACHE_MEMORY_MAX_MB', default: '64', meaning: 'Bound of the in-process cache (records\' JSON size); the least recently used go first' },
    { name: 'CACHE_MAX_STALE_SECONDS', default: '86400', meaning: 'When a system fails, records past freshness but at most this old are served instead, and extensions.stale says so' },
    {
      name: 'CACHE_FRESHNESS',
      default: '',
      meaning:
        'Seconds a record type stays fresh without a change notification, comma-separated <system>.<type>=<seconds> over the defaults (README, Caching); 0 stops caching that type, e.g. crm.owners=3600,shipping.tracker=0',
    },
    { name: 'CACHE_KEY_PREFIX', default: 'switchyard:cache:', meaning: 'Prefix of the cache keys in Redis' },
  ],
  read(read) {
    const store = read('CACHE_STORE', z.enum(['auto', 'memory', 'redis']));
    return {
      enabled: read('CACHE', z.enum(['on', 'off']).transform((value) => value === 'on')),
      store: store === 'auto' ? undefined : store,
      memoryMaxBytes: read('CACHE_MEMORY_MAX_MB', integer(1, 65_536)) * 1024 * 1024,
      maxStaleSeconds: read('CACHE_MAX_STALE_SECONDS', integer(0, 86_400 * 30)),
      freshness: read('CACHE_FRESHNESS', freshnessList),
      keyPrefix: read('CACHE_KEY_PREFIX', z.string().min(1).max(200)),
    };
  },
};
