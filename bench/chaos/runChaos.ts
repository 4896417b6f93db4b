import { rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/startSandbox.js';
import { sandboxRecords } from '../../tests/helpers/sandboxRecords.js';
import type { SandboxProcess } from '../processes.js';
import type { ChaosSettings } from './chaosSettings.js';
import { startChaosTopology } from './chaosTopology.js';
import { checkRun, totalPending, violatedInvariants, type ChaosFindings } from './checkRun.js';
import { startFaultInjector, type FaultInjector, type FaultKind } from './faultInjector.js';
import { startOrderClients, type Catalog } from './orderClients.js';
import { graphqlData } from '../postGraphql.js';
import { readSandboxLedger } from './sandboxLedger.js';
import { openDeadLetters, replayDeadLetters, waitForQueueDrain, type ReplaySummary } from './settleQueue.js';

export interface ChaosResult {
  readonly settings: ChaosSettings;
  readonly faults: Readonly<Record<FaultKind, number>>;
  readonly retryReasons: ReadonlyMap<string, number>;
  readonly replay: ReplaySummary;
  readonly findings: ChaosFindings;
  /** Empty when the run passed. */
  readonly violations: readonly string[];
  /** The gateway processes' output, kept when the run failed (and removed when it passed). */
  readonly logDir: string | undefined;
  readonly seconds: number;
}

export interface RunChaosOptions {
  /** Each fault, restart and phase as it happens (stamped with the time since the run started). */
  readonly log: (line: string) => void;
  /** Called once the processes run, with what stops them all: for a caller that may give up on the run (a test's timeout). */
  readonly onStarted?: (close: () => Promise<void>) => void;
}

const CREATE_CLIENT_KEY = `mutation { createApiKey(input: { name: "chaos clients", role: CLIENT, plan: "enterprise" }) { secret apiKey { id } } }`;

/** The seeded customers with their currency, and the products on sale, from the ERP itself. */
async function readCatalog(sandbox: Pick<SandboxProcess, 'urls'>): Promise<Catalog> {
  const { erp } = sandboxRecords({ urls: sandbox.urls, credentials: SANDBOX_CREDENTIALS });
  const partners: { id: number; x_currency: string | false }[] = await erp('res.partner', 'search_read', [[['customer_rank', '>', 0]]], { fields: ['id', 'x_currency'] });
  const products: { id: number }[] = await erp('product.product', 'search_read', [[['active', '=', true]]], { fields: ['id'] });
  return {
    // Without x_currency the gateway reads a partner's currency as EUR (README, Configuration).
    customers: partners.map((partner) => ({ partnerId: partner.id, currency: partner.x_currency || 'EUR' })),
    productIds: products.map((product) => product.id),
  };
}

async function until(condition: () => boolean, what: string, timeoutMs = Infinity): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await sleep(200);
  }
}

/**
 * One chaos run: start the processes, place orders through faults, stop the faults, let clients
 * finish, drain the queue, replay dead letters, then check the systems' own records. Always stops
 * every process and drops the run's database.
 */
export async function runChaos(settings: ChaosSettings, options: RunChaosOptions): Promise<ChaosResult> {
  const started = Date.now();
  const log = (line: string) => options.log(`[+${((Date.now() - started) / 1000).toFixed(1).padStart(6)}s] ${line}`);
  const topology = await startChaosTopology(settings, log);
  options.onStarted?.(topology.close);
  let injector: FaultInjector | undefined;
  let retryUntil = Infinity;
  let passed = false;
  try {
    // Through the worker, which may be between a kill and its restart.
    const admin = async <T>(query: string) => {
      await until(() => topology.worker.url() !== undefined, 'the worker to be up', 120_000);
      return graphqlData<T>(topology.worker.url()!, topology.adminHeaders, query);
    };
    log(`run ${topology.runId}: database ${topology.database.name}, ${topology.instances.length} instance(s) and a worker up`);
    const { createApiKey } = await admin<{ createApiKey: { secret: string; apiKey: { id: string } } }>(CREATE_CLIENT_KEY);
    const catalog = await readCatalog(topology.sandbox);

    const clients = startOrderClients({
      clients: settings.clients,
      orders: settings.orders,
      durationMs: settings.durationSeconds * 1000,
      seed: settings.seed,
      runId: topology.runId,
      apiKey: createApiKey.secret,
      catalog,
      endpoints: topology.instances.map((instance) => () => instance.url()),
      retryUntil: () => retryUntil,
    });
    injector = startFaultInjector({ topology, seed: settings.seed, faultsPerMinute: settings.faultsPerMinute, progress: clients.progress, log });
    await until(clients.placingEnded, 'the clients to place every order');
    // Whatever happens, the faults end here; a fault that could not be carried out fails the run after the check.
    const faultFailure = await injector.stop().then(() => undefined, (error: unknown) => error as Error);
    retryUntil = Date.now() + settings.settleSeconds * 1000;
    const outcomes = await clients.done;
    log(`clients done: ${outcomes.length} orders answered or given up`);

    const settleDeadline = () => Math.max(retryUntil - Date.now(), 30_000);
    await waitForQueueDrain(topology.database, settleDeadline());
    const replay = await replayDeadLetters(admin);
    const jobsPending = await waitForQueueDrain(topology.database, settleDeadline());
    log(`queue settled (${totalPending(jobsPending)} jobs pending); dead letters replayed: ${replay.replayed} in ${replay.rounds} round(s), ${replay.failed} failed`);

    const findings = checkRun({
      outcomes,
      ledger: await readSandboxLedger(topology.sandbox),
      principalId: createApiKey.apiKey.id,
      deadLettersOpen: await openDeadLetters(admin),
      jobsPending,
    });
    const violations = [
      ...violatedInvariants(findings),
      ...topology.deaths(),
      ...(faultFailure ? [`fault injection failed: ${faultFailure.message}`] : []),
    ];
    passed = violations.length === 0;
    return {
      settings,
      faults: injector.counts(),
      retryReasons: clients.retryReasons(),
      replay,
      findings,
      violations,
      logDir: violations.length > 0 ? topology.logDir : undefined,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    // On a failure mid-run: no more faults, and clients give up at their next failure.
    retryUntil = 0;
    await injector?.stop().catch(() => undefined);
    await topology.close();
    if (passed) await rm(topology.logDir, { recursive: true, force: true });
  }
}
