import { z } from 'zod';
import { createPrng } from './prng.js';
import type { Prng } from './prng.js';

export const FAULT_MODES = ['ok', 'error', 'timeout', 'down', 'slow'] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

export const faultInputSchema = z
  .strictObject({
    route: z.string().min(1, 'route must be a route key pattern such as "GET /v1/customers/{id}" or "*"'),
    mode: z.enum(FAULT_MODES),
    status: z.number().int().min(100).max(599).optional(),
    latencyMs: z.number().int().min(0).max(600_000).optional(),
    rate: z.number().min(0).max(1).default(1),
    count: z.number().int().positive().optional(),
    retryAfter: z.number().int().min(0).optional(),
  })
  .refine((input) => input.mode !== 'slow' || input.latencyMs !== undefined, {
    message: 'latencyMs is required when mode is "slow"',
    path: ['latencyMs'],
  });

export type FaultInput = z.input<typeof faultInputSchema>;

export interface FaultRule {
  id: number;
  route: string;
  mode: Exclude<FaultMode, 'ok'>;
  status?: number;
  latencyMs?: number;
  rate: number;
  /** Applications left before the rule expires; null means unlimited. */
  remaining: number | null;
  retryAfter?: number;
}

/** `*` matches any run of characters; everything else is literal; the whole key must match. */
export function compileRoutePattern(pattern: string): RegExp {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 's');
}

export interface FaultRegistry {
  /** Adds a rule, or with mode "ok" removes every rule whose pattern the given route covers. */
  apply(input: z.output<typeof faultInputSchema>): FaultRule[];
  list(): FaultRule[];
  /**
   * The fault to inject for this request, if any. The newest matching rule decides alone:
   * when its `rate` roll says no, the request passes even if an older rule also matches.
   */
  take(routeKey: string): FaultRule | undefined;
  clear(): void;
}

export function createFaultRegistry(seed: number): FaultRegistry {
  let rules: { rule: FaultRule; pattern: RegExp }[] = [];
  let nextId = 1;
  // Seeded, so a test that sets rate 0.5 sees the same sequence of outcomes on every run.
  let prng: Prng = createPrng(seed, 'faults');
  const snapshot = (): FaultRule[] => rules.map(({ rule }) => ({ ...rule }));

  return {
    apply(input) {
      if (input.mode === 'ok') {
        const covering = compileRoutePattern(input.route);
        rules = rules.filter(({ rule }) => !covering.test(rule.route));
        return snapshot();
      }
      const rule: FaultRule = {
        id: nextId++,
        route: input.route,
        mode: input.mode,
        rate: input.rate,
        remaining: input.count ?? null,
        ...(input.mode === 'error' ? { status: input.status ?? 503 } : {}),
        ...(input.latencyMs !== undefined ? { latencyMs: input.latencyMs } : {}),
        ...(input.retryAfter !== undefined ? { retryAfter: input.retryAfter } : {}),
      };
      rules.push({ rule, pattern: compileRoutePattern(input.route) });
      return snapshot();
    },
    list: snapshot,
    take(routeKey) {
      for (let index = rules.length - 1; index >= 0; index--) {
        const entry = rules[index];
        if (!entry?.pattern.test(routeKey)) continue;
        const { rule } = entry;
        if (rule.rate < 1 && prng.next() >= rule.rate) return undefined;
        if (rule.remaining !== null) {
          rule.remaining -= 1;
          if (rule.remaining <= 0) rules.splice(index, 1);
        }
        return { ...rule };
      }
      return undefined;
    },
    clear() {
      rules = [];
      prng = createPrng(seed, 'faults');
    },
  };
}
