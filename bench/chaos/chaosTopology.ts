import { randomBytes } from 'node:crypto';
import { appendFile, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startGatewayProcess, startSandboxProcess, type GatewayProcess, type SandboxProcess } from '../processes.js';
import { chaosGatewayEnv } from './chaosGatewayEnv.js';
import type { ChaosSettings } from './chaosSettings.js';
import { createRunDatabase, type RunDatabase } from '../runDatabase.js';

export type StopSignal = 'SIGTERM' | 'SIGKILL';

/** A gateway process the fault injector may kill and start again; its port changes with each start. */
export interface ManagedGateway {
  readonly name: string;
  /** The GraphQL URL while the process runs; undefined while it is down or stopped for good. */
  url(): string | undefined;
  stoppedForGood(): boolean;
  /** Stops the process with `signal`, leaves it down for `downMs`, starts it again. */
  restart(signal: StopSignal, downMs: number): Promise<void>;
  stopForGood(signal: StopSignal): Promise<void>;
}

/** Every process of a run: the sandbox, one database, the gateway instances clients talk to, and the follow-up worker. */
export interface ChaosTopology {
  readonly runId: string;
  /** Where each gateway process's output is written when it exits. */
  readonly logDir: string;
  readonly sandbox: SandboxProcess;
  readonly database: RunDatabase;
  readonly instances: readonly ManagedGateway[];
  /**
   * Runs the follow-up jobs and event consumers (QUEUE_WORKER=true); the instances only enqueue.
   * Admin work (queue state, dead-letter replay) goes here too, since it registers every replay handler.
   */
  readonly worker: ManagedGateway;
  /** The bootstrap admin key's headers, accepted by every gateway process. */
  readonly adminHeaders: Record<string, string>;
  /** Gateway processes that exited without the run stopping them (each was started again). */
  deaths(): readonly string[];
  /** Stops every process and drops the database; safe to call again. */
  close(): Promise<void>;
}

const DATABASE_SERVER_URL = process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/test';

interface ManagedGatewayOptions {
  readonly name: string;
  readonly start: () => Promise<GatewayProcess>;
  readonly first: GatewayProcess;
  readonly log: (line: string) => void;
  /** Each process's output is appended to `<logDir>/<name>.log` when it exits. */
  readonly logDir: string;
  /** A process exited without the run stopping it. */
  readonly onDeath: (name: string, exit: Awaited<GatewayProcess['exited']>) => void;
}

/** A start fails when the database drops its sessions while the process migrates or sets up its queue. */
const START_ATTEMPTS = 5;

/**
 * Keeps one gateway process running as a supervisor (systemd, Kubernetes) would: a process that dies on
 * its own is reported and started again, and so is one whose start failed; one the run stops stays
 * down until the run starts it again.
 */
function manageGateway({ name, start, first, log, logDir, onDeath }: ManagedGatewayOptions) {
  let current: GatewayProcess | undefined;
  let forGood = false;
  const stoppedByUs = new WeakSet<GatewayProcess>();
  const logWrites: Promise<void>[] = [];

  const adopt = (process: GatewayProcess) => {
    current = process;
    logWrites.push(process.exited.then(() => appendFile(path.join(logDir, `${name}.log`), process.output())));
    void process.exited.then(async (exit) => {
      if (stoppedByUs.has(process)) return;
      onDeath(name, exit);
      if (current !== process) return;
      current = undefined;
      await sleep(1000);
      if (!forGood && current === undefined) await startAndAdopt().catch((error: unknown) => log(`${name} could not be started again: ${String(error).split('\n')[0]}`));
    });
  };
  const startAndAdopt = async () => {
    let started: GatewayProcess | undefined;
    for (let attempt = 1; !started; attempt += 1) {
      try {
        started = await start();
      } catch (error) {
        if (attempt === START_ATTEMPTS) throw error;
        log(`${name} failed to start (${String(error).split('\n')[0]}); starting it again`);
        await sleep(1000);
      }
    }
    // Closed while it was starting: nothing may outlive the run.
    if (!forGood) return adopt(started);
    stoppedByUs.add(started);
    await started.stop();
  };
  const stopCurrent = async (signal: StopSignal) => {
    const stopping = current;
    current = undefined;
    if (!stopping) return;
    stoppedByUs.add(stopping);
    await stopping.stop(signal);
  };
  adopt(first);

  return {
    name,
    url: () => current?.graphqlUrl,
    stoppedForGood: () => forGood,
    async restart(signal: StopSignal, downMs: number) {
      await stopCurrent(signal);
      await sleep(downMs);
      if (!forGood) await startAndAdopt();
    },
    async stopForGood(signal: StopSignal) {
      forGood = true;
      await stopCurrent(signal);
    },
    async close() {
      forGood = true;
      await stopCurrent('SIGTERM');
      await Promise.all(logWrites);
    },
  } satisfies ManagedGateway & { close(): Promise<void> };
}

/** Starts the run's processes on a database of its own; on a failure, stops what had started. */
export async function startChaosTopology(settings: ChaosSettings, log: (line: string) => void): Promise<ChaosTopology> {
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const logDir = await mkdtemp(path.join(os.tmpdir(), `switchyard-chaos-${runId}-`));
  const closers: (() => Promise<unknown>)[] = [];
  let closing: Promise<void> | undefined;
  // Gateways first, then the sandbox, then the database they were using; once, however often it is called.
  const closeAll = () =>
    (closing ??= (async () => {
      for (const close of [...closers].reverse()) await close().catch((error: unknown) => console.error('chaos teardown:', error));
    })());
  try {
    const database = await createRunDatabase(DATABASE_SERVER_URL, `switchyard_chaos_${runId}`);
    closers.push(() => database.drop());
    const sandbox = await startSandboxProcess();
    closers.push(() => sandbox.stop());
    const env = chaosGatewayEnv(settings, database.url, runId);
    const starter = (queueWorker: boolean) => () => startGatewayProcess(sandbox, { ...env, QUEUE_WORKER: String(queueWorker) });
    const startTracked = async (queueWorker: boolean) => {
      const process = await starter(queueWorker)();
      closers.push(() => process.stop());
      return process;
    };

    // The first start migrates the database; the others then find it ready.
    const firstInstance = await startTracked(false);
    const [workerProcess, ...otherInstances] = await Promise.all([
      startTracked(true),
      ...Array.from({ length: settings.instances - 1 }, () => startTracked(false)),
    ]);
    const deaths: string[] = [];
    const onDeath = (name: string, exit: Awaited<GatewayProcess['exited']>) => {
      const death = `${name} exited by itself (code ${exit.code}, signal ${exit.signal}); its output is in ${logDir}`;
      deaths.push(death);
      log(death);
    };
    const manage = (name: string, queueWorker: boolean, first: GatewayProcess) =>
      manageGateway({ name, start: starter(queueWorker), first, log, logDir, onDeath });
    const instances = [firstInstance, ...otherInstances].map((process, index) => manage(`gateway-${String.fromCharCode(97 + index)}`, false, process));
    const worker = manage('worker', true, workerProcess!);
    for (const gateway of [...instances, worker]) closers.push(() => gateway.close());

    return {
      runId,
      logDir,
      sandbox,
      database,
      instances,
      worker,
      adminHeaders: firstInstance.headers,
      deaths: () => [...deaths],
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
