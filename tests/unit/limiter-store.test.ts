import { describe, expect, it } from 'vitest';
import { createMemoryLimiterStore } from '../../src/limits/createMemoryLimiterStore.js';
import type { BucketSpec } from '../../src/limits/LimiterStore.js';
import { rateLimitHeaders } from '../../src/limits/rateLimitHeaders.js';

/** A store on a clock the test moves, so no assertion depends on real time. */
function storeAt(start = 1_000_000) {
  let now = start;
  return { store: createMemoryLimiterStore(() => now), advance: (ms: number) => void (now += ms) };
}

const minute = (cost = 1): BucketSpec => ({ key: 'p:minute', capacity: 3, intervalMs: 20_000, cost });
const hour = (cost = 1): BucketSpec => ({ key: 'p:hour', capacity: 5, intervalMs: 720_000, cost });

describe('memory limiter store (GCRA)', () => {
  it('lets a full burst through, refuses the next with the time until one unit is back', async () => {
    const { store } = storeAt();
    const remaining = [];
    for (let i = 0; i < 3; i += 1) remaining.push((await store.take([minute()])).buckets[0]!.remaining);
    expect(remaining).toEqual([2, 1, 0]);
    const refused = await store.take([minute()]);
    expect(refused.allowed).toBe(false);
    expect(refused.buckets[0]).toEqual({ remaining: 0, resetMs: 60_000, retryAfterMs: 20_000 });
  });

  it('restores one unit per interval', async () => {
    const { store, advance } = storeAt();
    for (let i = 0; i < 3; i += 1) await store.take([minute()]);
    advance(19_999);
    expect((await store.take([minute()])).allowed).toBe(false);
    advance(1);
    const taken = await store.take([minute()]);
    expect(taken.allowed).toBe(true);
    expect(taken.buckets[0]!.remaining).toBe(0);
    advance(60_000);
    expect((await store.take([minute(0)])).buckets[0]).toEqual({ remaining: 3, resetMs: 0, retryAfterMs: 0 });
  });

  it('takes from all buckets or from none', async () => {
    const { store } = storeAt();
    for (let i = 0; i < 3; i += 1) await store.take([minute(), hour()]);
    const refused = await store.take([minute(), hour()]);
    expect(refused.allowed).toBe(false);
    // The hour bucket was not charged for the refused request.
    expect(refused.buckets[1]!.remaining).toBe(2);
    expect(refused.buckets[1]!.retryAfterMs).toBe(0);
  });

  it('gives refunds back, never beyond full', async () => {
    const { store } = storeAt();
    const cost = (units: number): BucketSpec => ({ key: 'p:cost', capacity: 100, intervalMs: 1000 / 50, cost: units });
    expect((await store.take([cost(80)])).buckets[0]!.remaining).toBe(20);
    expect((await store.take([cost(30)])).allowed).toBe(false);
    expect((await store.take([cost(-60)])).buckets[0]!.remaining).toBe(80);
    expect((await store.take([cost(-500)])).buckets[0]!.remaining).toBe(100);
  });
});

describe('RateLimit headers', () => {
  it('follow the draft: a list of named policies with integer parameters', () => {
    expect(
      rateLimitHeaders([
        { name: 'minute', quota: 60, windowSeconds: 60, remaining: 59, nextSeconds: 1 },
        { name: 'day', quota: 10000, windowSeconds: 86400, remaining: 10000, nextSeconds: undefined },
      ]),
    ).toEqual({
      'ratelimit-policy': '"minute";q=60;w=60, "day";q=10000;w=86400',
      ratelimit: '"minute";r=59;t=1, "day";r=10000',
    });
  });
});
