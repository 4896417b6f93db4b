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

/** The misses of one type from every request in one turn of the event loop, read from the system together. */
interface Batch {
  readonly keys: unknown[];
  readonly entryKeys: string[];
  /** Widened by each miss that joins; null: whole records. */
  attributes: Set<string> | null;
  readonly load: Load<unknown, unknown>;
  readonly slots: Map<string, Slot>;
}

interface Slot {
  readonly value: Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

function slot(): Slot {
  let resolve!: Slot['resolve'];
  let reject!: Slot['reject'];
  const value = new Promise<unknown>((settle, fail) => {
    resolve = settle;
    reject = fail;
  });
  // Each waiter handles a failure itself; this keeps one nobody waits for any more from counting as unhandled.
  value.catch(() => undefined);
  return { value, resolve, reject };
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
  const hitCounts = createHitCounts();
  const inFlight = new Map<string, InFlight>();
  const pending = new Map<string, Batch>();
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

  /**
   * One miss, read with the other misses of its type that requests met in this turn of the event loop
   * (setImmediate: after the I/O callbacks of the turn), in one upstream call through the first one's
   * load. Records are not per-principal, so whose request reads them does not matter.
   */
  function batched<K, V>(type: CacheType<K, V>, entryKey: string, key: K, attributes: ReadonlySet<string> | undefined, load: Load<K, V>, keepMs: number): Promise<unknown> {
    const name = qualifiedName(type);
    let batch = pending.get(name);
    if (!batch) {
      const created: Batch = { keys: [], entryKeys: [], attributes: type.selective ? new Set() : null, load: load as Load<unknown, unknown>, slots: new Map() };
      pending.set(name, (batch = created));
      setImmediate(() => void dispatch(type, created, keepMs));
    }
    if (attributes === undefined) batch.attributes = null;
    else if (batch.attributes) for (const attribute of attributes) batch.attributes.add(attribute);
    let waiting = batch.slots.get(entryKey);
    if (!waiting) {
      batch.slots.set(entryKey, (waiting = slot()));
      batch.keys.push(key);
      batch.entryKeys.push(entryKey);
    }
    return waiting.value;
  }

  async function dispatch<K, V>(type: CacheType<K, V>, batch: Batch, keepMs: number): Promise<void> {
    if (pending.get(qualifiedName(type)) === batch) pending.delete(qualifiedName(type));
    const flights = batch.entryKeys.map((entryKey): [string, InFlight] => [entryKey, { attributes: batch.attributes, value: batch.slots.get(entryKey)!.value }]);
    for (const [entryKey, flight] of flights) inFlight.set(entryKey, flight);
    const readAt = store.now();
    try {
      const values = await batch.load(batch.keys, batch.attributes ?? undefined);
      batch.entryKeys.forEach((entryKey, index) => batch.slots.get(entryKey)!.resolve(values[index]));
      await keep(
        batch.entryKeys.map((entryKey, index) => ({
          key: entryKey,
          record: { value: values[index], attributes: batch.attributes, readAt },
          tags: type.tagsOf(batch.keys[index] as K, values[index] as V),
          keepMs,
        })),
      );
    } catch (error) {
      for (const waiting of batch.slots.values()) waiting.reject(error);
    } finally {
      for (const [entryKey, flight] of flights) if (inFlight.get(entryKey) === flight) inFlight.delete(entryKey);
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
      let stale = 0;
      const miss = async (index: number): Promise<V | Error> => {
        const entry = entries[index];
        const entryKey = entryKeys[index]!;
        const joined = inFlight.get(entryKey);
        try {
          if (joined && covers(joined.attributes, wanted)) return (await joined.value) as V;
          // A record read again keeps what it was read with, so the entry goes on covering its earlier readers.
          const attributes = type.selective && wanted !== undefined ? new Set([...wanted, ...(entry?.attributes ?? [])]) : undefined;
          return (await batched(type, entryKey, keys[index]!, attributes, load, freshMs + maxStaleMs)) as V;
        } catch (error) {
          if (policy.onStale && servesStale(error) && entry && covers(entry.attributes, wanted) && store.now() - entry.readAt <= maxStaleMs) {
            stale += 1;
            policy.onStale(type.system, store.now() - entry.readAt);
            return entry.value as V;
          }
          return error instanceof Error ? error : new Error(String(error));
        }
      };
      // Hits are answered in place; only misses wait.
      const results: (V | Error | Promise<V | Error>)[] = entries.map((entry, index) =>
        entry && entry.changedAt === null && now - entry.readAt < freshMs && !policy.reload && covers(entry.attributes, wanted) ? (entry.value as V) : miss(index),
      );
      const waits = results.filter((result) => result instanceof Promise).length;
      const settled = waits === 0 ? (results as (V | Error)[]) : await Promise.all(results);
      const hits = keys.length - waits;
      const counts = { hits, misses: keys.length - hits - stale, stale };
      hitCounts.add(type.system, counts);
      observer?.looked?.(type.system, type.name, counts);
      return settled;
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

    hitCounts: (system) => hitCounts.of(system),
  };
}
