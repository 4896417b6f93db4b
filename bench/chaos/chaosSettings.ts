import { z } from 'zod';

/** What one chaos run does; `npm run chaos` reads it from CHAOS_* variables, the test passes its own. */
export interface ChaosSettings {
  /** Concurrent clients placing orders. */
  readonly clients: number;
  /** Orders to place in all; placing stops earlier when `durationSeconds` has passed. */
  readonly orders: number;
  readonly durationSeconds: number;
  /** Seeds the orders' contents, the faults and their timing. */
  readonly seed: number;
  /** Gateway instances sharing the database; with 2, one is stopped for good halfway through. */
  readonly instances: 1 | 2;
  /** Random faults per minute, on top of one fault of every kind spread over the run. */
  readonly faultsPerMinute: number;
  /** Once the faults stop: how long clients may still retry, and the queue may take to drain. */
  readonly settleSeconds: number;
  /**
   * The gateways' IDEMPOTENCY_LEASE_SECONDS: how long a key claimed by a killed instance stays
   * "in progress" before a retry may take it over. Short runs (the test) shorten it.
   */
  readonly idempotencyLeaseSeconds: number;
}

const count = (max: number) => z.coerce.number().int().min(1).max(max);

const VARIABLES = {
  CHAOS_CLIENTS: count(500).default(20),
  CHAOS_ORDERS: count(1_000_000).default(3000),
  CHAOS_DURATION_SECONDS: count(86_400).default(300),
  CHAOS_SEED: z.coerce.number().int().min(0).default(1),
  CHAOS_INSTANCES: z.enum(['1', '2']).default('2').transform((value) => Number(value) as 1 | 2),
  CHAOS_FAULTS_PER_MINUTE: z.coerce.number().min(0).max(600).default(12),
  CHAOS_SETTLE_SECONDS: count(3600).default(180),
  CHAOS_IDEMPOTENCY_LEASE_SECONDS: count(3600).default(60),
};

/** The run's settings from CHAOS_* variables; an invalid one stops the run with a message naming it. */
export function chaosSettingsFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): ChaosSettings {
  const parsed = z.object(VARIABLES).safeParse(Object.fromEntries(Object.keys(VARIABLES).map((name) => [name, env[name] || undefined])));
  if (!parsed.success) {
    throw new Error(`Invalid chaos settings:\n${parsed.error.issues.map((issue) => `  - ${issue.path.join('.')}: ${issue.message}`).join('\n')}`);
  }
  const values = parsed.data;
  return {
    clients: values.CHAOS_CLIENTS,
    orders: values.CHAOS_ORDERS,
    durationSeconds: values.CHAOS_DURATION_SECONDS,
    seed: values.CHAOS_SEED,
    instances: values.CHAOS_INSTANCES,
    faultsPerMinute: values.CHAOS_FAULTS_PER_MINUTE,
    settleSeconds: values.CHAOS_SETTLE_SECONDS,
    idempotencyLeaseSeconds: values.CHAOS_IDEMPOTENCY_LEASE_SECONDS,
  };
}
