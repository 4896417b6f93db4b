import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETRY_POLICY,
  isTransientStatus,
  parseRetryAfterSeconds,
  retryDelayMs,
} from '../../src/connectors/core/retryPolicy.js';

const noJitter = { ...DEFAULT_RETRY_POLICY, jitter: 0 };

describe('retry policy', () => {
  it('backs off 1 s, 2 s, 4 s, 8 s by default and stops after the limit', () => {
    const delays = [1, 2, 3, 4, 5].map((attempt) => retryDelayMs({ attempt, policy: noJitter }));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 0]);
  });

  it('caps the backoff at the maximum delay', () => {
    const policy = { ...noJitter, limit: 8, maxDelayMs: 3000 };
    expect(retryDelayMs({ attempt: 6, policy })).toBe(3000);
  });

  it('spreads each delay by the jitter fraction, never beyond it', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, jitter: 0.2 };
    expect(retryDelayMs({ attempt: 2, policy, random: () => 0 })).toBe(1600);
    expect(retryDelayMs({ attempt: 2, policy, random: () => 0.999999 })).toBe(2400);
    expect(retryDelayMs({ attempt: 2, policy, random: () => 0.5 })).toBe(2000);
  });

  it('waits what Retry-After says instead of the backoff', () => {
    expect(retryDelayMs({ attempt: 1, retryAfterMs: 3000, policy: noJitter })).toBe(3000);
  });

  it('gives up when Retry-After is longer than the longest wait allowed', () => {
    expect(retryDelayMs({ attempt: 1, retryAfterMs: 60_000, policy: noJitter })).toBe(0);
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
