import type { CacheStoreKind } from '../../../config/cacheConfig.js';

/** What a store keeps of one upstream record. */
export interface CacheRecord {
  readonly value: unknown;
  /** The attributes it was read with (a selective read); null: the whole record. */
  readonly attributes: ReadonlySet<string> | null;
  /** The store's clock when the read that produced it started: a change after this makes it stale. */
  readonly readAt: number;
}

export interface StoredEntry extends CacheRecord {
  /** When one of its tags changed after it was read; null while nothing has. */
  readonly changedAt: number | null;
}

export interface EntryToStore {
  readonly key: string;
  readonly record: CacheRecord;
  readonly tags: readonly string[];
  /** How long the store keeps it at all: freshness plus the maximum stale age. */
  readonly keepMs: number;
}

/** Where entries live: this process's memory, or Redis shared by every instance. */
export interface EntityStore {
  readonly kind: CacheStoreKind;
  /** The clock entries are stamped with; Redis's own for the shared store, so instances agree. */
  now(): number;
  get(keys: readonly string[]): Promise<(StoredEntry | undefined)[]>;
  /**
   * Stores entries and indexes them by tag. A tag that changed after an entry's `readAt` (a change
   * seen while its read was on the way) marks it changed at once.
   */
  put(entries: readonly EntryToStore[]): Promise<void>;
  /** Marks every entry of these tags, and any read before now and stored later, as changed now. */
  invalidate(tags: readonly string[]): Promise<void>;
  /** Removes the entry `key`, or with `prefix` every entry whose key starts with it; answers how many. */
  drop(key: string, options?: { readonly prefix: boolean }): Promise<number>;
  close(): Promise<void>;
}
