import type { BucketState } from './LimiterStore.js';
import type { Plan } from '../config/Plan.js';

/** `extensions.cost` of every GraphQL response, in the shape Shopify's Admin API reports it. */
export interface QueryCost {
  readonly requestedQueryCost: number;
  readonly actualQueryCost: number;
  readonly throttleStatus: {
    readonly maximumAvailable: number;
    readonly currentlyAvailable: number;
    readonly restoreRate: number;
  };
}

export function queryCost(plan: Plan, requested: number, actual: number, bucket: BucketState): QueryCost {
  return {
    requestedQueryCost: requested,
    actualQueryCost: actual,
    throttleStatus: {
      maximumAvailable: plan.cost.maximumAvailable,
      currentlyAvailable: Math.min(bucket.remaining, plan.cost.maximumAvailable),
      restoreRate: plan.cost.restoreRate,
    },
  };
}
