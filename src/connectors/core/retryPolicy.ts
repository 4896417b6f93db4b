import type { RetryPolicy } from '../../config/RetryPolicy.js';

/** Status codes that say "try again later" rather than "this request is wrong". */
export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599);
}

export const TRANSIENT_STATUS_CODES: readonly number[] = Array.from({ length: 600 }, (_, code) => code).filter(
  isTransientStatus,
);

/** Network-level failures worth another attempt: the request may never have reached the system. */
export const TRANSIENT_ERROR_CODES: readonly string[] = [
  'ETIMEDOUT',
  'ECONNRESET',
  'EADDRINUSE',
  'ECONNREFUSED',
  'EPIPE',
  'ENOTFOUND',
  'ENETUNREACH',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
];

/**
 * Milliseconds to wait before retry number `attempt` (1 for the first retry), or 0 to stop retrying.
 * The one backoff of everything that retries: HTTP calls, queued jobs, bus consumers, outbound
 * webhooks. Retry-After wins over backoff when the system gave one, because it knows its own
 * recovery time. `random` (in [0, 1)) is injectable so the jitter is testable.
 */
export function backoffDelay(policy: RetryPolicy, attempt: number, retryAfterMs?: number, random: () => number = Math.random): number {
  if (attempt < 1 || attempt > policy.limit) return 0;
  if (retryAfterMs !== undefined) {
    return retryAfterMs > policy.maxRetryAfterMs ? 0 : Math.max(retryAfterMs, 1);
  }
  const exponential = Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
  const spread = exponential * policy.jitter * (random() * 2 - 1);
  return Math.max(1, Math.round(exponential + spread));
}

/** Parses a Retry-After header (delta-seconds or HTTP date) into seconds; undefined when absent or invalid. */
export function parseRetryAfterSeconds(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? Math.ceil(seconds) : undefined;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}
