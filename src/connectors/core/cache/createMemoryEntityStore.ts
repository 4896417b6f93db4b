import type { CacheRecord, EntityStore, EntryToStore, StoredEntry } from './EntityStore.js';

/** Answered as it is (a StoredEntry), so a hit allocates nothing. */
interface MemoryEntry extends CacheRecord {
  changedAt: number | null;
  readonly tags: readonly string[];
  readonly bytes: number;
  readonly expiresAt: number;
  /** The use count when it last moved to the back of the eviction order. */
  touched: number;
}

/** A change seen while a read is on its way must still reach the entry the read stores: reads end well within this. */
const TAG_CHANGE_MEMORY_MS = 5 * 60_000;
/** Per entry, beside its value's JSON: key, tags, bookkeeping. */
const ENTRY_OVERHEAD_BYTES = 200;

export interface MemoryEntityStore extends EntityStore {
  readonly kind: 'memory';
  /** Everything read before now is stale: changes may have gone unseen (another instance's, while unheard). */
  invalidateAll(): void;
  /** Bytes held, for tests and the status page. */
  bytes(): number;
}

/**
 * Entries in this process, least recently used first out once `maxBytes` of their JSON is held.
 * Right for one instance; several instances share the Redis store (or hear each other's changes).
 */
export function createMemoryEntityStore(options: { readonly maxBytes: number; readonly now?: () => number }): MemoryEntityStore {
  const now = options.now ?? Date.now;
  const entries = new Map<string, MemoryEntry>();
  const byTag = new Map<string, Set<string>>();
  const tagChangedAt = new Map<string, number>();
  let allChangedAt = 0;
  let bytes = 0;
  let uses = 0;

  function remove(key: string): void {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= entry.bytes;
    for (const tag of entry.tags) {
      const keys = byTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) byTag.delete(tag);
    }
  }

  function forgetOldTagChanges(at: number): void {
    for (const [tag, changed] of tagChangedAt) if (at - changed > TAG_CHANGE_MEMORY_MS) tagChangedAt.delete(tag);
  }

  return {
    kind: 'memory',
    now,
    async get(keys) {
      const at = now();
      return keys.map((key): StoredEntry | undefined => {
        const entry = entries.get(key);
        if (!entry) return undefined;
        if (entry.expiresAt <= at) {
          remove(key);
          return undefined;
        }
        // Recently used last: eviction takes from the front. An entry used again soon after its last
        // move stays where it is, so a hot entry does not pay for a move on every hit.
        uses += 1;
        if (uses - entry.touched > entries.size >> 2) {
          entries.delete(key);
          entries.set(key, entry);
          entry.touched = uses;
        }
        // A change in the very millisecond a read started may not be in it.
        if (allChangedAt >= entry.readAt && (entry.changedAt ?? 0) < allChangedAt) entry.changedAt = allChangedAt;
        return entry;
      });
    },
    async put(toStore: readonly EntryToStore[]) {
      for (const { key, record, tags, keepMs } of toStore) {
        remove(key);
        let changedAt: number | null = null;
        for (const tag of tags) {
          const changed = tagChangedAt.get(tag);
          if (changed !== undefined && changed >= record.readAt) changedAt = Math.max(changedAt ?? 0, changed);
        }
        const size = (JSON.stringify(record.value)?.length ?? 4) + key.length + ENTRY_OVERHEAD_BYTES;
        entries.set(key, { ...record, changedAt, tags, bytes: size, expiresAt: record.readAt + keepMs, touched: uses });
        bytes += size;
        for (const tag of tags) {
          let keys = byTag.get(tag);
          if (!keys) byTag.set(tag, (keys = new Set()));
          keys.add(key);
        }
      }
      for (const key of entries.keys()) {
        if (bytes <= options.maxBytes) break;
        remove(key);
      }
    },
    async invalidate(tags) {
      const at = now();
      if (tagChangedAt.size > 10_000) forgetOldTagChanges(at);
      for (const tag of tags) {
        tagChangedAt.set(tag, at);
        for (const key of byTag.get(tag) ?? []) {
          const entry = entries.get(key);
          if (entry) entry.changedAt = at;
        }
      }
    },
    invalidateAll() {
      allChangedAt = now();
    },
    async drop(dropped, scope) {
      const matching = scope?.prefix ? [...entries.keys()].filter((key) => key.startsWith(dropped)) : entries.has(dropped) ? [dropped] : [];
      for (const key of matching) remove(key);
      return matching.length;
    },
    bytes: () => bytes,
    async close() {
      entries.clear();
      byTag.clear();
      tagChangedAt.clear();
      bytes = 0;
    },
  };
}
