import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SystemName } from '../../src/config/SystemName.js';
import { createStatusStore, type StoredCheck } from '../../src/status/createStatusStore.js';
import { startStack, type Stack } from '../helpers/startStack.js';

const CONTACT_QUERY = `query($id: ID!) { customer(id: $id) { name crm { email } } }`;
const customerId = Buffer.from('Customer:1').toString('base64url');
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const DAY_MS = 86_400_000;

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The markup of one system's block on the page. */
function systemBlock(html: string, system: string): string {
  return new RegExp(`<article class="system" data-system="${system}"[\\s\\S]*?</article>`).exec(html)?.[0] ?? '';
}

describe('status page', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      env: {
        CRM_RETRY_LIMIT: '0',
        CRM_BREAKER_VOLUME_THRESHOLD: '3',
        CRM_BREAKER_ERROR_PERCENT: '50',
        CRM_BREAKER_RESET_MS: '400',
        // Checks are seeded or taken by hand here; a scheduled one would change the numbers under test.
        STATUS_CHECK_CRON: '0 0 1 1 *',
        STATUS_PAGE_REFRESH_SECONDS: '30',
      },
    });
  });
  afterAll(() => stack?.close());

  const page = async () => {
    const response = await fetch(`${stack.url}/status`, { headers: { accept: BROWSER_ACCEPT } });
    expect(response.status).toBe(200);
    return { response, html: await response.text() };
  };

  it('keeps answering JSON to API clients, by default and for Accept: application/json', async () => {
    for (const headers of [{}, { accept: 'application/json' }, { accept: '*/*' }] as Record<string, string>[]) {
      const response = await fetch(`${stack.url}/status`, { headers });
      expect(response.headers.get('content-type')).toContain('application/json');
      const body = (await response.json()) as Record<string, unknown> & { systems: Record<string, unknown>[] };
      expect(Object.keys(body).sort()).toEqual(['sandbox', 'service', 'systems', 'uptimeSeconds', 'version']);
      expect(body.systems.map((system) => system.name)).toEqual(['crm', 'erp', 'payments', 'shipping', 'einvoicing']);
      expect(Object.keys(body.systems[0]!).sort()).toEqual(['baseUrl', 'breaker', 'budget', 'cache', 'latencyMs', 'name', 'openedAt', 'window']);
      expect(body.systems[0]).toMatchObject({ breaker: 'closed', openedAt: null, window: { calls: expect.any(Number), errorRate: expect.any(Number) } });
    }
  });

  it('serves a browser a self-refreshing HTML page under a strict policy that allows its one style by hash', async () => {
    const { response, html } = await page();
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(html).toContain('<meta http-equiv="refresh" content="30">');
    expect(html).not.toContain('<script');
    expect(html).not.toMatch(/(src|href)="https?:/);
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain(`style-src 'sha256-${createHash('sha256').update(style).digest('base64')}'`);
    expect(policy).toContain("default-src 'none'");
    expect(policy).not.toContain('unsafe-inline');
    for (const system of ['crm', 'erp', 'payments', 'shipping', 'einvoicing']) expect(systemBlock(html, system)).toContain('Operational');
    expect(html).toContain('All systems operational');
  });

  // Recorded as the scheduled check records them: the raw check and its day's count together.
  const record = (checks: StoredCheck[]) => createStatusStore(stack.app.store.prisma).recordChecks(checks);
  const check = (system: SystemName, at: number, ok: boolean): StoredCheck => ({
    system,
    at: new Date(at),
    state: ok ? 'operational' : 'outage',
    breaker: ok ? 'closed' : 'open',
    latencyMs: 20,
    ok,
  });

  it('computes uptime over 24 hours from the checks and over 90 days from their daily counts', async () => {
    const now = Date.now();
    await record([
      ...Array.from({ length: 20 }, (_, i) => check('shipping', now - 3_600_000 + i * 60_000, i !== 7)),
      ...Array.from({ length: 80 }, (_, i) => check('shipping', now - 2 * DAY_MS + i * 60_000, true)),
      // Past the 90 days shown: counted nowhere.
      check('shipping', now - 120 * DAY_MS, false),
    ]);
    const days = await stack.app.store.prisma.statusDay.findMany({ where: { system: 'shipping' } });
    const sum = (state: 'operational' | 'degraded' | 'outage') => days.reduce((total, day) => total + day[state], 0);
    expect({ operational: sum('operational'), degraded: sum('degraded'), outage: sum('outage') }).toEqual({ operational: 99, degraded: 0, outage: 2 });
    const oldDay = new Date(now - 120 * DAY_MS).toISOString().slice(0, 10);
    expect(days.find((day) => day.day.toISOString().slice(0, 10) === oldDay)).toMatchObject({ operational: 0, outage: 1 });

    const block = systemBlock((await page()).html, 'shipping');
    expect(block).toContain('Last 24 hours: <strong>95.00 %</strong>');
    expect(block).toContain('last 90 days: <strong>99.00 %</strong>');
    expect(block.match(/class="bar /g)).toHaveLength(90);
    const twoDaysAgo = new Date(now - 2 * DAY_MS).toISOString().slice(0, 10);
    expect(block).toContain(`<span class="bar operational" title="${twoDaysAgo}: 100.00 % of 80 checks, no downtime"></span>`);
    // A system with no checks at all shows no figure rather than a made-up 100 %.
    expect(systemBlock((await page()).html, 'payments')).toContain('Last 24 hours: <strong>no data</strong>');
  });

  it('records a check per system from the breakers, probing the systems nobody called', async () => {
    const checks = await stack.app.status.check();
    expect(checks.map((check) => check.system)).toEqual(['crm', 'erp', 'payments', 'shipping', 'einvoicing']);
    for (const check of checks) expect(check).toMatchObject({ state: 'operational', breaker: 'closed', ok: true });
    const stored = await stack.app.store.prisma.statusCheck.count({ where: { system: 'payments' } });
    expect(stored).toBe(1);
  });

  it('turns a breaker opened by an injected fault into an incident with its open and close times', async () => {
    await stack.fault('crm', { route: '*', mode: 'error', status: 503 });
    const crmCode = async () => (await stack.graphql(CONTACT_QUERY, { id: customerId })).body.errors?.[0]?.extensions?.code;
    await waitFor(crmCode, (code) => code === 'CIRCUIT_OPEN', 'the CRM breaker to open');

    const incidents = () => stack.app.store.prisma.incident.findMany({ where: { system: 'crm' } });
    const [open] = await waitFor(incidents, (rows) => rows.length === 1, 'the incident to be recorded');
    expect(open).toMatchObject({ closedAt: null, openSystem: 'crm', cause: expect.stringContaining('unavailable') });

    const during = await page();
    expect(systemBlock(during.html, 'crm')).toContain('Major outage');
    expect(during.html).toContain('Partial outage: 1 of 5 systems down');
    expect(during.html).toMatch(/<li class="incident" data-system="crm">[\s\S]*?Ongoing[\s\S]*?<\/li>/);

    // The CRM recovers; the breaker half-opens after its reset timeout and a good trial call closes it.
    await stack.resetSandbox();
    const crmBreaker = async () =>
      ((await (await fetch(`${stack.url}/status`)).json()) as { systems: { name: string; breaker: string }[] }).systems.find((s) => s.name === 'crm')?.breaker;
    await waitFor(crmBreaker, (state) => state === 'half_open', 'the breaker to half-open');
    expect((await stack.graphql(CONTACT_QUERY, { id: customerId })).body.errors).toBeUndefined();

    const [closed] = await waitFor(incidents, (rows) => rows[0]?.closedAt !== null, 'the incident to close');
    expect(closed!.id).toBe(open!.id);
    expect(closed!.openSystem).toBeNull();
    expect(closed!.closedAt!.getTime()).toBeGreaterThanOrEqual(closed!.openedAt.getTime());

    const after = (await page()).html;
    const item = /<li class="incident" data-system="crm">[\s\S]*?<\/li>/.exec(after)?.[0] ?? '';
    expect(item).toContain('Resolved');
    expect(item).toContain(`opened <time datetime="${closed!.openedAt.toISOString()}">`);
    expect(item).toContain(`closed <time datetime="${closed!.closedAt!.toISOString()}">`);
    expect(item).toContain('unavailable');
    // Closed again; its window still holds the outage's failures for a while, so degraded is fair too.
    expect(systemBlock(after, 'crm')).toMatch(/data-state="(operational|degraded)"/);
  });

  it('opens one incident per outage even when several instances see it open', async () => {
    const at = new Date();
    const incidents = stack.app.store.prisma.incident;
    await Promise.all([
      incidents.createMany({ data: [{ id: randomUUID(), system: 'erp', openSystem: 'erp', openedAt: at }], skipDuplicates: true }),
      incidents.createMany({ data: [{ id: randomUUID(), system: 'erp', openSystem: 'erp', openedAt: at }], skipDuplicates: true }),
    ]);
    expect(await incidents.count({ where: { system: 'erp', closedAt: null } })).toBe(1);
    // A healthy check closes an incident left open by an instance that died with its breaker open.
    await stack.app.status.check();
    expect(await incidents.count({ where: { system: 'erp', closedAt: null } })).toBe(0);
  });

  it('leaves the purge to the one hourly retention schedule, run once across instances', async () => {
    const { rows } = await stack.app.store.pool.query<{ name: string; cron: string }>(
      `SELECT name, cron FROM "${stack.database.queueSchema}".schedule ORDER BY name`,
    );
    expect(rows.map((row) => row.name)).toContain('retention-purge');
    expect(rows.map((row) => row.name)).not.toContain('status-purge');
    expect(rows.find((row) => row.name === 'retention-purge')?.cron).toBe('17 * * * *');
  });

  it('purges raw checks after a week and daily counts after 90 days, and still shows the days in between', async () => {
    const monthAgo = Date.now() - 30 * DAY_MS;
    await record([check('erp', monthAgo, false), check('erp', monthAgo + 60_000, true)]);
    const purged = await stack.app.status.purge();
    // The month-old pair and the 120-day-old check are past a week; only the latter's day is past 90 days.
    expect(purged).toEqual({ status_checks: 3, status_days: 1, incidents: 0 });
    const checks = stack.app.store.prisma.statusCheck;
    expect(await checks.count({ where: { at: { lt: new Date(Date.now() - 7 * DAY_MS) } } })).toBe(0);
    expect(await checks.count()).toBeGreaterThan(0);

    const day = new Date(monthAgo).toISOString().slice(0, 10);
    expect(systemBlock((await page()).html, 'erp')).toContain(`<span class="bar outage" title="${day}: 50.00 % of 2 checks, major outage"></span>`);
  });
});
