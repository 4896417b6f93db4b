import type { SystemCredentials } from '../../config/index.js';
import type { SystemName } from '../../config/SystemName.js';
import type { CacheType } from './cache/CacheType.js';
import type { ConnectorDeps } from './connectorDeps.js';
import type { ErrorDescriber } from './createUpstreamClient.js';

/**
 * Everything the gateway needs from one system's connector folder, in one value: how to build the
 * connector, how to authenticate to the system and read its errors, what of its records may be
 * cached, and which webhook source tells of their changes. A new system is a folder exporting one.
 */
export interface SystemConnector<S extends SystemName, C> {
  readonly system: S;
  create(deps: ConnectorDeps<S>): C;
  /** Headers that authenticate every request to the system. */
  authHeaders(credentials: SystemCredentials[S]): Record<string, string>;
  describeError: ErrorDescriber;
  /** The record types the entity cache may keep. */
  readonly cacheTypes: readonly CacheType<never, never>[];
  /** The built-in webhook source announcing changes to those records, and the tags one of its events changes. */
  readonly changes?: { readonly source: string; tagsOf(event: unknown): string[] };
}

/** For systems answering errors without a useful body (Odoo answers its own inside HTTP 200). */
export const describeHttpStatus: ErrorDescriber = (status) => ({ message: `HTTP ${status}` });
