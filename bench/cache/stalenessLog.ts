import { systemOfFact, type Fact, type FactSystem } from './facts.js';

/** One change the writer made: the record's new version, and when the system had it. */
export interface Change {
  readonly key: string;
  readonly version: number;
  readonly committedAt: number;
  /** When an answer first showed it. */
  seenAt?: number;
}

export interface StalenessSummary {
  readonly answers: number;
  /** Answers showing an older version of a record than one changed longer than its bound before the request. */
  readonly staleAnswers: number;
  readonly changes: number;
  /** Changes no answer showed before the bench stopped looking. */
  readonly unseen: number;
  /** Change to first answer showing it, ms, per system and over all. */
  readonly staleness: Readonly<Record<FactSystem | 'all', { p50: number; p99: number; max: number; count: number }>>;
}

function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

/**
 * Every change and every answer of a run: whether each answer was staler than its record's bound,
 * and for each change how long until an answer showed it.
 */
export function createStalenessLog(bounds: Readonly<Record<FactSystem, number>>) {
  const changes = new Map<string, Change[]>();
  let windowStart = 0;
  let windowEnd = Infinity;
  let answers = 0;
  let staleAnswers = 0;

  return {
    changed(change: Change): void {
      let list = changes.get(change.key);
      if (!list) changes.set(change.key, (list = []));
      list.push(change);
    },

    /** An answer to a request sent at `sentAt`, received at `receivedAt`. */
    observe(sentAt: number, receivedAt: number, facts: readonly Fact[]): void {
      const counted = sentAt >= windowStart && sentAt <= windowEnd;
      let stale = false;
      for (const fact of facts) {
        const list = changes.get(fact.key);
        if (!list) continue;
        const due = sentAt - bounds[systemOfFact(fact.key)];
        for (const change of list) {
          if (change.committedAt <= due && fact.version < change.version) stale = true;
          if (change.seenAt === undefined && fact.version >= change.version && receivedAt >= change.committedAt) change.seenAt = receivedAt;
        }
      }
      if (!counted) return;
      answers += 1;
      if (stale) staleAnswers += 1;
    },

    /** Answers sent from now on count, and changes made from now on are summarized. */
    startWindow(at: number): void {
      windowStart = at;
      windowEnd = Infinity;
      answers = 0;
      staleAnswers = 0;
    },
    endWindow(at: number): void {
      windowEnd = at;
    },

    summary(): StalenessSummary {
      const made = [...changes.values()].flat().filter((change) => change.committedAt >= windowStart && change.committedAt <= windowEnd);
      const delays: Record<FactSystem | 'all', number[]> = { erp: [], crm: [], payments: [], shipping: [], all: [] };
      for (const change of made) {
        if (change.seenAt === undefined) continue;
        const delay = change.seenAt - change.committedAt;
        delays[systemOfFact(change.key)].push(delay);
        delays.all.push(delay);
      }
      const stats = (values: number[]) => {
        const sorted = values.sort((a, b) => a - b);
        return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted.at(-1) ?? Number.NaN, count: sorted.length };
      };
      return {
        answers,
        staleAnswers,
        changes: made.length,
        unseen: made.filter((change) => change.seenAt === undefined).length,
        staleness: {
          erp: stats(delays.erp),
          crm: stats(delays.crm),
          payments: stats(delays.payments),
          shipping: stats(delays.shipping),
          all: stats(delays.all),
        },
      };
    },
  };
}

export type StalenessLog = ReturnType<typeof createStalenessLog>;
