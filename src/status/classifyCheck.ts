import type { BreakerSnapshot, BreakerState } from '../connectors/core/createBreakerRegistry.js';

export type SystemState = 'operational' | 'degraded' | 'outage';

/** What a reachability probe found; only sent when the breaker's window saw no call. */
export interface ProbeResult {
  readonly reachable: boolean;
  readonly latencyMs: number | null;
}

export interface CheckOutcome {
  readonly state: SystemState;
  readonly breaker: BreakerState;
  readonly latencyMs: number | null;
  /** Counts as uptime: a degraded system still answers. */
  readonly ok: boolean;
}

/** Failure rate over the breaker's window above which a system whose breaker is closed is degraded. */
const DEGRADED_ERROR_RATE = 0.05;

/** Calls that reached the system in the breaker's window (refused ones never left the gateway). */
export const callsInWindow = (snapshot: BreakerSnapshot): number => snapshot.successes + snapshot.failures + snapshot.timeouts;

/**
 * A system's state from the gateway's breaker, the best witness there is because it sees real
 * traffic; a probe stands in when there was none, and is left out (undefined) when not needed.
 */
export function classifyCheck(snapshot: BreakerSnapshot, probe?: ProbeResult): CheckOutcome {
  const breaker = snapshot.state;
  const outcome = (state: SystemState, latencyMs: number | null): CheckOutcome => ({ state, breaker, latencyMs, ok: state !== 'outage' });
  // Half-open still refuses all but one trial call: not up yet.
  if (breaker !== 'closed') return outcome('outage', snapshot.latencyP50Ms);
  // Outages are the breaker's call: its threshold and volume are configured per system, and its window
  // still holds the failures of an outage for a while after it has closed again.
  if (callsInWindow(snapshot) > 0) {
    if (snapshot.errorRate > DEGRADED_ERROR_RATE) return outcome('degraded', snapshot.latencyP50Ms);
    return outcome('operational', snapshot.latencyP50Ms);
  }
  if (probe && !probe.reachable) return outcome('outage', probe.latencyMs);
  return outcome('operational', probe?.latencyMs ?? null);
}
