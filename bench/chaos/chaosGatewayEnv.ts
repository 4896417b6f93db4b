import { SYSTEM_SETTINGS } from '../../src/config/systemSettings.js';
import type { ChaosSettings } from './chaosSettings.js';

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

/**
 * The environment every gateway process of a run shares: one database, one Redis (under a key prefix
 * of the run's own), and resilience numbers scaled down from production's so that faults lasting
 * seconds play out in seconds (production waits 1–8 s between retries and 10 s doubling between job
 * retries, which would stretch a run of a few minutes into an hour without testing anything more).
 */
export function chaosGatewayEnv(settings: ChaosSettings, databaseUrl: string, runId: string): Record<string, string> {
  const perSystem = Object.values(SYSTEM_SETTINGS).flatMap(({ prefix }) => [
    [`${prefix}_ATTEMPT_TIMEOUT_MS`, '1500'],
    [`${prefix}_RETRY_LIMIT`, '2'],
    [`${prefix}_RETRY_BASE_DELAY_MS`, '100'],
    [`${prefix}_RETRY_MAX_DELAY_MS`, '400'],
    [`${prefix}_RETRY_MAX_AFTER_MS`, '2000'],
    [`${prefix}_BREAKER_TIMEOUT_MS`, '6000'],
    // An outage lasts seconds here: an open breaker should try again within the outage's order of magnitude.
    [`${prefix}_BREAKER_RESET_MS`, '3000'],
    // Few retries, close together: a follow-up failing through an outage becomes a dead letter within seconds, so replay has work.
    [`${prefix}_JOB_RETRY_LIMIT`, '2'],
    [`${prefix}_JOB_RETRY_DELAY_SECONDS`, '1'],
    // The sandbox enforces no vendor limits here; budgets would only stretch the run.
    [`${prefix}_BUDGET`, 'unlimited'],
  ]);
  return {
    ...Object.fromEntries(perSystem),
    LOG_LEVEL: process.env.CHAOS_GATEWAY_LOG_LEVEL || 'error',
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    RATE_LIMIT_KEY_PREFIX: `switchyard:chaos:${runId}:`,
    CACHE_KEY_PREFIX: `switchyard:chaos:${runId}:cache:`,
    IDEMPOTENCY_LEASE_SECONDS: String(settings.idempotencyLeaseSeconds),
    QUEUE_POLLING_SECONDS: '0.5',
    QUEUE_MAINTENANCE_SECONDS: '2',
    // A SIGKILLed worker's jobs come back after this; it also bounds one job (a few calls of at most 6 s each).
    QUEUE_JOB_TIMEOUT_SECONDS: '30',
    // The same for an event a killed worker was consuming (5 minutes by default).
    EVENT_BUS_CLAIM_IDLE_MS: '30000',
    // Hourly by default; every minute, a poll (which holds a database session while it calls the carrier) meets the faults too.
    POLL_SHIPPING_CRON: '* * * * *',
  };
}
