import { createHash } from 'node:crypto';
import type { SystemName } from '../../config/SystemName.js';
import { SYSTEM_SETTINGS } from '../../config/systemSettings.js';
import type { SystemState } from '../../status/classifyCheck.js';
import type { StatusReport, SystemStatus } from '../../status/createStatusMonitor.js';
import type { DayBar } from '../../status/summarizeUptime.js';

export interface StatusPageOptions {
  readonly version: string;
  readonly refreshSeconds: number;
  /** How each system is read through this instance now: its cache hit rate and its budget's use. */
  readonly reads?: Readonly<Partial<Record<SystemName, ReadPathStatus>>>;
}

export interface ReadPathStatus {
  readonly cache: { readonly hitRate: number | null; readonly hits: number; readonly misses: number; readonly stale: number; readonly windowSeconds: number };
  readonly budget: { readonly budget: string; readonly inUse: number } | null;
}


const STATE_LABELS: Record<SystemState, string> = {
  operational: 'Operational',
  degraded: 'Degraded performance',
  outage: 'Major outage',
};

const LEVEL_LABELS: Record<DayBar['level'], string> = {
  no_data: 'no data',
  operational: 'no downtime',
  minor: 'minor downtime',
  major: 'partial outage',
  outage: 'major outage',
};

// Static, so the policy can allow it by hash: no 'unsafe-inline', and no script at all (the page reloads by meta refresh).
const STYLE = `
:root { color-scheme: light; --green: #2fcc66; --yellow: #f1c40f; --orange: #e67e22; --red: #e74c3c; --gray: #c8cdd3; --text: #1f2933; --muted: #66737f; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--text); background: #f6f8fa; }
main { max-width: 880px; margin: 0 auto; padding: 32px 20px 48px; }
header h1 { margin: 0; font-size: 28px; }
.meta, .muted { color: var(--muted); font-size: 13px; }
.banner { margin: 24px 0; padding: 16px 20px; border-radius: 6px; color: #fff; font-size: 18px; font-weight: 600; }
.banner.operational { background: var(--green); } .banner.degraded { background: var(--orange); } .banner.outage { background: var(--red); }
.card { background: #fff; border: 1px solid #e1e4e8; border-radius: 6px; }
.system { padding: 18px 20px; border-top: 1px solid #e1e4e8; }
.system:first-child { border-top: 0; }
.system-head { display: flex; justify-content: space-between; align-items: baseline; gap: 12px; }
.system h2 { margin: 0; font-size: 17px; }
.product { color: var(--muted); font-weight: 400; font-size: 14px; }
.state { font-weight: 600; font-size: 14px; }
.state.operational { color: #1e9e50; } .state.degraded { color: var(--orange); } .state.outage { color: var(--red); }
.bars { display: flex; gap: 2px; height: 34px; margin: 12px 0 6px; }
.bar { flex: 1 1 0; min-width: 2px; border-radius: 2px; background: var(--gray); }
.bar.operational { background: var(--green); } .bar.minor { background: var(--yellow); } .bar.major { background: var(--orange); } .bar.outage { background: var(--red); }
.axis { display: flex; align-items: center; gap: 10px; color: var(--muted); font-size: 12px; }
.axis .rule { flex: 1; border-top: 1px solid #e1e4e8; }
.uptime { margin: 8px 0 0; font-size: 13px; }
.incidents { margin-top: 32px; }
.incidents h2 { font-size: 20px; }
.incidents ol { list-style: none; margin: 0; padding: 0; }
.incident { padding: 14px 20px; border-top: 1px solid #e1e4e8; }
.incident:first-child { border-top: 0; }
.incident h3 { margin: 0 0 4px; font-size: 15px; }
.incident .open { color: var(--red); }
.incident .resolved { color: #1e9e50; }
.cause { margin: 4px 0 0; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; color: var(--muted); overflow-wrap: anywhere; }
.reads { margin: 6px 0 0; color: var(--muted); font-size: 13px; }
.notice { padding: 12px 16px; border-radius: 6px; background: #fff4e5; border: 1px solid #f5c27a; }
footer { margin-top: 32px; color: var(--muted); font-size: 13px; }
a { color: #0366d6; }
`;

const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

/** The page's own policy: its one inline style by hash, nothing else loaded, no script. */
export const STATUS_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${STYLE_HASH}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function formatTime(at: Date): string {
  return `${at.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function time(at: Date): string {
  return `<time datetime="${at.toISOString()}">${formatTime(at)}</time>`;
}

export function formatPercent(uptime: number | null): string {
  if (uptime === null) return 'no data';
  // Floor, not round: 99.996 % with a failed check must not read as a perfect 100.00 %.
  return `${(Math.floor(uptime * 10_000) / 100).toFixed(2)} %`;
}

export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

function overall(systems: readonly SystemStatus[]): { state: SystemState; text: string } {
  const down = systems.filter((system) => system.state === 'outage').length;
  if (down === systems.length) return { state: 'outage', text: 'Major outage: no upstream system is answering' };
  if (down > 0) return { state: 'outage', text: `Partial outage: ${down} of ${systems.length} systems down` };
  if (systems.some((system) => system.state === 'degraded')) return { state: 'degraded', text: 'Degraded performance' };
  return { state: 'operational', text: 'All systems operational' };
}

function renderBars(system: SystemStatus, days: number): string {
  const uptime = system.uptime;
  if (!uptime) return '';
  const bars = uptime.bars
    .map((bar) => {
      const detail = bar.total === 0 ? LEVEL_LABELS.no_data : `${formatPercent(bar.uptime)} of ${bar.total} checks, ${LEVEL_LABELS[bar.level]}`;
      return `<span class="bar ${bar.level}" title="${bar.day}: ${detail}"></span>`;
    })
    .join('');
  return `
    <div class="bars" role="img" aria-label="Uptime per day over the last ${days} days">${bars}</div>
    <div class="axis"><span>${days} days ago</span><span class="rule"></span><span>${formatPercent(uptime.lastDays)} uptime</span><span class="rule"></span><span>Today</span></div>
    <p class="uptime">Last 24 hours: <strong>${formatPercent(uptime.last24h)}</strong> · last ${days} days: <strong>${formatPercent(uptime.lastDays)}</strong></p>`;
}

function renderReads(reads: ReadPathStatus | undefined): string {
  if (!reads) return '';
  const { cache, budget } = reads;
  const minutes = Math.round(cache.windowSeconds / 60);
  const hitRate =
    cache.hitRate === null
      ? `Cache: no lookups in the last ${minutes} min`
      : `Cache hit rate <strong>${Math.floor(cache.hitRate * 100)} %</strong> of ${cache.hits + cache.misses + cache.stale} lookups in the last ${minutes} min${cache.stale > 0 ? `, ${cache.stale} served stale` : ''}`;
  const used = budget ? `Budget ${escapeHtml(budget.budget)}, <strong>${Math.round(budget.inUse * 100)} %</strong> in use` : 'No request budget';
  return `
    <p class="reads" data-cache-hit-rate="${cache.hitRate ?? ''}" data-budget-in-use="${budget?.inUse ?? ''}">${hitRate} · ${used}</p>`;
}

function renderSystem(system: SystemStatus, days: number, reads: ReadPathStatus | undefined): string {
  const label = SYSTEM_SETTINGS[system.name];
  return `
  <article class="system" data-system="${system.name}" data-state="${system.state}">
    <div class="system-head"><h2>${label.title} <span class="product">${label.product}</span></h2><span class="state ${system.state}">${STATE_LABELS[system.state]}</span></div>${renderReads(reads)}${renderBars(system, days)}
  </article>`;
}

function renderIncidents(report: StatusReport): string {
  if (!report.historyAvailable) return '';
  if (report.incidents.length === 0) return `<p class="muted">No incidents in the last ${report.days} days.</p>`;
  const items = report.incidents.map((incident) => {
    const name = Object.hasOwn(SYSTEM_SETTINGS, incident.system) ? SYSTEM_SETTINGS[incident.system as SystemName].title : incident.system;
    const end = incident.closedAt ?? report.generatedAt;
    const lasted = formatDuration(end.getTime() - incident.openedAt.getTime());
    const when = incident.closedAt
      ? `<span class="resolved">Resolved</span> · opened ${time(incident.openedAt)}, closed ${time(incident.closedAt)} (${lasted})`
      : `<span class="open">Ongoing</span> · opened ${time(incident.openedAt)} (${lasted} so far)`;
    const cause = incident.cause ? `<p class="cause">${escapeHtml(incident.cause)}</p>` : '';
    return `
    <li class="incident" data-system="${escapeHtml(incident.system)}"><h3>${escapeHtml(name)}: calls paused by the circuit breaker</h3><div>${when}</div>${cause}</li>`;
  });
  return `<div class="card"><ol>${items.join('')}
  </ol></div>`;
}

/** A hosted-status-page look: state now, a bar per day colored by its uptime, and the incidents. */
export function renderStatusPage(report: StatusReport, options: StatusPageOptions): string {
  const banner = overall(report.systems);
  const notice = report.historyAvailable
    ? ''
    : '<p class="notice">The history is unavailable right now (the gateway cannot read its database); the states shown are live.</p>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${options.refreshSeconds}">
<title>Switchyard status</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header>
  <h1>Switchyard status</h1>
  <p class="meta">Gateway ${escapeHtml(options.version)} · updated ${time(report.generatedAt)} · refreshes every ${options.refreshSeconds} s</p>
</header>
<div class="banner ${banner.state}">${banner.text}</div>
${notice}
<section class="card systems">${report.systems.map((system) => renderSystem(system, report.days, options.reads?.[system.name])).join('')}
</section>
<section class="incidents">
<h2>Incidents</h2>
${renderIncidents(report)}
</section>
<footer>Machine-readable: <code>GET /status</code> with <code>Accept: application/json</code>. API reference: <a href="/docs">/docs</a>; GraphQL schema: <a href="/schema.graphql">/schema.graphql</a>.</footer>
</main>
</body>
</html>
`;
}
