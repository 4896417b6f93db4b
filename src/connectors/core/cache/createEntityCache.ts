import type { Logger } from 'pino';
import type { CacheConfig } from '../../../config/cacheConfig.js';
import { ConfigError } from '../../../config/index.js';
import type { SystemName } from '../../../config/SystemName.js';
import { throttledLog } from '../../../observability/throttledLog.js';
import type { CacheObserver } from './CacheObserver.js';
import { qualifiedName, type CacheType } from './CacheType.js';
import { createHitCounts, type HitCounts } from './createHitCounts.js';
import type { EntityStore, EntryToStore, StoredEntry } from './EntityStore.js';
import type { ReadPolicy } from './ReadPolicy.js';
import { servesStale } from './servesStale.js';

/** Reads the values of `keys` from the system, with at least these attributes (all of them when undefined). */
export type Load<K, V> = (keys: K[], attributes: ReadonlySet<string> | undefined) => Promise<readonly V[]>;

export interface EntityCache {
  /** Whether records of this type are kept (the cache is on and the type's freshness is not 0). */
  keeps(type: CacheType<never, never>): boolean;
  /**
   * The values of `keys`, fresh from the cache where it covers `wanted`, else from `load`, once per key
   * across concurrent callers. A key whose read failed gets its stale record when the policy allows one,
   * and the error otherwise.
   */
  read<K, V>(type: CacheType<K, V>, policy: ReadPolicy, keys: readonly K[], wanted: ReadonlySet<string> | undefined, load: Load<K, V>): Promise<(V | Error)[]>;
  /** These tags changed (a notification, a write of ours): entries naming them are stale from now on. */
  changed(tags: readonly string[], source: string): Promise<void>;
  /** Drops a system's entries, or a type's, or one record's (here, and told to the other instances); answers how many this instance held. */
  drop(scope: DropScope, source?: 'instance'): Promise<number>;
  /** Fresh hits, misses and stale serves per system over the last five minutes. */
  hitCounts(system: SystemName): HitCounts;
  /** Seconds a type stays fresh here, 0 when not cached: the defaults, CACHE_FRESHNESS, and what is announced. */
  freshSeconds(type: CacheType<never, never>): number;
}

/** What an operator drops: every entry of a system, of one of its types, or one record (`key` as its type keys it). */
export interface DropScope {
  readonly system: SystemName;
  readonly type?: string;
  readonly key?: string;
}

/** Tells the other instances, when they do not share the store (memory stores). */
export interface CacheBroadcast {
  changed(tags: readonly string[]): Promise<void>;
  dropped(scope: DropScope): Promise<void>;
}

export interface EntityCacheOptions {
  readonly config: CacheConfig;
  readonly store: EntityStore;
  /** Every type the connectors declare, so CACHE_FRESHNESS can only name real ones. */
  readonly types: readonly CacheType<never, never>[];
  /** Systems whose change notifications reach this gateway (configured webhooks, the ERP poll). */
  readonly announcing: ReadonlySet<SystemName>;
  readonly logger: Logger;
  readonly observer?: CacheObserver;
  readonly broadcast?: CacheBroadcast;
}

/** Freshness of an announced type whose system's notifications are not configured: nothing would say it changed. */
export const UNANNOUNCED_FRESH_SECONDS = 30;

interface InFlight {
  readonly attributes: ReadonlySet<string> | null;
  readonly value: Promise<unknown>;
}

const covers = (have: ReadonlySet<string> | null, wanted: ReadonlySet<string> | undefined): boolean => {
  if (have === null) return true;
  if (wanted === undefined) return false;
  for (const name of wanted) if (!have.has(name)) return false;
  return true;
};

const systemOfTag = (tag: string) => tag.slice(0, tag.indexOf(':'));

/**
 * Upstream records, never answers: authorization still runs on every request over whatever is read.
 * An entry is fresh until one of its tags changes (a system's own notification) or its freshness
 * runs out; when its system fails it is still served, within CACHE_MAX_STALE_SECONDS, as stale.
 */
export function createEntityCache(options: EntityCacheOptions): EntityCache {
  const { config, store, observer } = options;
  const log = options.logger.child({ component: 'entity-cache', store: store.kind });
  const logStoreFailure = throttledLog(log, 'cache store unavailable: reading through to the systems until it answers');
  const hits = createHitCounts();
  const inFlight = new Map<string, InFlight>();
  const maxStaleMs = config.maxStaleSeconds * 1000;

  const known = new Set(options.types.map(qualifiedName));
  const unknown = Object.keys(config.freshness).filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new ConfigError([`CACHE_FRESHNESS names ${unknown.join(', ')}, which are not cached record types; the types are ${[...known].sort().join(', ')}`]);
  }
  const freshness = new Map(
    options.types.map((type) => {
      const configured = config.freshness[qualifiedName(type)];
      const unannounced = type.announced && !options.announcing.has(type.system);
      const seconds = !config.enabled ? 0 : (configured ?? (unannounced ? Math.min(type.freshSeconds, UNANNOUNCED_FRESH_SECONDS) : type.freshSeconds));
      return [qualifiedName(type), seconds];
    }),
  );
  const freshSeconds = (type: CacheType<never, never>) => freshness.get(qualifiedName(type)) ?? 0;
  const quiet = options.types.filter((type) => type.announced && !options.announcing.has(type.system) && config.freshness[qualifiedName(type)] === undefined);
  if (config.enabled && quiet.length > 0) {
    log.warn(
      { types: quiet.map(qualifiedName), freshSeconds: UNANNOUNCED_FRESH_SECONDS },
      'no change notifications configured for these systems: their records stay fresh only briefly (set the webhook secrets, or CACHE_FRESHNESS)',
    );
  }

  async function stored(keys: string[]): Promise<(StoredEntry | undefined)[]> {
    try {
      return await store.get(keys);
    } catch (error) {
      logStoreFailure(error);
      return keys.map(() => undefined);
    }
  }

  async function keep(entries: EntryToStore[]): Promise<void> {
    try {
      await store.put(entries);
    } catch (error) {
      logStoreFailure(error);
    }
  }

  return {
    keeps: (type) => freshSeconds(type) > 0,
    freshSeconds,

    async read<K, V>(type: CacheType<K, V>, policy: ReadPolicy, keys: readonly K[], wanted: ReadonlySet<string> | undefined, load: Load<K, V>) {
      const freshMs = freshSeconds(type as CacheType<never, never>) * 1000;
      if (freshMs === 0) return [...(await load([...keys], wanted))];
      const name = qualifiedName(type);
      const entryKeys = keys.map((key) => `${name}:${type.keyOf(key)}`);
      const entries = await stored(entryKeys);
      const now = store.now();
      const results = new Array<V | Error>(keys.length);
      const missing: number[] = [];
      const waiting: [number, InFlight][] = [];
      entries.forEach((entry, index) => {
        const fresh = entry && entry.changedAt === null && now - entry.readAt < freshMs;
        if (fresh && !policy.reload && covers(entry.attributes, wanted)) {
          results[index] = entry.value as V;
          return;
        }
        const joined = inFlight.get(entryKeys[index]!);
        if (joined && covers(joined.attributes, wanted)) waiting.push([index, joined]);
        else missing.push(index);
      });
      let stale = 0;
      const fallBack = (index: number, error: unknown): V | Error => {
        const entry = entries[index];
        if (policy.onStale && servesStale(error) && entry && covers(entry.attributes, wanted) && store.now() - entry.readAt <= maxStaleMs) {
          stale += 1;
          policy.onStale(type.system, store.now() - entry.readAt);
          return entry.value as V;
        }
        return error instanceof Error ? error : new Error(String(error));
      };

      if (missing.length > 0) {
        // A record read again keeps what it was read with, so the entry goes on covering its earlier readers.
        let attributes: Set<string> | undefined;
        if (type.selective && wanted !== undefined) {
          attributes = new Set(wanted);
          for (const index of missing) for (const name of entries[index]?.attributes ?? []) attributes.add(name);
        }
        const readAt = store.now();
        const loading = load(missing.map((index) => keys[index]!), attributes);
        const mine = missing.map((index, position): [string, InFlight] => [
          entryKeys[index]!,
          { attributes: attributes ?? null, value: loading.then((values) => values[position]) },
        ]);
        for (const [key, flight] of mine) {
          inFlight.set(key, flight);
          // Joiners handle a failure themselves; this keeps it from counting as unhandled.
          flight.value.catch(() => undefined);
        }
        try {
          const values = await loading;
          missing.forEach((index, position) => (results[index] = values[position] as V));
          const keepMs = freshMs + maxStaleMs;
          await keep(
            missing.map((index, position) => ({
              key: entryKeys[index]!,
              record: { value: values[position], attributes: attributes ?? null, readAt },
              tags: type.tagsOf(keys[index]!, values[position] as V),
              keepMs,
            })),
          );
        } catch (error) {
          for (const index of missing) results[index] = fallBack(index, error);
        } finally {
          for (const [key, flight] of mine) if (inFlight.get(key) === flight) inFlight.delete(key);
        }
      }
      for (const [index, flight] of waiting) {
        try {
          results[index] = (await flight.value) as V;
        } catch (error) {
          results[index] = fallBack(index, error);
        }
      }
      const counts = { hits: keys.length - missing.length - waiting.length, misses: missing.length + waiting.length - stale, stale };
      hits.add(type.system, counts);
      observer?.looked?.(type.system, type.name, counts);
      return results;
    },

    async changed(tags, source) {
      if (tags.length === 0 || !config.enabled) return;
      try {
        await store.invalidate(tags);
      } catch (error) {
        logStoreFailure(error);
      }
      if (source !== 'instance') await options.broadcast?.changed(tags);
      const bySystem = new Map<string, number>();
      for (const tag of tags) bySystem.set(systemOfTag(tag), (bySystem.get(systemOfTag(tag)) ?? 0) + 1);
      for (const [system, count] of bySystem) observer?.invalidated?.(system, source, count);
      log.debug({ tags, source }, 'cache entries changed');
    },

    async drop(scope, source) {
      const { system, type, key } = scope;
      const dropped =
        type !== undefined && key !== undefined
          ? await store.drop(`${system}.${type}:${key}`)
          : await store.drop(type === undefined ? `${system}.` : `${system}.${type}:`, { prefix: true });
      if (source !== 'instance') await options.broadcast?.dropped(scope);
      log.info({ ...scope, dropped, source: source ?? 'admin' }, 'cache entries dropped');
      return dropped;
    },

    hitCounts: (system) => hits.of(system),
  };
}
