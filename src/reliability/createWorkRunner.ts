import type { Logger } from 'pino';
import type { CallContext } from '../connectors/core/createUpstreamClient.js';
import type { RetryPolicy } from '../config/RetryPolicy.js';
import { backoffDelay } from '../connectors/core/retryPolicy.js';
import { isUpstreamError } from '../connectors/core/UpstreamError.js';
import type { DeadLetterService, WorkUnit } from './createDeadLetterService.js';
import { JobFailure } from './describeFailure.js';

/** How one attempt ended: done, or failed with the wait before the next one (0: no next one). */
export type AttemptOutcome = { readonly ok: true } | { readonly ok: false; readonly retryInMs: number; readonly error: unknown };

export interface WorkContext extends CallContext {
  /** 1 for the first attempt, counting up with each retry (also after a crash); 0 in a dead letter's replay. */
  readonly attempt: number;
}

/** The part of the dead-letter service that running work needs. */
export type DeadLetterRecorder = Pick<DeadLetterService, 'recordAttempt' | 'recordDead' | 'registerHandler'>;

/**
 * What every path of durable work does the same around its handler, whether a queued follow-up or a
 * bus consumer group's event: failed attempts recorded, the wait before the next one from the one
 * backoff, and after the last one a dead letter of the same shape in the same table.
 */
export interface WorkRunner<T> {
  readonly kind: string;
  readonly policy: RetryPolicy;
  attempt(item: T, attempt: number): Promise<AttemptOutcome>;
  /** A delivery past the last attempt: the earlier ones ended without an outcome (their workers died). */
  beyondLastAttempt(attempt: number): boolean;
  deadLetter(item: T, reason: string | null): Promise<void>;
}

export interface WorkRunnerOptions<T> {
  readonly kind: string;
  readonly source: 'queue' | 'bus';
  readonly policy: RetryPolicy;
  readonly unitOf: (item: T) => WorkUnit;
  readonly run: (item: T, context: WorkContext) => Promise<void>;
  readonly deadLetters: Pick<DeadLetterRecorder, 'recordAttempt' | 'recordDead'>;
  readonly logger: Logger;
}

/** The upstream's Retry-After, when the failure carries one, so a queued retry waits what the system asked. */
function retryAfterMsOf(error: unknown): number | undefined {
  return isUpstreamError(error) && error.retryAfterSeconds !== undefined ? error.retryAfterSeconds * 1000 : undefined;
}

export function createWorkRunner<T>(options: WorkRunnerOptions<T>): WorkRunner<T> {
  const { kind, source, policy, unitOf, deadLetters } = options;
  const log = options.logger.child({ component: source === 'queue' ? 'queue' : 'event-bus', kind });
  return {
    kind,
    policy,
    async attempt(item, attempt) {
      const unit = unitOf(item);
      const attemptLog = log.child({ followUpId: unit.followUpId, attempt });
      try {
        await options.run(item, { requestId: `${source}:${unit.followUpId}`, log: attemptLog, attempt });
        attemptLog.debug('work done');
        return { ok: true };
      } catch (error) {
        attemptLog.warn({ err: { message: (error as Error).message } }, 'attempt failed');
        await deadLetters
          .recordAttempt(unit, source, error)
          .catch((recordError: unknown) => attemptLog.error({ err: recordError }, 'could not record the failed attempt'));
        return { ok: false, retryInMs: error instanceof JobFailure && error.final ? 0 : backoffDelay(policy, attempt, retryAfterMsOf(error)), error };
      }
    },
    beyondLastAttempt: (attempt) => attempt > policy.limit + 1,
    async deadLetter(item, reason) {
      await deadLetters.recordDead(unitOf(item), reason === null ? null : { message: reason });
    },
  };
}
