import type { RetryPolicy } from '../../config/RetryPolicy.js';

/** A group's retry settings: the bus-wide ones, with what the subscriber overrides. */
export function retryOf(defaults: RetryPolicy, overrides: Partial<RetryPolicy> | undefined): RetryPolicy {
  const retry = { ...defaults, ...overrides };
  if (!Number.isInteger(retry.limit) || retry.limit < 0) throw new Error(`retry limit must be a whole number >= 0, got ${retry.limit}`);
  if (!(retry.baseDelayMs > 0) || !(retry.maxDelayMs >= retry.baseDelayMs)) {
    throw new Error(`retry delays must satisfy 0 < base (${retry.baseDelayMs}) <= max (${retry.maxDelayMs})`);
  }
  return retry;
}
