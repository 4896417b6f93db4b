export interface RequestStatsSnapshot {
  requests: number;
  byRoute: Record<string, number>;
  /** Response body bytes sent, so a bench can say how much each query made a system send. */
  bytes: { total: number; byRoute: Record<string, number> };
}

/** Counts the requests a simulated system received and the body bytes it answered, by route key. */
export interface RequestStats {
  record(routeKey: string): void;
  recordBytes(routeKey: string, bytes: number): void;
  snapshot(): RequestStatsSnapshot;
  reset(): void;
}

const add = (counts: Map<string, number>, key: string, amount: number) => counts.set(key, (counts.get(key) ?? 0) + amount);

export function createRequestStats(): RequestStats {
  let requests = 0;
  let byRoute = new Map<string, number>();
  let bytes = 0;
  let bytesByRoute = new Map<string, number>();
  return {
    record(routeKey) {
      requests++;
      add(byRoute, routeKey, 1);
    },
    recordBytes(routeKey, sent) {
      bytes += sent;
      add(bytesByRoute, routeKey, sent);
    },
    snapshot: () => ({
      requests,
      byRoute: Object.fromEntries(byRoute),
      bytes: { total: bytes, byRoute: Object.fromEntries(bytesByRoute) },
    }),
    reset() {
      requests = 0;
      byRoute = new Map();
      bytes = 0;
      bytesByRoute = new Map();
    },
  };
}
