import type { IncomingHttpHeaders } from 'node:http';
import type { ReadPolicy } from '../connectors/core/cache/ReadPolicy.js';
import type { SystemName } from '../config/SystemName.js';

/** `Cache-Control: no-cache` (or `max-age=0`, or HTTP/1.0's `Pragma: no-cache`): the client wants the systems asked. */
function wantsReload(headers: IncomingHttpHeaders): boolean {
  const cacheControl = headers['cache-control'];
  if (cacheControl !== undefined) return /(^|[\s,])(no-cache|max-age\s*=\s*0)([\s,]|$)/i.test(cacheControl);
  return /no-cache/i.test(String(headers.pragma ?? ''));
}

/**
 * How one HTTP request reads through the entity cache: fresh records, or the systems when the client
 * says no-cache; either way a failed system's cached records are served stale (RFC 5861's
 * stale-if-error) and recorded in `stale`, the oldest per system.
 */
export function readPolicyOf(headers: IncomingHttpHeaders, stale: Map<SystemName, number>): ReadPolicy {
  return {
    reload: wantsReload(headers),
    onStale: (system, ageMs) => stale.set(system, Math.max(stale.get(system) ?? 0, ageMs)),
  };
}
