import { setTimeout as sleep } from 'node:timers/promises';
import type { RunDatabase } from '../runDatabase.js';

/** The gateway's default QUEUE_SCHEMA, which the run keeps. */
const QUEUE_SCHEMA = 'pgboss';

/**
 * Jobs waiting, running or waiting to retry, per queue, in every queue but the recurring schedules
 * and pg-boss's own (which sends them): the follow-ups, their dead-letter queues (a job there is not yet in the dead-letter table) and the
 * event consumers.
 */
async function pendingJobs(database: RunDatabase): Promise<Record<string, number>> {
  const rows = await database.query<{ name: string; pending: number }>(
    `SELECT name, count(*)::int AS pending FROM ${QUEUE_SCHEMA}.job
     WHERE state < 'completed' AND NOT starts_with(name, '__pgboss__') AND name NOT IN (SELECT name FROM ${QUEUE_SCHEMA}.schedule)
     GROUP BY name`,
  );
  return Object.fromEntries(rows.map((row) => [row.name, row.pending]));
}

/** Waits until no job is pending (seen twice in a row: a worker may be between two jobs) or `timeoutMs` passed; returns what is still pending. */
export async function waitForQueueDrain(database: RunDatabase, timeoutMs: number): Promise<Record<string, number>> {
  const deadline = Date.now() + timeoutMs;
  let quiet = 0;
  for (;;) {
    const pending = await pendingJobs(database);
    quiet = Object.keys(pending).length === 0 ? quiet + 1 : 0;
    if (quiet >= 2 || Date.now() > deadline) return pending;
    await sleep(500);
  }
}

export interface ReplaySummary {
  readonly rounds: number;
  readonly replayed: number;
  readonly failed: number;
}

type Admin = <T>(query: string) => Promise<T>;

const OPEN_LETTERS = `{ deadLetters(filter: { status: OPEN }, first: 1) { totalCount } }`;
const REPLAY_OPEN = `mutation { replayDeadLetters(filter: { status: OPEN }, limit: 1000) { matched replayed failed skipped } }`;

export async function openDeadLetters(admin: Admin): Promise<number> {
  return (await admin<{ deadLetters: { totalCount: number } }>(OPEN_LETTERS)).deadLetters.totalCount;
}

/**
 * Replays every open dead letter through the admin API, as an operator would once the systems are
 * back. A replay that fails leaves its letter open; it is tried again in the next round, up to `rounds`.
 */
export async function replayDeadLetters(admin: Admin, rounds = 5): Promise<ReplaySummary> {
  let replayed = 0;
  let failed = 0;
  for (let round = 1; round <= rounds; round += 1) {
    if ((await openDeadLetters(admin)) === 0) return { rounds: round - 1, replayed, failed };
    const result = (await admin<{ replayDeadLetters: { replayed: number; failed: number } }>(REPLAY_OPEN)).replayDeadLetters;
    replayed += result.replayed;
    failed += result.failed;
    if (result.failed > 0) await sleep(2000);
  }
  return { rounds, replayed, failed };
}
