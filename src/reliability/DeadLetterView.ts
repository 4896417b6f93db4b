export type DeadLetterStatus = 'open' | 'replaying' | 'replayed' | 'discarded';

/** One run of a follow-up that a dead letter records: from the queue, the bus or a replay. */
export interface JobAttemptView {
  readonly source: string;
  readonly succeeded: boolean;
  readonly errorCode: string | null;
  readonly message: string | null;
  readonly upstreamStatus: number | null;
  readonly attemptedAt: Date;
}

/** A dead letter as the dead-letter service shows it, with its attempts, oldest first. */
export interface DeadLetterView {
  readonly id: string;
  readonly sourceJobId: string;
  readonly kind: string;
  readonly system: string;
  readonly payload: unknown;
  readonly idempotencyKey: string | null;
  readonly status: DeadLetterStatus;
  readonly attemptCount: number;
  readonly lastErrorCode: string | null;
  readonly lastError: string | null;
  readonly firstFailedAt: Date;
  readonly lastFailedAt: Date;
  readonly resolvedBy: string | null;
  readonly resolvedAt: Date | null;
  readonly resolution: string | null;
  readonly attempts: readonly JobAttemptView[];
}
