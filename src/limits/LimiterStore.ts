/**
 * Rate limits and the query-cost budget are token buckets run as GCRA (generic cell rate algorithm):
 * a bucket stores one timestamp, the "theoretical arrival time" by which it will be full again, so a
 * take is one read and one write, exact to the millisecond, with no timer refilling anything.
 */
export interface BucketSpec {
  readonly key: string;
  /** Units the bucket holds when full: the burst a principal may spend at once. */
  readonly capacity: number;
  /** Milliseconds to restore one unit (a window divided by its quota, or 1000 / restore rate). */
  readonly intervalMs: number;
  /** Units to take; 0 only reads the bucket; negative gives units back (never beyond full). */
  readonly cost: number;
}

export interface BucketState {
  /** Whole units left after this take (or, when refused, before it). */
  readonly remaining: number;
  /** Milliseconds until the bucket is full again. */
  readonly resetMs: number;
  /** When this bucket refused the take: milliseconds until it holds enough; 0 otherwise. */
  readonly retryAfterMs: number;
}

export interface TakeResult {
  readonly allowed: boolean;
  /** In the order of the specs taken. */
  readonly buckets: readonly BucketState[];
}

export interface LimiterStore {
  readonly kind: 'memory' | 'redis';
  /** Takes from every bucket, or from none when one of them lacks the units; atomic. */
  take(buckets: readonly BucketSpec[]): Promise<TakeResult>;
  close(): Promise<void>;
}

/** Floating-point slack so that 59.999999 units left count as 60. */
export const EPSILON = 1e-6;
