import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { SystemName } from '../connectors/core/UpstreamError.js';
import type { CheckOutcome, SystemState } from './classifyCheck.js';
import type { DailyCount, UptimeCount } from './summarizeUptime.js';

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
  /** Per system: checks per UTC day since the start of the period. */
  readonly daily: ReadonlyMap<string, readonly DailyCount[]>;
  /** Per system: its latest check. */
  readonly latest: ReadonlyMap<string, { readonly at: Date; readonly state: SystemState }>;
  /** Newest first: open ones, and those opened in the period. */
  readonly incidents: readonly IncidentRecord[];
}

export interface StatusStore {
  recordChecks(checks: readonly StoredCheck[]): Promise<void>;
  /** Opens the system's incident unless one is open already (another instance's breaker may have opened first). */
  openIncident(system: SystemName, at: Date, cause: string | null): Promise<void>;
  /** Closes the system's open incident, if any. */
  closeIncident(system: SystemName, at: Date): Promise<void>;
  history(now: Date, days: number): Promise<StatusHistory>;
  /** Deletes checks, and closed incidents, older than `before`. */
  purge(before: Date): Promise<{ checks: number; incidents: number }>;
}

const DAY_MS = 86_400_000;
/** Causes are upstream error messages; a status page needs their gist, not a whole body. */
const CAUSE_MAX_LENGTH = 500;
const INCIDENTS_SHOWN = 50;

function groupBySystem<T extends { system: string }>(rows: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(row.system, [...(groups.get(row.system) ?? []), row]);
  return groups;
}

/** Status checks and incidents in the gateway's database. */
export function createStatusStore(prisma: PrismaClient): StatusStore {
  return {
    async recordChecks(checks) {
      await prisma.statusCheck.createMany({
        data: checks.map((check) => ({
          id: randomUUID(),
          system: check.system,
          at: check.at,
          state: check.state,
          breaker: check.breaker,
          latencyMs: check.latencyMs === null ? null : Math.round(check.latencyMs),
          ok: check.ok,
        })),
      });
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
          SELECT system, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*)::int AS total, (count(*) FILTER (WHERE ok))::int AS ok
            FROM status_checks WHERE at >= ${dayStart} AND at <= ${now} GROUP BY 1, 2`,
        prisma.$queryRaw<(UptimeCount & { system: string })[]>`
          SELECT system, count(*)::int AS total, (count(*) FILTER (WHERE ok))::int AS ok
            FROM status_checks WHERE at > ${dayAgo} AND at <= ${now} GROUP BY 1`,
        prisma.$queryRaw<{ system: string; at: Date; state: SystemState }[]>`
          SELECT DISTINCT ON (system) system, at, state FROM status_checks WHERE at <= ${now} ORDER BY system, at DESC`,
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

    async purge(before) {
      const [checks, incidents] = await Promise.all([
        prisma.statusCheck.deleteMany({ where: { at: { lt: before } } }),
        prisma.incident.deleteMany({ where: { closedAt: { lt: before } } }),
      ]);
      return { checks: checks.count, incidents: incidents.count };
    },
  };
}
