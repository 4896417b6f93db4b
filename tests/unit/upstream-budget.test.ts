import { describe, expect, it } from 'vitest';
import { budgetSchema, describeBudget } from '../../src/config/budgetConfig.js';
import { countedWindowMs, createUpstreamBudget } from '../../src/connectors/core/createUpstreamBudget.js';
import { isUpstreamError } from '../../src/connectors/core/UpstreamError.js';
import { createMemoryWindowLog } from '../../src/limits/createMemoryWindowLog.js';

describe('upstream budgets', () => {
  it('read as <requests>/<window> or unlimited, and refuse anything else', () => {
    expect(budgetSchema.parse('100/10s')).toEqual({ requests: 100, windowMs: 10_000 });
    expect(budgetSchema.parse('5/s')).toEqual({ requests: 5, windowMs: 1000 });
    expect(budgetSchema.parse('6000/1m')).toEqual({ requests: 6000, windowMs: 60_000 });
    expect(budgetSchema.parse('unlimited')).toBeNull();
    expect(budgetSchema.safeParse('100 per 10 s').success).toBe(false);
    expect(budgetSchema.safeParse('0/1s').success).toBe(false);
    expect(describeBudget({ requests: 100, windowMs: 10_000 })).toBe('100 per 10 s');
  });

  // A vendor counts requests over a sliding window: however the calls fall, no window may see more than the budget.
  it.each([
    { requests: 100, windowMs: 10_000 },
    { requests: 25, windowMs: 1000 },
    { requests: 5, windowMs: 1000 },
  ])('lets through at most $requests calls in any $windowMs ms window, and uses most of that', async (budget) => {
    let now = 0;
    const log = createMemoryWindowLog(() => now);
    const sent: number[] = [];
    for (let step = 0; step < 4000; step += 1) {
      now += [0, 1, 3, 17, 0, 250, 0, 2][step % 8]!;
      if ((await log.admit('b', budget.requests, countedWindowMs(budget))).allowed) sent.push(now);
    }
    let worst = 0;
    for (let first = 0, last = 0; last < sent.length; last += 1) {
      while (sent[last]! - sent[first]! >= budget.windowMs) first += 1;
      worst = Math.max(worst, last - first + 1);
    }
    expect(worst).toBe(budget.requests);
    expect(sent.length).toBeGreaterThanOrEqual(Math.floor((now / countedWindowMs(budget)) * budget.requests * 0.9));
  });

  it("fails a waiting client's call with RATE_LIMITED once the wait would be too long, and lets a job wait its turn", async () => {
    const refused: string[] = [];
    const gate = createUpstreamBudget({
      system: 'crm',
      budget: { requests: 1, windowMs: 300 },
      log: createMemoryWindowLog(),
      keyPrefix: 't:',
      maxWaitMs: 0,
      observer: { refused: (system) => refused.push(system) },
    });
    await gate.admit({ interactive: true });
    const error = await gate.admit({ interactive: true }).catch((caught: unknown) => caught);
    expect(isUpstreamError(error) && { kind: error.kind, code: error.code, system: error.system, retryAfter: error.retryAfterSeconds }).toEqual({
      kind: 'rate_limited',
      code: 'RATE_LIMITED',
      system: 'crm',
      retryAfter: 1,
    });
    expect(refused).toEqual(['crm']);
    expect(await gate.use()).toEqual({ budget: '1 per 0.3 s', inUse: 1 });
    await expect(gate.admit({ interactive: false })).resolves.toBeUndefined();
  });
});
