import type { SystemName } from '../../../config/SystemName.js';

export interface HitCounts {
  readonly hits: number;
  readonly misses: number;
  readonly stale: number;
}

const BUCKET_MS = 60_000;
const BUCKETS = 5;

/** Lookups per system over the last five minutes, in one-minute buckets, for the status page. */
export function createHitCounts(now: () => number = Date.now) {
  const buckets = new Map<SystemName, { minute: number; hits: number; misses: number; stale: number }[]>();
  return {
    add(system: SystemName, counts: HitCounts): void {
      const minute = Math.floor(now() / BUCKET_MS);
      let list = buckets.get(system);
      if (!list) buckets.set(system, (list = []));
      let bucket = list.at(-1);
      if (bucket?.minute !== minute) {
        list.push((bucket = { minute, hits: 0, misses: 0, stale: 0 }));
        if (list.length > BUCKETS) list.shift();
      }
      bucket.hits += counts.hits;
      bucket.misses += counts.misses;
      bucket.stale += counts.stale;
    },
    of(system: SystemName): HitCounts {
      const oldest = Math.floor(now() / BUCKET_MS) - BUCKETS + 1;
      const total = { hits: 0, misses: 0, stale: 0 };
      for (const bucket of buckets.get(system) ?? []) {
        if (bucket.minute < oldest) continue;
        total.hits += bucket.hits;
        total.misses += bucket.misses;
        total.stale += bucket.stale;
      }
      return total;
    },
  };
}
