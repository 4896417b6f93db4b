/** Checks in some period and how many of them found the system up. */
export interface UptimeCount {
  readonly total: number;
  readonly ok: number;
}

/** The checks of one UTC day, `day` as YYYY-MM-DD. */
export interface DailyCount extends UptimeCount {
  readonly day: string;
}

/** How a day's bar is colored, as hosted status pages do. */
export type UptimeLevel = 'no_data' | 'operational' | 'minor' | 'major' | 'outage';

export interface DayBar extends UptimeCount {
  readonly day: string;
  /** ok / total, 0..1; null for a day without checks. */
  readonly uptime: number | null;
  readonly level: UptimeLevel;
}

export interface UptimeSummary {
  /** Over the last 24 hours; null without checks. */
  readonly last24h: number | null;
  /** Over the days of `bars`; null without checks. */
  readonly lastDays: number | null;
  /** One per UTC day, oldest first, ending with today. */
  readonly bars: readonly DayBar[];
}

export interface SummarizeUptimeInput {
  readonly last24h: UptimeCount;
  readonly daily: readonly DailyCount[];
  readonly now: Date;
  /** Days shown, today included. */
  readonly days: number;
}

const DAY_MS = 86_400_000;

/** A day with no check is unknown, not down: the gateway itself may not have been running. */
export function uptimeOf(counts: readonly UptimeCount[]): number | null {
  let total = 0;
  let ok = 0;
  for (const count of counts) {
    total += count.total;
    ok += count.ok;
  }
  return total === 0 ? null : ok / total;
}

/** Thresholds of the usual status-page colors: 99.9 % and better is green. */
export function levelOf(uptime: number | null): UptimeLevel {
  if (uptime === null) return 'no_data';
  if (uptime >= 0.999) return 'operational';
  if (uptime >= 0.99) return 'minor';
  if (uptime >= 0.95) return 'major';
  return 'outage';
}

export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** Uptime over the last 24 hours and over `days` UTC days, and one bar per day with missing days filled in. */
export function summarizeUptime(input: SummarizeUptimeInput): UptimeSummary {
  const byDay = new Map<string, UptimeCount>();
  for (const count of input.daily) {
    const seen = byDay.get(count.day) ?? { total: 0, ok: 0 };
    byDay.set(count.day, { total: seen.total + count.total, ok: seen.ok + count.ok });
  }
  const today = Date.parse(`${utcDay(input.now)}T00:00:00Z`);
  const bars: DayBar[] = [];
  for (let back = input.days - 1; back >= 0; back -= 1) {
    const day = utcDay(new Date(today - back * DAY_MS));
    const count = byDay.get(day) ?? { total: 0, ok: 0 };
    const uptime = uptimeOf([count]);
    bars.push({ day, total: count.total, ok: count.ok, uptime, level: levelOf(uptime) });
  }
  return { last24h: uptimeOf([input.last24h]), lastDays: uptimeOf(bars), bars };
}
