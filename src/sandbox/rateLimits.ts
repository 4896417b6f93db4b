import { z } from 'zod';
import type { SandboxSystem } from './SandboxSystem.js';

/** At most `requests` requests in any `windowMs` (a sliding window, as HubSpot's rolling limit counts). */
export const rateLimitSchema = z.strictObject({
  requests: z.number().int().positive(),
  windowMs: z.number().int().positive().max(86_400_000),
});

export type RateLimit = z.output<typeof rateLimitSchema>;

/**
 * The vendors' published limits, whole-system: a HubSpot Free/Starter private app (100 per 10 s),
 * Stripe in test mode (25 per second) and EasyPost's index endpoints (5 per second). Odoo sets none.
 */
export const VENDOR_RATE_LIMITS = Object.freeze({
  crm: Object.freeze({ requests: 100, windowMs: 10_000 }),
  payments: Object.freeze({ requests: 25, windowMs: 1000 }),
  shipping: Object.freeze({ requests: 5, windowMs: 1000 }),
}) satisfies Readonly<Partial<Record<SandboxSystem, RateLimit>>>;

/** What the limit made of one request: `remaining` is what the window has left after it. */
export interface RateLimitDecision {
  limit: RateLimit;
  allowed: boolean;
  remaining: number;
}

export interface RateLimiter {
  /** Sets the limit (undefined turns it off); the window starts empty. */
  set(limit: RateLimit | undefined): void;
  current(): RateLimit | undefined;
  /** Counts a request made at `nowMs` unless it is over the limit; undefined while no limit is on. */
  take(nowMs: number): RateLimitDecision | undefined;
  /** Empties the window; the limit stays. */
  reset(): void;
}

/** Keeps the times of the requests it let through in the current window; refused ones do not count. */
export function createRateLimiter(initial?: RateLimit): RateLimiter {
  let limit = initial;
  let accepted: number[] = [];
  return {
    set(next) {
      limit = next;
      accepted = [];
    },
    current: () => limit,
    take(nowMs) {
      if (!limit) return undefined;
      const { windowMs } = limit;
      // Times after now are from before a data reset moved the sandbox clock back: they no longer count.
      accepted = accepted.filter((at) => at > nowMs - windowMs && at <= nowMs);
      const allowed = accepted.length < limit.requests;
      if (allowed) accepted.push(nowMs);
      return { limit, allowed, remaining: limit.requests - accepted.length };
    },
    reset() {
      accepted = [];
    },
  };
}
