import type PgBoss from 'pg-boss';

export interface ContinuousWorkOptions {
  readonly pollingIntervalSeconds: number;
}

/**
 * `boss.work` one job at a time, with the job's metadata (retry count, output). pg-boss 10 waits a whole
 * polling interval after every job, even with more waiting, so a backlog would drain at one job per
 * interval per worker; told that a job was handled, the worker fetches the next one at once, and waits
 * only when the queue is empty. Returns the worker's id, for `offWork`.
 */
export async function workContinuously<T extends object>(
  boss: PgBoss,
  queue: string,
  options: ContinuousWorkOptions,
  handler: (job: PgBoss.JobWithMetadata<T>) => Promise<void>,
): Promise<string> {
  let workerId = '';
  workerId = await boss.work<T>(queue, { ...options, includeMetadata: true, batchSize: 1 }, async ([job]) => {
    if (!job) return;
    if (workerId) boss.notifyWorker(workerId);
    await handler(job);
  });
  return workerId;
}
