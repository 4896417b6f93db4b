import autocannon from 'autocannon';
import { startGatewayProcess, startSandboxProcess, type GatewayProcess, type SandboxProcess } from './processes.js';

/**
 * `npm run bench`: the 50-customer and one-customer queries against the gateway (the sandbox runs in a
 * process of its own), with batching on and off, printing req/s, latency percentiles and upstream
 * calls per query.
 * BENCH_DURATION (s) and BENCH_CONNECTIONS tune the load; warm-up is excluded from the figures.
 */
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const WARMUP = Math.min(3, DURATION);

const QUERIES = {
  'customers(first: 50)': `{ customers(first: 50) { nodes { id name crm { email lifecycleStage company { name } } payments { status amount { amount currency } } orders(first: 5) { id total { amount } shipments { status } } } } }`,
  'customer(id)': `{ customer(id: "${Buffer.from('Customer:7').toString('base64url')}") { id name email crm { email lifecycleStage company { name } } billing { balance { amount } defaultCard { brand last4 } } payments { status amount { amount } } orders(first: 5) { reference total { amount } shipments { status } } } }`,
};

interface Figures {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  upstreamCalls: Record<string, number>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function totalCalls(systems: [string, string][]): Promise<[string, number][]> {
  return Promise.all(
    systems.map(async ([name, url]) => [name, ((await (await fetch(`${url}/_control/stats`)).json()) as { requests: number }).requests] as [string, number]),
  );
}

/** Upstream calls of one query, counted once the previous load's last requests have drained. */
async function upstreamCallsOf(sandbox: SandboxProcess, gateway: GatewayProcess, query: string): Promise<Record<string, number>> {
  const systems = Object.entries(sandbox.urls);
  for (;;) {
    await Promise.all(systems.map(([, url]) => fetch(`${url}/_control/reset`, { method: 'POST' })));
    await sleep(500);
    if ((await totalCalls(systems)).every(([, n]) => n === 0)) break;
  }
  const response = await fetch(gateway.graphqlUrl, {
    method: 'POST',
    headers: gateway.headers,
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { errors?: unknown[] };
  if (body.errors) throw new Error(`query failed: ${JSON.stringify(body.errors).slice(0, 500)}`);
  return Object.fromEntries(await totalCalls(systems));
}

function load(gateway: GatewayProcess, query: string, duration: number) {
  return autocannon({
    url: gateway.graphqlUrl,
    method: 'POST',
    connections: CONNECTIONS,
    duration,
    headers: gateway.headers,
    body: JSON.stringify({ query }),
  });
}

async function measure(sandbox: SandboxProcess, gateway: GatewayProcess, query: string): Promise<Figures> {
  const upstreamCalls = await upstreamCallsOf(sandbox, gateway, query);
  await load(gateway, query, WARMUP);
  const result = await load(gateway, query, DURATION);
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
    upstreamCalls,
  };
}

function row(label: string, figures: Figures): string {
  const calls = Object.entries(figures.upstreamCalls).map(([system, n]) => `${system} ${n}`).join(', ');
  const total = Object.values(figures.upstreamCalls).reduce((sum, n) => sum + n, 0);
  return `${label.padEnd(34)} ${figures.requestsPerSecond.toFixed(1).padStart(8)} req/s  p50 ${String(figures.p50).padStart(5)} ms  p99 ${String(figures.p99).padStart(5)} ms  errors ${figures.errors}  upstream calls/query ${total} (${calls})`;
}

async function main(): Promise<void> {
  console.log(`Switchyard bench: ${CONNECTIONS} connections, ${DURATION} s per run after ${WARMUP} s warm-up, node ${process.version}`);
  const results: Record<string, Record<string, Figures>> = {};
  const sandbox = await startSandboxProcess();
  try {
    for (const batching of ['true', 'false']) {
      const gateway = await startGatewayProcess(sandbox, { BATCHING: batching });
      try {
        for (const [name, query] of Object.entries(QUERIES)) {
          const figures = await measure(sandbox, gateway, query);
          (results[name] ??= {})[batching] = figures;
          console.log(row(`${name} batching ${batching === 'true' ? 'on' : 'off'}`, figures));
        }
      } finally {
        await gateway.stop();
      }
    }
  } finally {
    await sandbox.stop();
  }
  console.log('\nbatching on vs off');
  for (const [name, byMode] of Object.entries(results)) {
    const on = byMode.true!;
    const off = byMode.false!;
    const callsOn = Object.values(on.upstreamCalls).reduce((a, b) => a + b, 0);
    const callsOff = Object.values(off.upstreamCalls).reduce((a, b) => a + b, 0);
    console.log(
      `${name.padEnd(24)} throughput x${(on.requestsPerSecond / off.requestsPerSecond).toFixed(2)}  p50 x${(off.p50 / Math.max(on.p50, 1)).toFixed(2)} faster  upstream calls ${callsOn} vs ${callsOff} (x${(callsOff / callsOn).toFixed(1)} fewer)`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
