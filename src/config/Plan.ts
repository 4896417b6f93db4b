/** A field-level limit: at most `max` calls of one field per principal in `windowSeconds`. */
export interface FieldLimit {
  readonly max: number;
  readonly windowSeconds: number;
}

/** What one plan allows a principal. */
export interface Plan {
  readonly name: string;
  readonly requests: { readonly perMinute: number; readonly perHour: number; readonly perDay: number };
  /**
   * The query-cost budget as Shopify runs it: a leaky bucket holding up to `maximumAvailable`
   * points that refills at `restoreRate` points per second; one query may cost at most `maxQueryCost`.
   */
  readonly cost: { readonly maximumAvailable: number; readonly restoreRate: number; readonly maxQueryCost: number };
  /** Limits per schema coordinate, e.g. `Mutation.placeOrder`. */
  readonly fields: Readonly<Record<string, FieldLimit>>;
}

export type Plans = Readonly<Record<string, Plan>> & { readonly free: Plan };

/** Anonymous principals, and principals whose plan the file does not know, get the free plan. */
export const FALLBACK_PLAN = 'free';

export function planFor(plans: Plans, principal: { readonly plan: string }): Plan {
  return plans[principal.plan] ?? plans[FALLBACK_PLAN];
}
