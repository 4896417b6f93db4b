import { EPSILON, type BucketSpec, type BucketState, type LimiterStore, type TakeResult } from './LimiterStore.js';

/** Takes between two sweeps of buckets that are full again, which are then the same as absent. */
const SWEEP_EVERY = 10_000;

/** Buckets in this process: right for one instance; several instances need the Redis store. */
export function createMemoryLimiterStore(now: () => number = Date.now): LimiterStore {
  const arrivals = new Map<string, number>();
  let takesSinceSweep = 0;

  function sweep(at: number): void {
    for (const [key, tat] of arrivals) if (tat <= at) arrivals.delete(key);
  }

  return {
    kind: 'memory',
    async take(specs: readonly BucketSpec[]): Promise<TakeResult> {
      const at = now();
      if (++takesSinceSweep >= SWEEP_EVERY) {
        takesSinceSweep = 0;
        sweep(at);
      }
      const current = specs.map((spec) => Math.max(arrivals.get(spec.key) ?? at, at));
      const next = specs.map((spec, i) => Math.max(at, current[i]! + spec.cost * spec.intervalMs));
      const excess = specs.map((spec, i) => (spec.cost > 0 ? next[i]! - at - spec.capacity * spec.intervalMs : 0));
      const allowed = excess.every((value) => value <= EPSILON);
      const buckets = specs.map((spec, i): BucketState => {
        const tat = allowed ? next[i]! : current[i]!;
        if (allowed && spec.cost !== 0) {
          if (tat > at) arrivals.set(spec.key, tat);
          else arrivals.delete(spec.key);
        }
        return {
          remaining: Math.max(0, Math.floor((spec.capacity * spec.intervalMs - (tat - at)) / spec.intervalMs + EPSILON)),
          resetMs: Math.ceil(tat - at),
          retryAfterMs: excess[i]! > EPSILON ? Math.ceil(excess[i]!) : 0,
        };
      });
      return { allowed, buckets };
    },
    async close() {
      arrivals.clear();
    },
  };
}
