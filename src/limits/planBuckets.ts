import type { Principal } from '../auth/Principal.js';
import type { BucketSpec } from './LimiterStore.js';
import type { Plan } from '../config/Plan.js';

export interface RequestWindow {
  readonly name: 'minute' | 'hour' | 'day';
  readonly seconds: number;
  readonly quota: number;
}

export interface PlanBuckets {
  readonly windows: readonly RequestWindow[];
  /** One request, from each window. */
  readonly requests: readonly BucketSpec[];
  /** `units` query-cost points (0 reads the bucket, negative refunds). */
  cost(units: number): BucketSpec;
}

/**
 * A principal's buckets. Keys carry the principal in a Redis Cluster hash tag, so that one script
 * may touch all of them; the id is URI-encoded so a brace in it cannot end the tag.
 */
export function planBuckets(keyPrefix: string, principal: Principal, plan: Plan): PlanBuckets {
  const partition = `${keyPrefix}{${principal.kind}:${encodeURIComponent(principal.id)}}`;
  const windows: RequestWindow[] = [
    { name: 'minute', seconds: 60, quota: plan.requests.perMinute },
    { name: 'hour', seconds: 3_600, quota: plan.requests.perHour },
    { name: 'day', seconds: 86_400, quota: plan.requests.perDay },
  ];
  return {
    windows,
    requests: windows.map((window) => ({
      key: `${partition}:${window.name}`,
      capacity: window.quota,
      intervalMs: (window.seconds * 1000) / window.quota,
      cost: 1,
    })),
    cost: (units) => ({
      key: `${partition}:cost`,
      capacity: plan.cost.maximumAvailable,
      intervalMs: 1000 / plan.cost.restoreRate,
      cost: units,
    }),
  };
}
