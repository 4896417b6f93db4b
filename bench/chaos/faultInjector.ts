import { setTimeout as sleep } from 'node:timers/promises';
import { createPrng } from '../../src/sandbox/prng.js';
import type { FaultSpec } from '../../tests/helpers/startStack.js';
import type { ChaosTopology, StopSignal } from './chaosTopology.js';

export const FAULT_KINDS = [
  'upstream-errors',
  'upstream-timeouts',
  'upstream-outage',
  'worker-kill',
  'instance-restart',
  'db-connections-dropped',
  'instance-stop',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

type System = 'crm' | 'erp' | 'payments' | 'shipping';
const SYSTEMS: readonly System[] = ['crm', 'erp', 'payments', 'shipping'];

/** Whole systems mostly, and now and then only the writes placeOrder and its follow-ups make. */
const ROUTES: Record<System, readonly string[]> = {
  crm: ['*', '*', 'POST /crm/v3/objects/notes*'],
  erp: ['*', '*', 'POST /jsonrpc object.execute_kw sale.order *'],
  payments: ['*', '*', '* /v1/payment_intents*'],
  shipping: ['*', '*', 'POST /v2/trackers'],
};

/** How often each kind is drawn for the random faults; instance-stop happens once, halfway. */
const RANDOM_WEIGHTS: Record<Exclude<FaultKind, 'instance-stop'>, number> = {
  'upstream-errors': 3,
  'upstream-timeouts': 2,
  'upstream-outage': 2,
  'worker-kill': 1,
  'instance-restart': 1,
  'db-connections-dropped': 1,
};

export interface FaultInjectorOptions {
  readonly topology: Pick<ChaosTopology, 'sandbox' | 'database' | 'instances' | 'worker'>;
  readonly seed: number;
  readonly faultsPerMinute: number;
  /** How far the run has come, 0..1: one fault of each kind is placed along it, so each lands while orders flow. */
  readonly progress: () => number;
  readonly log: (line: string) => void;
}

export interface FaultInjector {
  counts(): Record<FaultKind, number>;
  /** Stops injecting, lifts the upstream faults at once, waits for restarts to finish; throws if a fault could not be carried out. */
  stop(): Promise<void>;
}

/**
 * Injects transient faults only (5xx, 429, timeouts, dropped connections, killed processes): a
 * permanent refusal such as a declined card is a legitimate answer that clients must not retry.
 */
export function startFaultInjector(options: FaultInjectorOptions): FaultInjector {
  const { sandbox, database, instances, worker } = options.topology;
  const { log } = options;
  const prng = createPrng(options.seed, 'faults');
  const started = Date.now();
  const counts = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>;
  const faultySystems = new Set<System>();
  const restarting = new Set<string>();
  const running = new Set<Promise<void>>();
  const failures: unknown[] = [];
  const stopping = new AbortController();

  // One of each kind at evenly spaced points of progress (10 % to 80 %), in a seeded order; the permanent stop halfway.
  const spread = prng.shuffle(Object.keys(RANDOM_WEIGHTS) as FaultKind[]);
  const planned: { kind: FaultKind; at: number }[] = spread.map((kind, index) => ({ kind, at: 0.1 + (0.7 * index) / (spread.length - 1) }));
  if (instances.length > 1) planned.push({ kind: 'instance-stop', at: 0.5 });
  const meanGapMs = options.faultsPerMinute > 0 ? 60_000 / options.faultsPerMinute : Infinity;
  const nextGap = () => -Math.log(1 - prng.next()) * meanGapMs;
  let nextRandomAt = started + nextGap();

  /** Waits, cut short when the injector stops. */
  const hold = (ms: number) => sleep(ms, undefined, { signal: stopping.signal }).catch(() => undefined);

  async function setFault(system: System, fault: FaultSpec): Promise<void> {
    const response = await fetch(`${sandbox.urls[system]}/_control/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(fault),
    });
    if (!response.ok) throw new Error(`fault on ${system} refused: ${response.status} ${await response.text()}`);
  }

  async function upstreamFault(kind: 'upstream-errors' | 'upstream-timeouts' | 'upstream-outage', system: System): Promise<void> {
    const route = prng.pick(ROUTES[system]);
    const rate = Math.round((0.3 + prng.next() * 0.4) * 100) / 100;
    let fault: FaultSpec;
    if (kind === 'upstream-errors') {
      const status = prng.pick([500, 502, 503, 429]);
      fault = { route, mode: 'error', status, rate, ...(status === 429 ? { retryAfter: 1 } : {}) };
    } else if (kind === 'upstream-timeouts') {
      fault = prng.chance(0.5) ? { route, mode: 'timeout', rate } : { route, mode: 'slow', latencyMs: prng.int(500, 2500), rate };
    } else {
      fault = { route, mode: 'down' };
    }
    const seconds = kind === 'upstream-outage' ? prng.int(2, 8) : prng.int(2, 6);
    faultySystems.add(system);
    try {
      await setFault(system, fault);
      log(`${kind}: ${system} "${route}" ${fault.mode}${fault.status ? ` ${fault.status}` : ''}${fault.latencyMs ? ` ${fault.latencyMs} ms` : ''}${fault.rate ? ` at rate ${fault.rate}` : ''} for ${seconds} s`);
      await hold(seconds * 1000);
      await setFault(system, { route, mode: 'ok' });
      log(`${system} "${route}" healthy again`);
    } finally {
      faultySystems.delete(system);
    }
  }

  async function restart(kind: 'worker-kill' | 'instance-restart', gateway: ChaosTopology['worker']): Promise<void> {
    const signal: StopSignal = kind === 'worker-kill' || prng.chance(0.5) ? 'SIGKILL' : 'SIGTERM';
    const downMs = prng.int(500, 3000);
    restarting.add(gateway.name);
    try {
      log(`${kind}: ${gateway.name} ${signal}, down for ${downMs} ms, then started again`);
      await gateway.restart(signal, downMs);
      log(`${gateway.name} up again`);
    } finally {
      restarting.delete(gateway.name);
    }
  }

  const freeSystems = () => SYSTEMS.filter((system) => !faultySystems.has(system));
  // The last instance, so the first (which started the run) keeps serving.
  const toStop = instances.at(-1)!;
  // Until it is stopped for good, the instance to stop is not restarted: a restart under way when the
  // stop falls due would put the stop off, past the last order on a short run.
  const stopPending = () => planned.some((plan) => plan.kind === 'instance-stop');
  const restartable = () =>
    instances.filter((instance) => !instance.stoppedForGood() && !restarting.has(instance.name) && !(instance === toStop && stopPending()));

  /** Whether the fault can happen right now: not while every system already has one, or the process is restarting. */
  function applicable(kind: FaultKind): boolean {
    switch (kind) {
      case 'upstream-errors':
      case 'upstream-timeouts':
      case 'upstream-outage':
        return freeSystems().length > 0;
      case 'worker-kill':
        return !restarting.has(worker.name);
      case 'instance-restart':
        return restartable().length > 0;
      case 'db-connections-dropped':
        return true;
      case 'instance-stop':
        return !restarting.has(toStop.name);
    }
  }

  async function inject(kind: FaultKind): Promise<void> {
    switch (kind) {
      case 'upstream-errors':
      case 'upstream-timeouts':
      case 'upstream-outage':
        return upstreamFault(kind, prng.pick(freeSystems()));
      case 'worker-kill':
        return restart(kind, worker);
      case 'instance-restart':
        return restart(kind, prng.pick(restartable()));
      case 'db-connections-dropped':
        return log(`db-connections-dropped: ${await database.dropConnections()} sessions on ${database.name} terminated`);
      case 'instance-stop': {
        const signal: StopSignal = prng.chance(0.5) ? 'SIGKILL' : 'SIGTERM';
        log(`instance-stop: ${toStop.name} ${signal}, stopped for the rest of the run`);
        return toStop.stopForGood(signal);
      }
    }
  }

  function launch(kind: FaultKind): boolean {
    if (!applicable(kind)) return false;
    counts[kind] += 1;
    const task = inject(kind).catch((error: unknown) => {
      failures.push(error);
      log(`${kind} failed: ${String(error).split('\n')[0]}`);
    });
    running.add(task);
    void task.finally(() => running.delete(task));
    return true;
  }

  const timer = setInterval(() => {
    const progress = options.progress();
    for (const due of planned.filter((plan) => plan.at <= progress)) {
      if (launch(due.kind)) planned.splice(planned.indexOf(due), 1);
    }
    if (Date.now() >= nextRandomAt) {
      const kinds = (Object.keys(RANDOM_WEIGHTS) as (keyof typeof RANDOM_WEIGHTS)[]).filter(applicable);
      if (kinds.length > 0) launch(prng.weighted(Object.fromEntries(kinds.map((kind) => [kind, RANDOM_WEIGHTS[kind]])) as typeof RANDOM_WEIGHTS));
      nextRandomAt = Date.now() + nextGap();
    }
  }, 200);

  let stopped: Promise<void> | undefined;
  return {
    counts: () => ({ ...counts }),
    stop() {
      stopped ??= (async () => {
        clearInterval(timer);
        stopping.abort();
        await Promise.all([...running]);
        await Promise.all(SYSTEMS.map((system) => setFault(system, { route: '*', mode: 'ok' })));
        log('faults stopped');
        if (failures.length > 0) throw new AggregateError(failures, `${failures.length} fault(s) could not be carried out`);
      })();
      return stopped;
    },
  };
}
