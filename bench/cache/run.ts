import { writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { SANDBOX_WEBHOOK_SECRETS, VENDOR_RATE_LIMITS } from '../../src/sandbox/startSandbox.js';
import { createPrng } from '../../src/sandbox/prng.js';
import type { SandboxSystem } from '../../src/sandbox/SandboxSystem.js';
import { describeMachine, MACHINE } from '../machine.js';
import { LOAD } from '../measure.js';
import { startGatewayProcess, startSandboxProcess, type RunningProcess, type SandboxProcess } from '../processes.js';
import { createRunDatabase } from '../runDatabase.js';
import { loginToOdoo } from '../peer/odooSession.js';
import { startPeerGateway } from '../peer/startPeerGateway.js';
import { PEER_RESPONSE_CACHE_TTL_ENV } from '../peer/peerEnv.js';
import { floorTarget, peerTarget, switchyardTarget, type CacheBenchTarget, type Kind } from './cacheTargets.js';
import { createChangeWriter, type ChangeWriter, type WrittenChange } from './changeWriter.js';
import type { FactSystem } from './facts.js';
import { createStalenessLog, type StalenessLog, type StalenessSummary } from './stalenessLog.js';
import { createZipf } from './zipf.js';

/**
 * `npm run bench:cache`: virtual clients ask for customers and orders drawn from Zipf(1) over the
 * seeded data while a writer changes records directly in the sandbox, and every answer is checked
 * against the changes. Same workload and load settings, one run, for Switchyard with its cache off
 * and on, Hive Gateway + Mesh with its response cache, and the floor (direct calls, no gateway).
 * BENCH_DURATION, BENCH_CONNECTIONS as in bench:peer; BENCH_WARMUP (20 s, every target alike),
 * BENCH_CHANGES_PER_SECOND (4), BENCH_PEER_TTL_MS (2000, the TTL Hive's response-caching docs configure),
 * BENCH_JSON=file writes the figures.
 */
const DATABASE_URL = process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/test';
/** Long enough for the popular records to be cached, as they are in a gateway that has been up a while. */
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP ?? 20);
const CHANGES_PER_SECOND = Number(process.env.BENCH_CHANGES_PER_SECOND ?? 4);
const PEER_TTL_MS = Number(process.env.BENCH_PEER_TTL_MS ?? 2000);
const ERP_POLL_SECONDS = 5;
/** How stale an answer may be: a second for what a system announces, a poll and a second for Odoo. */
const BOUNDS: Record<FactSystem, number> = { crm: 1000, payments: 1000, shipping: 1000, erp: ERP_POLL_SECONDS * 1000 + 1000 };
const PROBE_INTERVAL_MS = 50;
const PROBE_GIVE_UP_MS = 30_000;
const SYSTEMS: readonly FactSystem[] = ['crm', 'payments', 'shipping', 'erp'];
// The systems the read load reaches; the access point takes no part in it.
const READ_SYSTEMS: readonly SandboxSystem[] = ['crm', 'erp', 'payments', 'shipping'];

const TARGETS = ['Switchyard cache off', 'Switchyard cache on', 'Hive Gateway + Mesh response cache', 'floor (direct calls)'] as const;
type TargetName = (typeof TARGETS)[number];

interface Figures {
  readonly target: string;
  readonly reqPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
  readonly upstreamCallsPer1000: number;
  readonly upstreamCallsBySystem: Record<SandboxSystem, number>;
  readonly queries: number;
  readonly staleness: StalenessSummary;
  /** 429s the sandbox sent, by route, when it enforced the vendors' limits. */
  readonly sent429?: Record<string, number>;
  /** CPU the gateway process spent per request (NaN for the floor, which has none). */
  readonly cpuMsPerRequest: number;
  /** CPU this process (clients, checker, writer; the floor's calls) spent per request: it shares the machine. */
  readonly benchCpuMsPerRequest: number;
}

const percentile = (sorted: readonly number[], fraction: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))] ?? Number.NaN;

async function control(sandbox: SandboxProcess, system: SandboxSystem, path: string, method: string, body?: unknown) {
  const response = await fetch(`${sandbox.urls[system]}/_control/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`sandbox ${system} ${method} /_control/${path}: HTTP ${response.status}`);
  return (await response.json()) as ControlAnswer;
}

/** What the control routes answer, as far as the bench reads it: stats. */
interface ControlAnswer {
  readonly requests: number;
  readonly rateLimited?: { readonly total: number; readonly byRoute: Record<string, number> };
}

/** Where the sandbox's Stripe, carrier and CRM post their events: a gateway, or nowhere. */
async function pointWebhooks(sandbox: SandboxProcess, gateway: string | null) {
  const paths: Partial<Record<SandboxSystem, string>> = { payments: '/webhooks/stripe', shipping: '/webhooks/shipping', crm: '/webhooks/hubspot' };
  for (const [system, path] of Object.entries(paths) as [SandboxSystem, string][]) {
    await control(sandbox, system, 'webhooks', 'POST', { url: gateway === null ? null : `${gateway}${path}` });
  }
}

/** The run: one writer and its log across the targets, the same draws for every target. */
interface Run {
  readonly sandbox: SandboxProcess;
  readonly writer: ChangeWriter;
  readonly log: StalenessLog;
}

/** Loads one target: warm-up, then the measured window with the writer changing records throughout. */
async function measure(run: Run, name: string, target: CacheBenchTarget, gatewayProcess?: Pick<RunningProcess, 'cpuSeconds'>): Promise<Figures> {
  const { sandbox, writer, log } = run;
  let stopped = false;
  let probeQueries = 0;
  const probes: Promise<void>[] = [];

  const ask = async (kind: Kind, id: number) => {
    const sentAt = Date.now();
    const started = performance.now();
    try {
      const answer = await target.ask(kind, id);
      log.observe(sentAt, Date.now(), answer.facts);
      return { ok: answer.ok, ms: performance.now() - started, sentAt };
    } catch {
      return { ok: false, ms: performance.now() - started, sentAt };
    }
  };
  // Each change is asked for until an answer shows it: its staleness, whatever the load happens to read.
  const probe = async (change: WrittenChange) => {
    const giveUp = Date.now() + PROBE_GIVE_UP_MS;
    while (change.seenAt === undefined && Date.now() < giveUp) {
      probeQueries += 1;
      await ask(change.probe.kind, change.probe.id);
      if (change.seenAt === undefined) await sleep(PROBE_INTERVAL_MS);
    }
  };
  let turn = 0;
  const writing = setInterval(() => {
    const system = SYSTEMS[turn++ % SYSTEMS.length]!;
    writer.change(system).then(
      (change) => {
        log.changed(change);
        probes.push(probe(change));
      },
      (error: unknown) => console.error(`writer (${system}) failed:`, (error as Error).message),
    );
  }, 1000 / CHANGES_PER_SECOND);

  let window = { start: Infinity, end: Infinity };
  const latencies: number[] = [];
  let errors = 0;
  const client = async (seed: number) => {
    const prng = createPrng(seed, 'bench-cache-client');
    const customers = createZipf(500, 1, () => prng.next());
    const orders = createZipf(5000, 1, () => prng.next());
    while (!stopped) {
      const kind: Kind = prng.next() < 0.5 ? 'customer' : 'order';
      const result = await ask(kind, kind === 'customer' ? customers() : orders());
      if (result.sentAt < window.start || result.sentAt > window.end) continue;
      latencies.push(result.ms);
      if (!result.ok) errors += 1;
    }
  };
  const clients = Array.from({ length: LOAD.connections }, (_, index) => client(index + 1));
  await sleep(WARMUP_SECONDS * 1000);

  await Promise.all(READ_SYSTEMS.map((system) => control(sandbox, system, 'reset', 'POST')));
  writer.resetCalls();
  const probesBefore = probeQueries;
  window = { start: Date.now(), end: Infinity };
  log.startWindow(window.start);
  const cpuBefore = (await gatewayProcess?.cpuSeconds()) ?? Number.NaN;
  const benchCpuBefore = process.cpuUsage();
  await sleep(LOAD.duration * 1000);
  const benchCpu = process.cpuUsage(benchCpuBefore);
  const cpuAfter = (await gatewayProcess?.cpuSeconds()) ?? Number.NaN;
  window = { ...window, end: Date.now() };
  log.endWindow(window.end);
  const stats = await Promise.all(READ_SYSTEMS.map(async (system) => [system, await control(sandbox, system, 'stats', 'GET')] as const));
  const windowProbes = probeQueries - probesBefore;
  clearInterval(writing);
  stopped = true;
  await Promise.all(clients);
  await Promise.all(probes);

  const calls = Object.fromEntries(stats.map(([system, snapshot]) => [system, snapshot.requests - run.writer.calls[system]])) as Record<SandboxSystem, number>;
  const sent429 = Object.fromEntries(stats.flatMap(([system, snapshot]) => Object.entries(snapshot.rateLimited?.byRoute ?? {}).map(([route, count]) => [`${system} ${route}`, count])));
  const seconds = (window.end - window.start) / 1000;
  latencies.sort((a, b) => a - b);
  const queries = latencies.length + windowProbes;
  const total = Object.values(calls).reduce((sum, count) => sum + count, 0);
  return {
    target: name,
    reqPerSec: latencies.length / seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    errors,
    upstreamCallsPer1000: (total / Math.max(queries, 1)) * 1000,
    upstreamCallsBySystem: calls,
    queries,
    staleness: log.summary(),
    cpuMsPerRequest: ((cpuAfter - cpuBefore) * 1000) / Math.max(latencies.length, 1),
    benchCpuMsPerRequest: (benchCpu.user + benchCpu.system) / 1000 / Math.max(latencies.length, 1),
    sent429,
  };
}

const ms = (value: number) => (Number.isNaN(value) ? '–' : value >= 100 ? value.toFixed(0) : value.toFixed(1));

function describe(figures: Figures): string {
  const { staleness } = figures;
  const bySystem = SYSTEMS.map((system) => `${system} ${ms(staleness.staleness[system].p99)}`).join(', ');
  return (
    `${figures.target.padEnd(36)} ${figures.reqPerSec.toFixed(1).padStart(7)} req/s  p50 ${ms(figures.p50Ms)} ms  p99 ${ms(figures.p99Ms)} ms  errors ${figures.errors}  CPU ms/request gateway ${ms(figures.cpuMsPerRequest)} bench ${ms(figures.benchCpuMsPerRequest)}` +
    `  upstream calls/1000 ${figures.upstreamCallsPer1000.toFixed(0)}  staleness p50 ${ms(staleness.staleness.all.p50)} p99 ${ms(staleness.staleness.all.p99)} max ${ms(staleness.staleness.all.max)} ms (p99 ${bySystem})` +
    `  stale answers ${staleness.staleAnswers}/${staleness.answers}  changes ${staleness.changes} (unseen ${staleness.unseen})`
  );
}

async function main(): Promise<void> {
  console.log(
    `Cache bench: ${LOAD.connections} connections, ${LOAD.duration} s measured after ${WARMUP_SECONDS} s warm-up, ${CHANGES_PER_SECOND} changes/s, ` +
      `bounds ${JSON.stringify(BOUNDS)} ms; ${describeMachine()}`,
  );
  const sandbox = await startSandboxProcess();
  const database = await createRunDatabase(DATABASE_URL, `switchyard_cache_bench_${Date.now()}`);
  const results: Figures[] = [];
  const budgetPhase: Figures[] = [];
  try {
    const odoo = await loginToOdoo(sandbox.urls.erp);
    const prng = createPrng(7, 'bench-cache-writer');
    const writer = await createChangeWriter({
      urls: sandbox.urls,
      odoo,
      customerIds: createZipf(500, 1, () => prng.next()),
      orderIds: createZipf(5000, 1, () => prng.next()),
    });
    const run: Run = { sandbox, writer, log: createStalenessLog(BOUNDS) };
    const webhookSecrets = {
      STRIPE_WEBHOOK_SECRETS: SANDBOX_WEBHOOK_SECRETS.payments,
      SHIPPING_WEBHOOK_SECRETS: SANDBOX_WEBHOOK_SECRETS.shipping,
      HUBSPOT_CLIENT_SECRETS: SANDBOX_WEBHOOK_SECRETS.crm,
      POLL_ERP_SECONDS: String(ERP_POLL_SECONDS),
    };

    const switchyard = async (name: string, env: Record<string, string>) => {
      const gateway = await startGatewayProcess(sandbox, { DATABASE_URL: database.url, ...webhookSecrets, ...env });
      try {
        await pointWebhooks(sandbox, gateway.graphqlUrl.replace(/\/graphql$/, ''));
        const figures = await measure({ ...run, log: createStalenessLog(BOUNDS) }, name, switchyardTarget(gateway.graphqlUrl, gateway.headers), gateway);
        console.log(describe(figures));
        return figures;
      } finally {
        await pointWebhooks(sandbox, null);
        await gateway.stop();
      }
    };
    const runs: Record<TargetName, () => Promise<Figures>> = {
      'Switchyard cache off': () => switchyard('Switchyard cache off', { CACHE: 'off' }),
      'Switchyard cache on': () => switchyard('Switchyard cache on', { CACHE: 'on' }),
      'Hive Gateway + Mesh response cache': async () => {
        const peer = await startPeerGateway(sandbox, odoo, { [PEER_RESPONSE_CACHE_TTL_ENV]: String(PEER_TTL_MS) });
        try {
          const figures = await measure({ ...run, log: createStalenessLog(BOUNDS) }, 'Hive Gateway + Mesh response cache', peerTarget(peer.graphqlUrl, peer.headers), peer);
          console.log(describe(figures));
          return figures;
        } finally {
          await peer.stop();
        }
      },
      'floor (direct calls)': async () => {
        const figures = await measure({ ...run, log: createStalenessLog(BOUNDS) }, 'floor (direct calls)', floorTarget(sandbox.urls, odoo));
        console.log(describe(figures));
        return figures;
      },
    };
    for (const target of TARGETS) results.push(await runs[target]());

    // The same load against a sandbox that enforces each vendor's limit. The writer is another program on
    // the same accounts (a changed contact a second, a payment a second), so the budgets leave it its share.
    console.log(
      "\nAgainst the vendors' limits (HubSpot 100/10 s, Stripe test mode 25/s, EasyPost 5/s) shared with the writer, budgets below them: " +
        'CRM 85/10s, Stripe 20/1s, EasyPost 5/1s:',
    );
    for (const system of ['crm', 'payments', 'shipping'] as const) await control(sandbox, system, 'rate-limit', 'POST', VENDOR_RATE_LIMITS[system]);
    const vendorBudgets = { CRM_BUDGET: '85/10s', PAYMENTS_BUDGET: '20/1s', SHIPPING_BUDGET: '5/1s' };
    try {
      for (const [name, cache] of [['Switchyard cache on, budgets', 'on'], ['Switchyard cache off, budgets', 'off']] as const) {
        const figures = await switchyard(name, { CACHE: cache, ...vendorBudgets });
        budgetPhase.push(figures);
        console.log(`  429s the sandbox sent, by route: ${JSON.stringify(figures.sent429)}`);
      }
    } finally {
      for (const system of ['crm', 'payments', 'shipping'] as const) await control(sandbox, system, 'rate-limit', 'DELETE');
    }
  } finally {
    await sandbox.stop();
    await database.drop();
  }

  const floor = results.find((figures) => figures.target === 'floor (direct calls)')!;
  const on = results.find((figures) => figures.target === 'Switchyard cache on')!;
  console.log(
    `\nSwitchyard cache on ÷ floor: req/s ×${(on.reqPerSec / floor.reqPerSec).toFixed(2)} (target ≥ 3), ` +
      `upstream calls per 1000 queries ${((on.upstreamCallsPer1000 / floor.upstreamCallsPer1000) * 100).toFixed(1)} % of the floor's (target ≤ 10 %)`,
  );
  if (process.env.BENCH_JSON) {
    const targets = results.map((figures) => ({
      target: figures.target,
      reqPerSec: figures.reqPerSec,
      p50Ms: figures.p50Ms,
      p99Ms: figures.p99Ms,
      upstreamCallsPer1000: figures.upstreamCallsPer1000,
      stalenessP50Ms: figures.staleness.staleness.all.p50,
      stalenessP99Ms: figures.staleness.staleness.all.p99,
      stalenessMaxMs: figures.staleness.staleness.all.max,
      staleAnswers: figures.staleness.staleAnswers,
      errors: figures.errors,
      gatewayCpuMsPerRequest: Number.isNaN(figures.cpuMsPerRequest) ? null : figures.cpuMsPerRequest,
      stalenessBySystem: figures.staleness.staleness,
      upstreamCallsBySystem: figures.upstreamCallsBySystem,
    }));
    const settings = { connections: LOAD.connections, durationSeconds: LOAD.duration, warmupSeconds: WARMUP_SECONDS, changesPerSecond: CHANGES_PER_SECOND, boundsMs: BOUNDS, peerTtlMs: PEER_TTL_MS };
    const budgets = budgetPhase.map((figures) => ({ target: figures.target, reqPerSec: figures.reqPerSec, errors: figures.errors, sent429: figures.sent429 }));
    await writeFile(process.env.BENCH_JSON, `${JSON.stringify({ machine: { ...MACHINE, date: new Date().toISOString() }, settings, targets, budgets }, null, 2)}\n`);
    console.log(`Figures written to ${process.env.BENCH_JSON}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
