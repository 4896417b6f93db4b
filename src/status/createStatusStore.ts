import { randomUUID } from 'node:crypto';
import { Prisma, type PrismaClient } from '../generated/prisma/client.js';
import type { SystemName } from '../config/SystemName.js';
import type { CheckOutcome, SystemState } from './classifyCheck.js';
import { utcDay, type DailyCount, type UptimeCount } from './summarizeUptime.js';

export interface StoredCheck extends CheckOutcome {
  readonly system: SystemName;
  readonly at: Date;
}

export interface IncidentRecord {
  readonly id: string;
  readonly system: string;
  readonly openedAt: Date;
  readonly closedAt: Date | null;
  readonly cause: string | null;
}

export interface StatusHistory {
  /** Per system: checks in the last 24 hours. */
  readonly last24h: ReadonlyMap<string, UptimeCount>;
  /** Per system: checks per UTC day since the start of the period, from the daily counts. */
  readonly daily: ReadonlyMap<string, readonly DailyCount[]>;
  /** Per system: its latest check. */
  readonly latest: ReadonlyMap<string, { readonly at: Date; readonly state: SystemState }>;
  /** Newest first: open ones, and those opened in the period. */
  readonly incidents: readonly IncidentRecord[];
}

export interface StatusPurgeCutoffs {
  /** Raw checks taken before this go. */
  readonly checksBefore: Date;
  /** Daily counts of days before this one's, and incidents closed before it, go. */
  readonly historyBefore: Date;
}

export interface StatusStore {
  /** Stores the checks and adds them to their days' counts, together. */
  recordChecks(checks: readonly StoredCheck[]): Promise<void>;
  /** Opens the system's incident unless one is open already (another instance's breaker may have opened first). */
  openIncident(system: SystemName, at: Date, cause: string | null): Promise<void>;
  /** Closes the system's open incident, if any. */
  closeIncident(system: SystemName, at: Date): Promise<void>;
  history(now: Date, days: number): Promise<StatusHistory>;
  /** Rows deleted, by table. */
  purge(cutoffs: StatusPurgeCutoffs): Promise<{ status_checks: number; status_days: number; incidents: number }>;
}

const DAY_MS = 86_400_000;
/** Causes are upstream error messages; a status page needs their gist, not a whole body. */
const CAUSE_MAX_LENGTH = 500;
const INCIDENTS_SHOWN = 50;

/** One row per (system, day): a statement may not update the same row twice. */
function dayCounts(checks: readonly StoredCheck[]): Prisma.Sql[] {
  const days = new Map<string, { system: string; day: string } & Record<SystemState, number>>();
  for (const check of checks) {
    const day = utcDay(check.at);
    const key = `${check.system} ${day}`;
    const counts = days.get(key) ?? { system: check.system, day, operational: 0, degraded: 0, outage: 0 };
    counts[check.state] += 1;
    days.set(key, counts);
  }
  return [...days.values()].map(
    (row) => Prisma.sql`(${row.system}, ${row.day}::date, ${row.operational}::int, ${row.degraded}::int, ${row.outage}::int)`,
  );
}

function groupBySystem<T extends { system: string }>(rows: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(row.system, [...(groups.get(row.system) ?? []), row]);
  return groups;
}

/** Status checks and incidents in the gateway's database. */
export function createStatusStore(prisma: PrismaClient): StatusStore {
  return {
    async recordChecks(checks) {
      if (checks.length === 0) return;
      await prisma.$transaction([
        prisma.statusCheck.createMany({
          data: checks.map((check) => ({
            id: randomUUID(),
            system: check.system,
            at: check.at,
            state: check.state,
            breaker: check.breaker,
            latencyMs: check.latencyMs === null ? null : Math.round(check.latencyMs),
            ok: check.ok,
          })),
        }),
        prisma.$executeRaw`
          INSERT INTO status_days (system, day, operational, degraded, outage) VALUES ${Prisma.join(dayCounts(checks))}
          ON CONFLICT (system, day) DO UPDATE SET
            operational = status_days.operational + excluded.operational,
            degraded = status_days.degraded + excluded.degraded,
            outage = status_days.outage + excluded.outage`,
      ]);
    },

    async openIncident(system, at, cause) {
      // open_system is unique while an incident is open: a second opening is a no-op, not a duplicate.
      await prisma.incident.createMany({
        data: [{ id: randomUUID(), system, openSystem: system, openedAt: at, cause: cause?.slice(0, CAUSE_MAX_LENGTH) ?? null }],
        skipDuplicates: true,
      });
    },

    async closeIncident(system, at) {
      await prisma.incident.updateMany({ where: { openSystem: system }, data: { closedAt: at, openSystem: null } });
    },

    async history(now, days) {
      const dayStart = new Date(Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00Z`) - (days - 1) * DAY_MS);
      const dayAgo = new Date(now.getTime() - DAY_MS);
      const [daily, last24h, latest, incidents] = await Promise.all([
        prisma.$queryRaw<(DailyCount & { system: string })[]>`
          SELECT system, to_char(day, 'YYYY-MM-DD') AS day, operational + degraded + outage AS total, operational + degraded AS ok
            FROM status_days WHERE day >= ${utcDay(dayStart)}::date AND day <= ${utcDay(now)}::date`,
        prisma.$queryRaw<(UptimeCount & { system: string })[]>`
          SELECT system, count(*)::int AS total, (count(*) FILTER (WHERE ok))::int AS ok
            FROM status_checks WHERE at > ${dayAgo} AND at <= ${now} GROUP BY 1`,
        // Only a recent check stands for an idle system's state, so older ones need not be read.
        prisma.$queryRaw<{ system: string; at: Date; state: SystemState }[]>`
          SELECT DISTINCT ON (system) system, at, state FROM status_checks WHERE at > ${dayAgo} AND at <= ${now} ORDER BY system, at DESC`,
        prisma.incident.findMany({
          where: { OR: [{ openedAt: { gte: dayStart } }, { closedAt: null }] },
          orderBy: { openedAt: 'desc' },
          take: INCIDENTS_SHOWN,
          select: { id: true, system: true, openedAt: true, closedAt: true, cause: true },
        }),
      ]);
      return {
        daily: groupBySystem(daily),
        last24h: new Map(last24h.map((row) => [row.system, { total: row.total, ok: row.ok }])),
        latest: new Map(latest.map((row) => [row.system, { at: row.at, state: row.state }])),
        incidents,
      };
    },

    async purge({ checksBefore, historyBefore }) {
      const [checks, days, incidents] = await Promise.all([
        prisma.statusCheck.deleteMany({ where: { at: { lt: checksBefore } } }),
        prisma.$executeRaw`DELETE FROM status_days WHERE day < ${utcDay(historyBefore)}::date`,
        prisma.incident.deleteMany({ where: { closedAt: { lt: historyBefore } } }),
      ]);
      return { status_checks: checks.count, status_days: days, incidents: incidents.count };
    },
  };
}
