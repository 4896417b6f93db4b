import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { SYSTEM_NAMES } from '../src/config/SystemName.js';
import { SYSTEM_SETTINGS } from '../src/config/systemSettings.js';
import { SANDBOX_SYSTEMS, type SandboxSystem } from '../src/sandbox/SandboxSystem.js';

export interface RunningProcess {
  readonly output: () => string;
  /** Settles when the process has exited, whoever ended it: a crash shows up here without anyone stopping it. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM by default (a graceful shutdown); SIGKILL gives the process no chance to clean up, as a crash would. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** CPU time (user + system) the process has used so far, from /proc: NaN where there is none. */
  cpuSeconds(): Promise<number>;
}

// /proc/<pid>/stat counts in clock ticks, 100 per second on Linux.
const TICKS_PER_SECOND = 100;

async function cpuSecondsOf(pid: number | undefined): Promise<number> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces; the fields after its closing parenthesis do not (utime and stime are 14 and 15).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/** Runs a TypeScript entry in its own Node process and waits until its output matches `ready`. */
export async function startProcess(entry: string, env: Record<string, string>, ready: RegExp, nodeArgs: string[] = []): Promise<RunningProcess> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', entry], {
    cwd: new URL('../', import.meta.url),
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  for (let i = 0; !ready.test(output); i += 1) {
    if (child.exitCode !== null || i > 600) {
      // A process that never became ready must not outlive the caller's attempt.
      child.kill('SIGKILL');
      throw new Error(`${entry} did not start (exit ${child.exitCode}):\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    output: () => output,
    exited,
    cpuSeconds: () => cpuSecondsOf(child.pid),
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

export interface SandboxProcess extends RunningProcess {
  readonly urls: Record<SandboxSystem, string>;
}

/** The simulated systems in a process of their own, so their CPU is not counted as the gateway's. */
export async function startSandboxProcess(): Promise<SandboxProcess> {
  // main.ts prints every system's URL before the identity provider's line.
  const running = await startProcess('src/sandbox/main.ts', {}, /^idp\s+http\S+/m);
  const urls = Object.fromEntries(
    SANDBOX_SYSTEMS.map((system) => [system, new RegExp(`^${system}\\s+(http\\S+)$`, 'm').exec(running.output())?.[1] ?? '']),
  ) as SandboxProcess['urls'];
  return { ...running, urls };
}

export interface GatewayProcess extends RunningProcess {
  readonly graphqlUrl: string;
  /** Headers that authenticate a bench request (the run's bootstrap admin key). */
  readonly headers: Record<string, string>;
}

const BENCH_ADMIN_KEY = 'bench-admin-key-0123456789abcdef';

/** `src/main.ts` pointed at the given sandbox, as it would be at real systems. */
export async function startGatewayProcess(
  sandbox: SandboxProcess,
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<GatewayProcess> {
  const running = await startProcess(
    'src/main.ts',
    {
      PORT: '0',
      ...Object.fromEntries(SYSTEM_NAMES.map((system) => [`${SYSTEM_SETTINGS[system].prefix}_BASE_URL`, sandbox.urls[system]])),
      ADMIN_API_KEY: BENCH_ADMIN_KEY,
      PLANS_FILE: 'bench/plans.json',
      // Measured as deployed: graphql-js, among others, skips development-only checks in production.
      NODE_ENV: 'production',
      // The sandbox's credentials in production, on purpose: the systems are the sandbox process above.
      SANDBOX: 'true',
      // The cold read path, as the read benches measure it; bench:cache turns the cache on. The sandbox
      // enforces no vendor limits, so budgets would only hold back the load.
      CACHE: 'off',
      // Nor is the ERP polled (it serves the cache and e-invoicing), so the systems see only the measured reads.
      POLL_ERP_SECONDS: '0',
      ...Object.fromEntries(SYSTEM_NAMES.map((system) => [`${SYSTEM_SETTINGS[system].prefix}_BUDGET`, 'unlimited'])),
      ...env,
    },
    /listening on http\S+/,
    nodeArgs,
  );
  const url = /listening on (http\S+)/.exec(running.output())?.[1] ?? '';
  const adminKey = env.ADMIN_API_KEY ?? BENCH_ADMIN_KEY;
  return {
    ...running,
    graphqlUrl: url.replace('localhost', '127.0.0.1'),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
  };
}
