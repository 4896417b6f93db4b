/** Which limit refused: requests per window, the query-cost budget, or a field's own limit. */
export type RateLimitKind = 'requests' | 'cost' | 'field';

/** Told of every request or field refused for a plan's limit (metrics); must not throw. */
export type RateLimitObserver = (rejection: { readonly plan: string; readonly limit: RateLimitKind }) => void;
