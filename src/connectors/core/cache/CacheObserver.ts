import type { SystemName } from '../../../config/SystemName.js';

/** What the entity cache tells metrics about. */
export interface CacheObserver {
  /** One batch of lookups of a type: fresh hits, misses read from the system, stale records served in a failure. */
  looked?(system: SystemName, type: string, counts: { readonly hits: number; readonly misses: number; readonly stale: number }): void;
  /** Tags of a system changed, and who said so: `webhook:stripe`, `poll:erp`, `gateway` (our own writes), `admin`, `instance` (another instance). */
  invalidated?(system: string, source: string, tags: number): void;
}
