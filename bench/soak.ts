import autocannon from 'autocannon';
import { LOAD } from './measure.js';
import { startGatewayProcess, startSandboxProcess, type GatewayProcess } from './processes.js';
import { BENCH_QUERIES } from './queries.js';

/**
 * `npm run bench:soak`: the read-path bench load (the three bench queries in turn) for SOAK_SECONDS
 * (default 300), printing the gateway's resident memory and V8 heap from its own /metrics every
 * SOAK_SAMPLE_SECONDS. Under load RSS swings by tens of MB with the collector, so the figures
 * compared are medians: of the first minute of the soak and of its last minute. Passes when the
 * last is at most SOAK_MAX_GROWTH_MB (default 64) above the first; a leak of a few KB per request
 * grows far past that in five minutes.
 */
const SECONDS = Number(process.env.SOAK_SECONDS ?? 300);
const SAMPLE_SECONDS = Number(process.env.SOAK_SAMPLE_SECONDS ?? 10);
const WINDOW_SECONDS = Math.min(60, SECONDS / 3);
const MAX_GROWTH_MB = Number(process.env.SOAK_MAX_GROWTH_MB ?? 64);
const WARMUP_SECONDS = 20;

const MB = 1024 * 1024;

interface Memory {
  rss: number;
  heapUsed: number;
}

async function memoryOf(gateway: GatewayProcess): Promise<Memory> {
  const response = await fetch(gateway.graphqlUrl.replace(/\/graphql$/, '/metrics'), { headers: gateway.headers });
  const text = await response.text();
  const gauge = (name: string) => {
    const match = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text);
    if (!match) throw new Error(`/metrics has no ${name} (HTTP ${response.status})`);
    return Number(match[1]);
  };
  return { rss: gauge('process_resident_memory_bytes'), heapUsed: gauge('nodejs_heap_size_used_bytes') };
}

function median(memories: Memory[]): Memory {
  const middle = <K extends keyof Memory>(key: K) => memories.map((memory) => memory[key]).sort((a, b) => a - b)[Math.floor(memories.length / 2)]!;
  return { rss: middle('rss'), heapUsed: middle('heapUsed') };
}

const show = (memory: Memory) => `RSS ${(memory.rss / MB).toFixed(1)} MB, heap used ${(memory.heapUsed / MB).toFixed(1)} MB`;

function load(gateway: GatewayProcess, seconds: number) {
  const bodies = Object.values(BENCH_QUERIES).map((query) => JSON.stringify({ query }));
  return autocannon({
    url: gateway.graphqlUrl,
    method: 'POST',
    connections: LOAD.connections,
    duration: seconds,
    headers: gateway.headers,
    requests: bodies.map((body) => ({ body })),
  });
}

async function main(): Promise<void> {
  console.log(`Switchyard soak: ${LOAD.connections} connections, ${SECONDS} s, bound +${MAX_GROWTH_MB} MB RSS, node ${process.version}`);
  const sandbox = await startSandboxProcess();
  const gateway = await startGatewayProcess(sandbox);
  try {
    console.log(`started:           ${show(await memoryOf(gateway))}`);
    await load(gateway, WARMUP_SECONDS);
    console.log(`after warm-up:     ${show(await memoryOf(gateway))}`);
    const soak = load(gateway, SECONDS);
    let running = true;
    const samples: { at: number; memory: Memory }[] = [];
    const sampling = (async () => {
      for (let at = SAMPLE_SECONDS; at <= SECONDS; at += SAMPLE_SECONDS) {
        await new Promise((resolve) => setTimeout(resolve, SAMPLE_SECONDS * 1000));
        if (!running) break;
        const memory = await memoryOf(gateway);
        samples.push({ at, memory });
        console.log(`after ${String(at).padStart(4)} s:      ${show(memory)}`);
      }
    })();
    const result = await soak;
    running = false;
    await sampling;
    const before = median(samples.filter((sample) => sample.at <= WINDOW_SECONDS).map((sample) => sample.memory));
    const after = median(samples.filter((sample) => sample.at > SECONDS - WINDOW_SECONDS).map((sample) => sample.memory));
    console.log(`first ${WINDOW_SECONDS} s (median): ${show(before)}`);
    console.log(`last ${WINDOW_SECONDS} s (median):  ${show(after)}`);
    await new Promise((resolve) => setTimeout(resolve, 5000));
    console.log(`idle 5 s later:    ${show(await memoryOf(gateway))}`);
    console.log(
      `${result.requests.total} requests, ${result.requests.average.toFixed(1)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, errors ${result.errors + result.non2xx}`,
    );
    const growth = (after.rss - before.rss) / MB;
    const perThousand = (after.rss - before.rss) / 1024 / Math.max(result.requests.total / 1000, 1);
    console.log(`RSS growth ${growth.toFixed(1)} MB (${perThousand.toFixed(1)} KB per 1,000 requests); bound ${MAX_GROWTH_MB} MB`);
    if (growth > MAX_GROWTH_MB) {
      console.error('FAIL: resident memory grew past the bound');
      process.exitCode = 1;
    }
  } finally {
    await gateway.stop();
    await sandbox.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
