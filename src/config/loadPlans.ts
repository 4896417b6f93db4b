import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { FALLBACK_PLAN, type Plan, type Plans } from './Plan.js';

/** The plans shipped with the gateway, used when PLANS_FILE is empty. */
export const DEFAULT_PLANS_FILE = fileURLToPath(new URL('../../config/plans.json', import.meta.url));

const count = z.int().positive().max(1_000_000_000);
const COORDINATE = /^[A-Za-z_]\w*\.[A-Za-z_]\w*$/;

const planSchema = z
  .strictObject({
    description: z.string().optional(),
    requests: z.strictObject({ perMinute: count, perHour: count, perDay: count }),
    cost: z.strictObject({
      maximumAvailable: count,
      restoreRate: z.number().positive().max(1_000_000_000),
      maxQueryCost: count,
    }),
    fields: z
      .record(z.string(), z.strictObject({ max: count, windowSeconds: z.int().positive().max(86_400) }))
      .default({})
      .superRefine((fields, context) => {
        // zod reports a bad record key only as "Invalid key in record"; this names what is expected.
        for (const key of Object.keys(fields)) {
          if (!COORDINATE.test(key)) context.addIssue({ code: 'custom', path: [key], message: 'not a schema coordinate such as Mutation.placeOrder' });
        }
      }),
  })
  .refine((plan) => plan.cost.maxQueryCost <= plan.cost.maximumAvailable, {
    message: 'cost.maxQueryCost is above cost.maximumAvailable, so a query that costly could never run',
    path: ['cost', 'maxQueryCost'],
  });

const plansFileSchema = z.strictObject({
  $comment: z.string().optional(),
  plans: z
    .record(z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'a plan name: lower-case letters, digits, - and _'), planSchema)
    .refine((plans) => FALLBACK_PLAN in plans, `a "${FALLBACK_PLAN}" plan is required: anonymous principals use it`),
});

/** Reads and validates a plans file; every problem is reported with its JSON path. */
export function loadPlans(path: string): { plans: Plans } | { issues: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return { issues: [`${path}: ${(error as Error).message}`] };
  }
  const parsed = plansFileSchema.safeParse(raw);
  if (!parsed.success) {
    return { issues: parsed.error.issues.map((issue) => `${path}: ${issue.path.join('.') || '(file)'}: ${issue.message}`) };
  }
  const plans = Object.fromEntries(
    Object.entries(parsed.data.plans).map(([name, plan]): [string, Plan] => [
      name,
      { name, requests: plan.requests, cost: plan.cost, fields: plan.fields },
    ]),
  ) as Plans;
  return { plans };
}

/** PLANS_FILE as a configuration value: the path, loaded and validated at start-up. */
export const plansFileVariable = z
  .string()
  .optional()
  .transform((path, context) => {
    const result = loadPlans(path ?? DEFAULT_PLANS_FILE);
    if ('plans' in result) return result.plans;
    for (const message of result.issues) context.addIssue({ code: 'custom', message });
    return z.NEVER;
  });
