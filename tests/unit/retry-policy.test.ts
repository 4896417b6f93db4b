import { describe, expect, it } from 'vitest';
import {
  isTransientStatus,
  parseRetryAfterSeconds,
  backoffDelay,
} from '../../src/connectors/core/retryPolicy.js';
import { DEFAULT_RETRY_POLICY } from '../../src/config/RetryPolicy.js';
import { parseConfig } from '../../src/config/index.js';

const noJitter = { ...DEFAULT_RETRY_POLICY, jitter: 0 };

describe('retry policy', () => {
  it('backs off 1 s, 2 s, 4 s, 8 s by default and stops after the limit', () => {
    const delays = [1, 2, 3, 4, 5].map((attempt) => backoffDelay(noJitter, attempt));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 0]);
  });

  it('caps the backoff at the maximum delay', () => {
    const policy = { ...noJitter, limit: 8, maxDelayMs: 3000 };
    expect(backoffDelay(policy, 6)).toBe(3000);
  });

  it('spreads each delay by the jitter fraction, never beyond it', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, jitter: 0.2 };
    expect(backoffDelay(policy, 2, undefined, () => 0)).toBe(1600);
    expect(backoffDelay(policy, 2, undefined, () => 0.999999)).toBe(2400);
    expect(backoffDelay(policy, 2, undefined, () => 0.5)).toBe(2000);
  });

  it('waits what Retry-After says instead of the backoff', () => {
    expect(backoffDelay(noJitter, 1, 3000)).toBe(3000);
  });

  it('gives up when Retry-After is longer than the longest wait allowed', () => {
    expect(backoffDelay(noJitter, 1, 60_000)).toBe(0);
  });

  it('is the one backoff of HTTP calls, queued jobs and bus consumers: each policy from configuration doubles from its base with jitter, capped', () => {
    const config = parseConfig({
      CRM_RETRY_JITTER: '0',
      CRM_JOB_RETRY_LIMIT: '6',
      CRM_JOB_RETRY_DELAY_SECONDS: '2',
      CRM_JOB_RETRY_MAX_DELAY_SECONDS: '10',
      WEBHOOK_DELIVERY_RETRY_DELAY_SECONDS: '30',
      EVENT_BUS_RETRY_DELAY_MS: '500',
      EVENT_BUS_RETRY_MAX_DELAY_MS: '1500',
    });
    const low = () => 0;
    const high = () => 0.999999;
    const delays = (policy: typeof DEFAULT_RETRY_POLICY, random: () => number) =>
      Array.from({ length: policy.limit + 1 }, (_, index) => backoffDelay(policy, index + 1, undefined, random));
    expect(delays(config.systems.crm.resilience.retry, low)).toEqual([1000, 2000, 4000, 8000, 0]);
    expect(delays(config.systems.crm.jobs, low)).toEqual([1600, 3200, 6400, 8000, 8000, 8000, 0]);
    expect(delays(config.systems.crm.jobs, high)).toEqual([2400, 4800, 9600, 12000, 12000, 12000, 0]);
    expect(backoffDelay(config.webhooks.delivery.retry, 1, undefined, low)).toBe(24_000);
    expect(delays(config.eventBus.retry, low)).toEqual([400, 800, 1200, 1200, 1200, 0]);
    // A job waits what its upstream's Retry-After asks, even past its backoff cap.
    expect(backoffDelay(config.systems.crm.jobs, 1, 60_000)).toBe(60_000);
  });

  it('treats 408, 429 and 5xx as transient and other 4xx as final', () => {
    expect([408, 429, 500, 502, 503, 504].every(isTransientStatus)).toBe(true);
    expect([400, 401, 403, 404, 409, 422].some(isTransientStatus)).toBe(false);
  });

  it('parses Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfterSeconds('7', now)).toBe(7);
    expect(parseRetryAfterSeconds('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfterSeconds('soon', now)).toBeUndefined();
    expect(parseRetryAfterSeconds(undefined, now)).toBeUndefined();
  });
});
