import { isUpstreamError } from '../UpstreamError.js';

/**
 * Failures that say the system cannot answer now (down, slow, breaker open, rate limited), when a
 * stale record beats no record. A refusal (4xx, garbage) is an answer about the request: it is not hidden.
 */
export function servesStale(error: unknown): boolean {
  return isUpstreamError(error) && error.kind !== 'rejected';
}
