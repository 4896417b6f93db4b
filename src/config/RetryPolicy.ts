/** Per-system retry settings; every number comes from configuration. */
export interface RetryPolicy {
  /** Retries after the first attempt (4 gives delays of 1 s, 2 s, 4 s, 8 s). */
  readonly limit: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the call fails with retryAfter instead. */
  readonly maxRetryAfterMs: number;
  /** Fraction of each delay randomised (0.2 = ±20 %), so many clients do not retry in lockstep. */
  readonly jitter: number;
}

/** The design's default: 1 s, 2 s, 4 s, 8 s with ±20 % jitter. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  limit: 4,
  baseDelayMs: 1000,
  maxDelayMs: 8000,
  maxRetryAfterMs: 30_000,
  jitter: 0.2,
});
