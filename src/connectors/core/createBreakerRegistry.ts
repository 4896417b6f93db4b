import CircuitBreaker from 'opossum';
import type { Logger } from 'pino';
import type { BreakerConfig } from '../../config/index.js';
import { isUpstreamError, UpstreamError } from './UpstreamError.js';
import type { SystemName } from '../../config/SystemName.js';

export type BreakerState = 'closed' | 'open' | 'half_open';

export interface BreakerSnapshot {
  readonly system: SystemName;
  readonly state: BreakerState;
  /** When the breaker last opened, while it is not closed. */
  readonly openedAt: Date | null;
  /** Counts over the rolling window. */
  readonly fires: number;
  readonly successes: number;
  readonly failures: number;
  readonly rejects: number;
  readonly timeouts: number;
  /** failures and timeouts over calls that ran, 0..1 */
  readonly errorRate: number;
  readonly latencyP50Ms: number | null;
  readonly latencyP95Ms: number | null;
}

/** A breaker opening or closing, with the last failure that counted against the system. */
export interface BreakerTransition {
  readonly system: SystemName;
  readonly state: BreakerState;
  readonly at: Date;
  /** The last failure seen before the transition, e.g. "unavailable: HTTP 503"; null when none was seen. */
  readonly cause: string | null;
}

export type BreakerListener = (transition: BreakerTransition) => void;

export interface BreakerRegistry {
  /** Runs one upstream call through the system's breaker; breaker refusals become UpstreamErrors. */
  run<T>(system: SystemName, call: () => Promise<T>): Promise<T>;
  /** Open (not half-open): a call now is refused without reaching the system. */
  isOpen(system: SystemName): boolean;
  snapshot(system: SystemName): BreakerSnapshot;
  snapshots(): BreakerSnapshot[];
  /** Closes the breaker by hand (an operator knows the system is back). */
  reset(system: SystemName): BreakerSnapshot;
  /** Called on every open, half-open and close of any breaker; returns a function that stops the calls. */
  onTransition(listener: BreakerListener): () => void;
  shutdown(): void;
}

type Action = (call: () => Promise<unknown>) => Promise<unknown>;

function stateOf(breaker: CircuitBreaker): BreakerState {
  if (breaker.halfOpen) return 'half_open';
  return breaker.opened ? 'open' : 'closed';
}

function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[index] ?? null;
}

/** One opossum breaker per system, shared by every call site that talks to it. */
export function createBreakerRegistry(
  configs: { readonly [S in SystemName]: BreakerConfig },
  logger: Logger,
): BreakerRegistry {
  const breakers = new Map<SystemName, CircuitBreaker<[() => Promise<unknown>], unknown>>();
  const openedAt = new Map<SystemName, Date>();
  const lastFailure = new Map<SystemName, string>();
  const listeners = new Set<BreakerListener>();
  const notify = (system: SystemName, state: BreakerState) => {
    const transition: BreakerTransition = { system, state, at: new Date(), cause: lastFailure.get(system) ?? null };
    for (const listener of listeners) {
      // A listener's bug must not break the breaker that serves every request.
      try {
        listener(transition);
      } catch (error) {
        logger.error({ err: error, system }, 'breaker listener failed');
      }
    }
  };

  for (const [system, config] of Object.entries(configs) as [SystemName, BreakerConfig][]) {
    const action: Action = (call) => call();
    const breaker = new CircuitBreaker(action, {
      name: system,
      timeout: config.timeoutMs,
      errorThresholdPercentage: config.errorThresholdPercentage,
      volumeThreshold: config.volumeThreshold,
      rollingCountTimeout: config.rollingWindowMs,
      rollingCountBuckets: 10,
      resetTimeout: config.resetTimeoutMs,
      // A refused request (4xx, bad input, garbage) says nothing about the system's health.
      errorFilter: (error: unknown) => isUpstreamError(error) && !error.countsAgainstSystem,
    });
    const log = logger.child({ system, component: 'breaker' });
    breaker.on('failure', (error: unknown) => lastFailure.set(system, describeCause(error)));
    breaker.on('timeout', () => lastFailure.set(system, `timeout: no answer within ${config.timeoutMs} ms`));
    breaker.on('open', () => {
      openedAt.set(system, new Date());
      log.warn({ state: 'open', resetTimeoutMs: config.resetTimeoutMs }, 'circuit breaker opened');
      notify(system, 'open');
    });
    breaker.on('halfOpen', () => {
      log.info({ state: 'half_open' }, 'circuit breaker half-open: next call is a trial');
      notify(system, 'half_open');
    });
    breaker.on('close', () => {
      openedAt.delete(system);
      log.info({ state: 'closed' }, 'circuit breaker closed');
      notify(system, 'closed');
    });
    breakers.set(system, breaker);
  }

  const breakerOf = (system: SystemName) => {
    const breaker = breakers.get(system);
    if (!breaker) throw new Error(`No circuit breaker for system "${system}"`);
    return breaker;
  };

  const snapshot = (system: SystemName): BreakerSnapshot => {
    const breaker = breakerOf(system);
    const stats = breaker.stats;
    const ran = stats.successes + stats.failures + stats.timeouts;
    const latencies = stats.latencyTimes ?? [];
    return {
      system,
      state: stateOf(breaker),
      openedAt: openedAt.get(system) ?? null,
      fires: stats.fires,
      successes: stats.successes,
      failures: stats.failures,
      rejects: stats.rejects,
      timeouts: stats.timeouts,
      errorRate: ran === 0 ? 0 : (stats.failures + stats.timeouts) / ran,
      latencyP50Ms: percentile(latencies, 0.5),
      latencyP95Ms: percentile(latencies, 0.95),
    };
  };

  return {
    async run<T>(system: SystemName, call: () => Promise<T>): Promise<T> {
      try {
        return (await breakerOf(system).fire(call)) as T;
      } catch (error) {
        throw toUpstreamError(system, error, configs[system], openedAt.get(system));
      }
    },
    isOpen: (system) => stateOf(breakerOf(system)) === 'open',
    snapshot,
    snapshots: () => [...breakers.keys()].map(snapshot),
    reset(system) {
      breakerOf(system).close();
      return snapshot(system);
    },
    onTransition(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    shutdown() {
      listeners.clear();
      for (const breaker of breakers.values()) breaker.shutdown();
    },
  };
}

function describeCause(error: unknown): string {
  if (isUpstreamError(error)) return `${error.kind}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

function toUpstreamError(
  system: SystemName,
  error: unknown,
  config: BreakerConfig,
  openedAt: Date | undefined,
): UpstreamError {
  if (isUpstreamError(error)) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EOPENBREAKER') {
    return new UpstreamError({
      system,
      kind: 'circuit_open',
      message: `The ${system} system is failing; calls to it are paused`,
      // The next trial call happens once the reset timeout has run since the breaker opened.
      retryAfterSeconds: Math.max(1, Math.ceil(((openedAt?.getTime() ?? Date.now()) + config.resetTimeoutMs - Date.now()) / 1000)),
      cause: error,
    });
  }
  if (code === 'ETIMEDOUT') {
    return new UpstreamError({
      system,
      kind: 'timeout',
      message: `The ${system} system did not answer within ${config.timeoutMs} ms`,
      cause: error,
    });
  }
  return new UpstreamError({ system, kind: 'unavailable', message: `Call to the ${system} system failed`, cause: error });
}
