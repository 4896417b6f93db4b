import { z } from 'zod';
import type { ReadVariable, VariableDoc } from './ConfigSection.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './RetryPolicy.js';

/** A queued job waits as long as its system's Retry-After asks, up to this. */
const JOB_MAX_RETRY_AFTER_MS = 86_400_000;

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** The variables of a job kind's retry policy: `<prefix>_RETRY_LIMIT`, `_RETRY_DELAY_SECONDS`, `_RETRY_MAX_DELAY_SECONDS`. */
export function jobRetryVariables(prefix: string, subject: string, defaults: { limit: number; delaySeconds: number }): VariableDoc[] {
  return [
    { name: `${prefix}_RETRY_LIMIT`, default: String(defaults.limit), meaning: `Retries of ${subject} before it is dead-lettered` },
    { name: `${prefix}_RETRY_DELAY_SECONDS`, default: String(defaults.delaySeconds), meaning: `First retry delay of ${subject}; doubles each retry, with jitter` },
    { name: `${prefix}_RETRY_MAX_DELAY_SECONDS`, default: '3600', meaning: `Longest delay between two retries of ${subject}` },
  ];
}

/** A job kind's retry policy, read from the variables `jobRetryVariables(prefix, …)` documents. */
export function readJobRetryPolicy(read: ReadVariable, prefix: string): RetryPolicy {
  return {
    limit: read(`${prefix}_RETRY_LIMIT`, integer(0, 100)),
    baseDelayMs: read(`${prefix}_RETRY_DELAY_SECONDS`, integer(1, 86_400)) * 1000,
    maxDelayMs: read(`${prefix}_RETRY_MAX_DELAY_SECONDS`, integer(1, 86_400)) * 1000,
    maxRetryAfterMs: JOB_MAX_RETRY_AFTER_MS,
    jitter: DEFAULT_RETRY_POLICY.jitter,
  };
}
