import type { SystemConfig } from '../../config/index.js';
import type { UpstreamClient } from './createUpstreamClient.js';
import type { SystemName } from '../../config/SystemName.js';

/** What every connector factory is given: its system's configuration and its resilient HTTP client. */
export interface ConnectorDeps<S extends SystemName> {
  readonly config: SystemConfig<S>;
  readonly client: UpstreamClient;
  /** Tells the entity cache that a write of ours changed these tags, so no instance serves what it replaced. */
  readonly changed: (tags: readonly string[]) => Promise<void>;
}
