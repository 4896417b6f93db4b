import { describe, expect, it } from 'vitest';
import type { BreakerSnapshot } from '../../src/connectors/core/createBreakerRegistry.js';
import { formatDuration, formatPercent } from '../../src/http/statusPage/renderStatusPage.js';
import { classifyCheck } from '../../src/status/classifyCheck.js';
import { levelOf, summarizeUptime, uptimeOf } from '../../src/status/summarizeUptime.js';

const NOW = new Date('2026-11-26T10:30:00Z');

describe('uptimeOf', () => {
  it('is the share of ok checks over every period given, and unknown without checks', () => {
    expect(uptimeOf([{ total: 1440, ok: 1440 }])).toBe(1);
    expect(uptimeOf([{ total: 1000, ok: 990 }, { total: 1000, ok: 1000 }])).toBeCloseTo(0.995, 10);
    expect(uptimeOf([])).toBeNull();
    expect(uptimeOf([{ total: 0, ok: 0 }])).toBeNull();
  });
});

describe('levelOf', () => {
  it('colors a day as hosted status pages do', () => {
    expect(levelOf(null)).toBe('no_data');
    expect(levelOf(1)).toBe('operational');
    expect(levelOf(0.999)).toBe('operational');
    expect(levelOf(0.9989)).toBe('minor');
    expect(levelOf(0.99)).toBe('minor');
    expect(levelOf(0.97)).toBe('major');
    expect(levelOf(0.5)).toBe('outage');
  });
});

describe('summarizeUptime', () => {
  const summary = summarizeUptime({
    now: NOW,
    days: 90,
    last24h: { total: 1440, ok: 1410 },
    daily: [
      { day: '2026-11-26', total: 630, ok: 600 },
      { day: '2026-11-25', total: 1440, ok: 1440 },
      // Two rows of one day (e.g. from two queries) add up.
      { day: '2026-11-20', total: 700, ok: 700 },
      { day: '2026-11-20', total: 740, ok: 0 },
      // Older than the 90 days shown: left out.
      { day: '2026-08-01', total: 1440, ok: 0 },
    ],
  });

  it('has one bar per UTC day, oldest first, ending today, with missing days as no data', () => {
    expect(summary.bars).toHaveLength(90);
    expect(summary.bars.at(-1)).toMatchObject({ day: '2026-11-26', total: 630, ok: 600, level: 'major' });
    expect(summary.bars.at(-2)).toMatchObject({ day: '2026-11-25', uptime: 1, level: 'operational' });
    expect(summary.bars[0]).toMatchObject({ day: '2026-08-29', total: 0, uptime: null, level: 'no_data' });
    const twentieth = summary.bars.find((bar) => bar.day === '2026-11-20');
    expect(twentieth).toMatchObject({ total: 1440, ok: 700, level: 'outage' });
    expect(twentieth?.uptime).toBeCloseTo(700 / 1440, 10);
  });

  it('computes the 24-hour figure from its own counts and the period figure from the days shown', () => {
    expect(summary.last24h).toBeCloseTo(1410 / 1440, 10);
    expect(summary.lastDays).toBeCloseTo((600 + 1440 + 700) / (630 + 1440 + 1440), 10);
  });

  it('reports no uptime at all before the first check', () => {
    const empty = summarizeUptime({ now: NOW, days: 7, last24h: { total: 0, ok: 0 }, daily: [] });
    expect(empty).toMatchObject({ last24h: null, lastDays: null });
    expect(empty.bars.map((bar) => bar.level)).toEqual(Array(7).fill('no_data'));
  });
});

describe('formatPercent', () => {
  it('never rounds a failed check up to a perfect score', () => {
    expect(formatPercent(1)).toBe('100.00 %');
    expect(formatPercent(0.99996)).toBe('99.99 %');
    expect(formatPercent(0.5)).toBe('50.00 %');
    expect(formatPercent(null)).toBe('no data');
  });

  it('says how long an incident lasted in the largest sensible unit', () => {
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(4 * 60_000)).toBe('4 min');
    expect(formatDuration(125 * 60_000)).toBe('2 h 5 min');
    expect(formatDuration(75 * 3_600_000)).toBe('3 d 3 h');
  });
});

describe('classifyCheck', () => {
  const snapshot = (overrides: Partial<BreakerSnapshot>): BreakerSnapshot => ({
    system: 'crm',
    state: 'closed',
    openedAt: null,
    fires: 0,
    successes: 0,
    failures: 0,
    rejects: 0,
    timeouts: 0,
    errorRate: 0,
    latencyP50Ms: null,
    latencyP95Ms: null,
    ...overrides,
  });

  it('takes an open or half-open breaker as an outage', () => {
    expect(classifyCheck(snapshot({ state: 'open', openedAt: NOW }))).toMatchObject({ state: 'outage', ok: false, breaker: 'open' });
    expect(classifyCheck(snapshot({ state: 'half_open' }))).toMatchObject({ state: 'outage', ok: false });
  });

  it('calls a system with a closed breaker but failures in its window degraded, which still counts as up', () => {
    const calls = { fires: 20, successes: 19, failures: 1, latencyP50Ms: 12 };
    expect(classifyCheck(snapshot({ ...calls, errorRate: 0.05 }))).toEqual({ state: 'operational', breaker: 'closed', latencyMs: 12, ok: true });
    expect(classifyCheck(snapshot({ ...calls, errorRate: 0.2 }))).toMatchObject({ state: 'degraded', ok: true });
    expect(classifyCheck(snapshot({ ...calls, errorRate: 0.9 }))).toMatchObject({ state: 'degraded', ok: true });
  });

  it('asks the probe only about a system the gateway has not called lately', () => {
    expect(classifyCheck(snapshot({}), { reachable: false, latencyMs: null })).toMatchObject({ state: 'outage', ok: false });
    expect(classifyCheck(snapshot({}), { reachable: true, latencyMs: 8 })).toMatchObject({ state: 'operational', latencyMs: 8, ok: true });
    // With calls in the window the breaker's numbers decide, whatever a probe said.
    expect(classifyCheck(snapshot({ fires: 3, successes: 3 }), { reachable: false, latencyMs: null })).toMatchObject({ state: 'operational' });
  });
});
