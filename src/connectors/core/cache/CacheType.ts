import type { SystemName } from '../../../config/SystemName.js';

/**
 * One kind of upstream record the entity cache keeps (a partner, a contact by email, the payments of
 * a customer), declared by its system's connector: how a lookup key names an entry, and which change
 * notifications make an entry stale.
 */
export interface CacheType<K, V> {
  readonly system: SystemName;
  /** Unique within the system, e.g. `partner`; `CACHE_FRESHNESS` names it `erp.partner`. */
  readonly name: string;
  /** Seconds a record stays fresh without a notification, unless CACHE_FRESHNESS says otherwise. */
  readonly freshSeconds: number;
  /**
   * Whether the system's change notifications (webhooks, the ERP poll) cover this type. When they
   * are not configured, such a type falls back to a short freshness, since nothing would tell it of a change.
   */
  readonly announced: boolean;
  /** Records read attribute by attribute (a projection); others are read and kept whole. */
  readonly selective: boolean;
  keyOf(key: K): string;
  /** The tags a change notification names; an entry is stale once one of its tags changes after it was read. */
  tagsOf(key: K, value: V): readonly string[];
}

export type CacheTypeSpec<K, V> = Omit<CacheType<K, V>, 'announced' | 'selective' | 'keyOf'> &
  Partial<Pick<CacheType<K, V>, 'announced' | 'selective' | 'keyOf'>>;

/** Declares a cached record type: announced by its system's notifications, read whole, keyed by `String(key)` unless said otherwise. */
export function cacheType<K, V>(spec: CacheTypeSpec<K, V>): CacheType<K, V> {
  return { announced: true, selective: false, keyOf: String, ...spec };
}

/** How CACHE_FRESHNESS and the admin API name a type: `erp.partner`. */
export const qualifiedName = (type: Pick<CacheType<unknown, unknown>, 'system' | 'name'>): string => `${type.system}.${type.name}`;
