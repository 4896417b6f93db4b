import { LOAD, measureGraphql, row, totalOf, type Figures } from './measure.js';
import { startGatewayProcess, startSandboxProcess } from './processes.js';
import { BENCH_QUERIES } from './queries.js';

/**
 * `npm run bench`: the 50-customer, one-customer and one-order queries against the gateway (the sandbox runs in a
 * process of its own), with batching on and off, printing req/s, latency percentiles and upstream
 * calls per query.
 * BENCH_DURATION (s) and BENCH_CONNECTIONS tune the load; warm-up is excluded from the figures.
 */

async function main(): Promise<void> {
  console.log(`Switchyard bench: ${LOAD.connections} connections, ${LOAD.duration} s per run after ${LOAD.warmup} s warm-up, node ${process.version}`);
  const results: Record<string, Record<string, Figures>> = {};
  const sandbox = await startSandboxProcess();
  try {
    for (const batching of ['true', 'false']) {
      const gateway = await startGatewayProcess(sandbox, { BATCHING: batching });
      try {
        for (const [name, query] of Object.entries(BENCH_QUERIES)) {
          const figures = await measureGraphql(sandbox, gateway, query);
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
    const callsOn = totalOf(on.upstreamCalls);
    const callsOff = totalOf(off.upstreamCalls);
    console.log(
      `${name.padEnd(24)} throughput x${(on.requestsPerSecond / off.requestsPerSecond).toFixed(2)}  p50 x${(off.p50 / Math.max(on.p50, 1)).toFixed(2)} faster  upstream calls ${callsOn} vs ${callsOff} (x${(callsOff / callsOn).toFixed(1)} fewer)`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
