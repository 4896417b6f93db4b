import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOAD, loadGraphql } from './measure.js';
import { startGatewayProcess, startSandboxProcess } from './processes.js';
import { BENCH_QUERIES, type BenchQueryName } from './queries.js';
import { summariseProfile, type CpuProfile } from './profileSummary.js';

/**
 * `npm run bench:profile`: the gateway under the read-path load with `node --cpu-prof`, and where its
 * CPU time went while the load ran (start-up and warm-up excluded). BENCH_PROFILE_QUERY picks the
 * query (default the 50-customer one); BENCH_DURATION and BENCH_CONNECTIONS as in `npm run bench`.
 * BENCH_PROFILE_KEEP=1 keeps the .cpuprofile for Chrome DevTools and prints its path; BENCH_NODE_ARGS adds
 * flags to the gateway's node (e.g. `--max-semi-space-size=32`) to see what they change.
 */
const QUERY = (process.env.BENCH_PROFILE_QUERY ?? 'customers(first: 50)') as BenchQueryName;
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);

// V8 stamps samples with the monotonic clock process.hrtime reads, so a window taken here selects the load.
const nowMicros = () => Number(process.hrtime.bigint() / 1000n);

async function main(): Promise<void> {
  const query = BENCH_QUERIES[QUERY];
  if (!query) throw new Error(`BENCH_PROFILE_QUERY must be one of: ${Object.keys(BENCH_QUERIES).join(', ')}`);
  const directory = await mkdtemp(join(tmpdir(), 'switchyard-profile-'));
  const sandbox = await startSandboxProcess();
  let window: { from: number; to: number; requests: number };
  try {
    const gateway = await startGatewayProcess(sandbox, {}, [...NODE_ARGS, '--cpu-prof', `--cpu-prof-dir=${directory}`]);
    try {
      await loadGraphql(gateway, query, LOAD.warmup);
      const from = nowMicros();
      const result = await loadGraphql(gateway, query, LOAD.duration);
      window = { from, to: nowMicros(), requests: result.requests.total };
      console.log(`${QUERY}: ${result.requests.average.toFixed(1)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, errors ${result.errors + result.non2xx}`);
    } finally {
      await gateway.stop();
    }
  } finally {
    await sandbox.stop();
  }
  // CPU.<date>.<time>.<pid>.<thread>.<n>.cpuprofile: thread 0 is the main thread; worker threads write their own.
  const [file] = (await readdir(directory)).filter((name) => /\.\d+\.0\.\d+\.cpuprofile$/.test(name));
  if (!file) throw new Error(`the gateway wrote no CPU profile into ${directory}`);
  const profile = JSON.parse(await readFile(join(directory, file), 'utf8')) as CpuProfile;
  console.log(summariseProfile(profile, window));
  if (process.env.BENCH_PROFILE_KEEP === '1') console.log(`profile kept: ${join(directory, file)}`);
  else await rm(directory, { recursive: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
