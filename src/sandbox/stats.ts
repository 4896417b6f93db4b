export interface RequestStatsSnapshot {
  requests: number;
  byRoute: Record<string, number>;
  /** Response body bytes sent, so a bench can say how much each query made a system send. */
  bytes: { total: number; byRoute: Record<string, number> };
  /** Requests answered 429 by the sandbox's own rate limit (they count as received too). */
  rateLimited: { total: number; byRoute: Record<string, number> };
}

/** Counts the requests a simulated system received, the body bytes it answered and the requests it rate-limited, by route key. */
export interface RequestStats {
  record(routeKey: string): void;
  recordBytes(routeKey: string, bytes: number): void;
  recordRateLimited(routeKey: string): void;
  snapshot(): RequestStatsSnapshot;
  reset(): void;
}

/** A total and its split by route key. */
function createTally() {
  let total = 0;
  let byRoute = new Map<string, number>();
  return {
    add(routeKey: string, amount: number) {
      total += amount;
      byRoute.set(routeKey, (byRoute.get(routeKey) ?? 0) + amount);
    },
    snapshot: () => ({ total, byRoute: Object.fromEntries(byRoute) }),
    reset() {
      total = 0;
      byRoute = new Map();
    },
  };
}

export function createRequestStats(): RequestStats {
  const requests = createTally();
  const bytes = createTally();
  const rateLimited = createTally();
  return {
    record: (routeKey) => requests.add(routeKey, 1),
    recordBytes: (routeKey, sent) => bytes.add(routeKey, sent),
    recordRateLimited: (routeKey) => rateLimited.add(routeKey, 1),
    snapshot() {
      const { total, byRoute } = requests.snapshot();
      return { requests: total, byRoute, bytes: bytes.snapshot(), rateLimited: rateLimited.snapshot() };
    },
    reset() {
      requests.reset();
      bytes.reset();
      rateLimited.reset();
    },
  };
}
