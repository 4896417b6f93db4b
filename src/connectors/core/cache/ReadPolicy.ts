import type { SystemName } from '../../../config/SystemName.js';

/** How one request reads through the entity cache. */
export interface ReadPolicy {
  /** `Cache-Control: no-cache`: the system is asked even when a fresh record is cached. */
  readonly reload: boolean;
  /**
   * Present: when a system fails, a cached record within the maximum stale age is served instead,
   * and each one is reported here (the oldest per system goes to `extensions.stale`). Absent: never.
   */
  readonly onStale?: (system: SystemName, ageMs: number) => void;
}
