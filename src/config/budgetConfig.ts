import { z } from 'zod';

/** At most `requests` calls to a system in any window of `windowMs`, across every instance sharing the budget. */
export interface UpstreamBudget {
  readonly requests: number;
  readonly windowMs: number;
}

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** `100/10s`, `25/1s`, `5/s`, `6000/1m`; `unlimited` for none. */
export const budgetSchema = z
  .string()
  .transform((value, context): UpstreamBudget | null => {
    const text = value.trim().toLowerCase();
    if (text === 'unlimited') return null;
    const match = /^(\d+)\s*\/\s*(\d*)\s*(ms|s|m|h)$/.exec(text);
    const requests = Number(match?.[1]);
    const windowMs = Number(match?.[2] || 1) * UNIT_MS[(match?.[3] ?? 's') as keyof typeof UNIT_MS];
    if (!match || requests < 1 || requests > 1_000_000 || windowMs < 1 || windowMs > 86_400_000) {
      context.addIssue({ code: 'custom', message: `"${value.slice(0, 40)}" is not <requests>/<window> (e.g. 100/10s, 25/1s, 6000/1m) or unlimited` });
      return null;
    }
    return { requests, windowMs };
  });

/** How a budget reads in logs and on the status page: `100 per 10 s`. */
export function describeBudget(budget: UpstreamBudget | null): string {
  if (!budget) return 'unlimited';
  const seconds = budget.windowMs / 1000;
  return `${budget.requests} per ${seconds === 1 ? 's' : `${seconds} s`}`;
}
