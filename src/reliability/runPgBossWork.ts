import type PgBoss from 'pg-boss';
import pg from 'pg';
import type { RetryPolicy } from '../config/RetryPolicy.js';
import { backoffDelay } from '../connectors/core/retryPolicy.js';
import type { PgBossDb } from './createPgBossDb.js';
import type { AttemptOutcome, WorkRunner } from './createWorkRunner.js';
import { workContinuously } from './workContinuously.js';

/** Recording a dead letter is our own database write: retried briefly, and kept in its pg-boss queue until it lands. */
const DEAD_LETTER_RECORDING: RetryPolicy = Object.freeze({ limit: 5, baseDelayMs: 5_000, maxDelayMs: 60_000, maxRetryAfterMs: 0, jitter: 0.2 });

export interface PgBossWorkOptions<T extends object> {
  readonly boss: PgBoss;
  /** pg-boss's own connection, on which a failed job's next delay is set. */
  readonly db: PgBossDb['db'];
  /** The pg-boss schema. */
  readonly schema: string;
  readonly queue: string;
  /** Where a job that failed its last attempt goes before it is recorded in our dead-letter table. */
  readonly deadQueue: string;
  readonly runner: WorkRunner<T>;
  /** A job still active after this long (its worker died) is failed, and retried if it has attempts left. */
  readonly expireInSeconds: number;
  readonly pollingIntervalSeconds: number;
  /** Workers of the queue in this process; 0 when this process only sends. */
  readonly workers: number;
  /** Wraps each job's handling, e.g. to wait for it on close. */
  readonly track?: (work: () => Promise<void>) => Promise<void>;
}

const seconds = (ms: number) => Math.max(1, Math.round(ms / 1000));

/**
 * A pg-boss queue of durable work, retried with the one backoff. pg-boss's own backoff (doubling with
 * a random factor between 1 and 2, uncapped, whole seconds, blind to Retry-After) is not ours, so it
 * is turned off (`retryBackoff: false`) and each failed job's `retry_delay` is set, just before pg-boss
 * fails it, to what `backoffDelay` says for that attempt: pg-boss then schedules the retry that far
 * ahead. Scheduling retries as new jobs instead would lose pg-boss's retry count, expiry and dead-letter
 * queue, which also cover a worker that died. pg-boss counts whole seconds, so delays are rounded.
 */
export async function runPgBossWork<T extends object>(options: PgBossWorkOptions<T>): Promise<string[]> {
  const { boss, runner, queue, deadQueue } = options;
  const job = `${pg.escapeIdentifier(options.schema)}.job`;
  const track = options.track ?? ((work) => work());

  const settingsOf = (name: string, policy: RetryPolicy, extra: Partial<PgBoss.Queue> = {}): PgBoss.Queue => ({
    name,
    retryLimit: policy.limit,
    retryDelay: seconds(policy.baseDelayMs),
    retryBackoff: false,
    ...extra,
  });
  // updateQueue makes a changed retry policy apply to a queue created by an earlier start.
  const ensureQueue = async (settings: PgBoss.Queue) =>
    (await boss.getQueue(settings.name)) ? boss.updateQueue(settings.name, settings) : boss.createQueue(settings.name, settings);
  await ensureQueue(settingsOf(deadQueue, DEAD_LETTER_RECORDING));
  await ensureQueue(settingsOf(queue, runner.policy, { expireInSeconds: options.expireInSeconds, deadLetter: deadQueue }));

  async function work(name: string, handle: (job: PgBoss.JobWithMetadata<T>) => Promise<AttemptOutcome>): Promise<string> {
    return workContinuously<T>(boss, name, { pollingIntervalSeconds: options.pollingIntervalSeconds }, (current) =>
      track(async () => {
        const outcome = await handle(current);
        if (outcome.ok) return;
        // No wait left (the last attempt, or a Retry-After longer than the policy allows): fail for good.
        await options.db.executeSql(
          `UPDATE ${job} SET retry_delay = $3, retry_limit = CASE WHEN $4 THEN retry_count ELSE retry_limit END WHERE name = $1 AND id = $2`,
          [name, current.id, seconds(outcome.retryInMs), outcome.retryInMs === 0],
        );
        throw outcome.error instanceof Error ? outcome.error : new Error(`${runner.kind}: attempt ${current.retryCount + 1} failed`);
      }),
    );
  }

  const workers: string[] = [];
  for (let index = 0; index < options.workers; index += 1) {
    workers.push(await work(queue, (current) => runner.attempt(current.data, current.retryCount + 1)));
  }
  if (options.workers > 0) {
    workers.push(
      await work(deadQueue, async (current) => {
        try {
          await runner.deadLetter(current.data, (current.output as { message?: string } | null)?.message ?? null);
          return { ok: true };
        } catch (error) {
          return { ok: false, retryInMs: backoffDelay(DEAD_LETTER_RECORDING, current.retryCount + 1), error };
        }
      }),
    );
  }
  return workers;
}
