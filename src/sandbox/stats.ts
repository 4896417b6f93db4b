export interface RequestStatsSnapshot {
  requests: number;
  byRoute: Record<string, number>;
}

/** Counts the requests a simulated system received, by route key, so tests can count upstream calls. */
export interface RequestStats {
  record(routeKey: string): void;
  snapshot(): RequestStatsSnapshot;
  reset(): void;
}

export function createRequestStats(): RequestStats {
  let requests = 0;
  let byRoute = new Map<string, number>();
  return {
    record(routeKey) {
      requests++;
      byRoute.set(routeKey, (byRoute.get(routeKey) ?? 0) + 1);
    },
    snapshot: () => ({ requests, byRoute: Object.fromEntries(byRoute) }),
    reset() {
      requests = 0;
      byRoute = new Map();
    },
  };
}
