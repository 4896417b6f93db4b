import { setTimeout as sleep } from 'node:timers/promises';
import { describeBudget, type UpstreamBudget } from '../../config/budgetConfig.js';
import type { SystemName } from '../../config/SystemName.js';
import type { WindowLog } from '../../limits/WindowLog.js';
import { UpstreamError } from './UpstreamError.js';

/** What budgets tell metrics about. */
export interface BudgetObserver {
  /** A call waited for the budget before it went out. */
  waited?(system: SystemName, ms: number): void;
  /** A request's call was refused without being sent: the budget stayed spent past the wait a request may take. */
  refused?(system: SystemName): void;
}

export interface BudgetUse {
  readonly budget: string;
  /** Share of the budget spent over the last window, 0..1 (1: calls wait). */
  readonly inUse: number;
}

/** The outbound request budget of one system. */
export interface UpstreamBudgetGate {
  /**
   * Takes one request from the budget. When it is spent, a call for a waiting client waits at most
   * `maxWaitMs`, then fails with RATE_LIMITED without being sent; any other call (jobs, polls) waits.
   */
  admit(call: { readonly interactive?: boolean }): Promise<void>;
  use(): Promise<BudgetUse | null>;
}

/** A system without a budget: every call goes out at once. */
export const NO_BUDGET: UpstreamBudgetGate = { admit: async () => undefined, use: async () => null };

export interface UpstreamBudgetOptions {
  readonly system: SystemName;
  readonly budget: UpstreamBudget;
  /** Shared by every instance when it is Redis, so together they stay under the vendor's limit. */
  readonly log: WindowLog;
  readonly keyPrefix: string;
  readonly maxWaitMs: number;
  readonly observer?: BudgetObserver;
}

/**
 * The window the gateway counts in: a little longer than the vendor's, since calls sent a few
 * milliseconds apart can arrive closer together than they left.
 */
export const countedWindowMs = (budget: UpstreamBudget): number => budget.windowMs + Math.max(50, Math.ceil(budget.windowMs / 50));

export function createUpstreamBudget(options: UpstreamBudgetOptions): UpstreamBudgetGate {
  const { system, budget, log, observer } = options;
  const key = `${options.keyPrefix}budget:${system}`;
  const windowMs = countedWindowMs(budget);
  const described = describeBudget(budget);

  return {
    async admit(call) {
      const started = performance.now();
      for (;;) {
        const admission = await log.admit(key, budget.requests, windowMs);
        if (admission.allowed) {
          const waited = performance.now() - started;
          if (waited >= 1) observer?.waited?.(system, waited);
          return;
        }
        const retryAfterMs = Math.max(1, admission.retryAfterMs);
        if (call.interactive && performance.now() - started + retryAfterMs > options.maxWaitMs) {
          observer?.refused?.(system);
          throw new UpstreamError({
            system,
            kind: 'rate_limited',
            message: `The gateway's request budget for the ${system} system (${described}) is spent; it was not called`,
            retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)),
          });
        }
        await sleep(retryAfterMs);
      }
    },
    async use() {
      const { used } = await log.admit(key, 0, windowMs);
      return { budget: described, inUse: Number(Math.min(1, used / budget.requests).toFixed(3)) };
    },
  };
}
