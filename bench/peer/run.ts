import { writeFile } from 'node:fs/promises';
import { describeMachine, MACHINE } from '../machine.js';
import { isDeepStrictEqual } from 'node:util';
import { createRunDatabase } from '../runDatabase.js';
import { formatBytes, formatCalls, formatMs, LOAD, measureGraphql, queryData, row, totalOf, upstreamUseOf, type Figures, type GraphqlTarget } from '../measure.js';
import { startGatewayProcess, startSandboxProcess, type RunningProcess, type SandboxProcess } from '../processes.js';
import { runClosedLoop } from './closedLoop.js';
import { createFloorClient, type FloorClient } from './floorClient.js';
import { loginToOdoo } from './odooSession.js';
import { PEER_BENCH_QUERIES, type PeerBenchQuery } from './peerQueries.js';
import { assertSameData } from './sameData.js';
import { startPeerGateway } from './startPeerGateway.js';

/**
 * `npm run bench:peer`: the same sandbox behind (a) Switchyard, (b) a peer, GraphQL Hive Gateway over
 * GraphQL Mesh sources for the four systems (bench/peer/), and (c) no gateway at all, the floor: the
 * fewest requests a hand-written client makes. For each benchmark query: req/s, p50/p99 latency, errors,
 * upstream calls per query, and Switchyard's ratio to the others. Same BENCH_CONNECTIONS and
 * BENCH_DURATION for all, warm-up excluded; each gateway runs alone in its own process while it is
 * loaded. Before loading a target, its answer must hold the same data as Switchyard's.
 * A shared machine's speed drifts by tens of percent over minutes, so the targets take turns for
 * BENCH_ROUNDS rounds (default 2), each in a fresh process, and each keeps its best round.
 * Switchyard's tables go in a database of the run's own on DATABASE_URL (default: the local PostgreSQL).
 */
const DATABASE_URL = process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/test';
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 2));

const TARGETS = ['Switchyard', 'Hive Gateway + Mesh', 'floor (direct calls)'] as const;
type Target = (typeof TARGETS)[number];
type Results = Map<string, Partial<Record<Target, Figures>>>;

/** The floor's figures: its own request count checked against the sandbox's, then a closed loop. */
async function measureFloor(sandbox: SandboxProcess, floor: FloorClient, query: PeerBenchQuery<unknown>): Promise<Figures> {
  let sent = {};
  const upstream = await upstreamUseOf(sandbox, async () => {
    floor.resetCalls();
    await query.floor(floor);
    sent = { ...floor.calls };
  });
  if (!isDeepStrictEqual(upstream.calls, sent)) {
    throw new Error(`${query.name}: the floor sent ${formatCalls(sent)} requests but the sandbox counted ${formatCalls(upstream.calls)}`);
  }
  await runClosedLoop(() => query.floor(floor), LOAD.connections, LOAD.warmup);
  const figures = await runClosedLoop(() => query.floor(floor), LOAD.connections, LOAD.duration);
  return { ...figures, upstreamCalls: upstream.calls, upstreamBytes: upstream.bytes };
}

/** Prints a round's figures and keeps them when they beat the target's earlier rounds. */
function keepBest(results: Results, query: string, target: Target, figures: Figures): void {
  console.log(row(`${query} ${target}`, figures));
  const byTarget = results.get(query)!;
  const best = byTarget[target];
  const leastCpu = Math.min(figures.cpuMsPerRequest ?? Infinity, best?.cpuMsPerRequest ?? Infinity);
  const kept = !best || figures.requestsPerSecond > best.requestsPerSecond ? figures : best;
  // CPU per request is kept at its least over the rounds, as throughput at its most.
  byTarget[target] = Number.isFinite(leastCpu) ? { ...kept, cpuMsPerRequest: leastCpu } : kept;
}

/** Checks and loads every query on one gateway, then stops it, so no other gateway competes for the CPU. */
async function measureGateway(
  target: Target,
  gateway: RunningProcess & GraphqlTarget,
  queryOf: (query: PeerBenchQuery<unknown>) => string,
  dataOf: (query: PeerBenchQuery<unknown>, data: Record<string, unknown>) => void,
  sandbox: SandboxProcess,
  results: Results,
): Promise<void> {
  try {
    for (const query of PEER_BENCH_QUERIES) {
      dataOf(query, await queryData(gateway, queryOf(query)));
      keepBest(results, query.name, target, await measureGraphql(sandbox, gateway, queryOf(query)));
    }
  } finally {
    await gateway.stop();
  }
}

const ratio = (value: number) => `×${value.toFixed(2)}`;

/** Switchyard's figure divided by the target's: throughput above 1 and latency, calls, bytes or CPU below 1 favour Switchyard. */
function ratios(switchyard: Figures, other: Figures): string[] {
  const cpu = switchyard.cpuMsPerRequest !== undefined && other.cpuMsPerRequest !== undefined ? ratio(switchyard.cpuMsPerRequest / other.cpuMsPerRequest) : 'n/a';
  return [
    ratio(switchyard.requestsPerSecond / other.requestsPerSecond),
    ratio(switchyard.p50 / other.p50),
    ratio(totalOf(switchyard.upstreamCalls) / totalOf(other.upstreamCalls)),
    ratio(totalOf(switchyard.upstreamBytes) / totalOf(other.upstreamBytes)),
    cpu,
  ];
}

function markdownTable(results: Results): string {
  const lines = [
    '| query | target | req/s | p50 ms | p99 ms | errors | upstream calls/query | upstream bytes/query | gateway CPU ms/request | Switchyard ÷ target: req/s | p50 | calls | bytes | CPU |',
    '|---|---|---:|---:|---:|---:|---|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const [name, byTarget] of results) {
    const switchyard = byTarget.Switchyard!;
    for (const target of TARGETS) {
      const figures = byTarget[target]!;
      const compared = target === 'Switchyard' ? ['', '', '', '', ''] : ratios(switchyard, figures);
      const cpu = figures.cpuMsPerRequest === undefined ? '–' : figures.cpuMsPerRequest.toFixed(2);
      lines.push(
        `| \`${name}\` | ${target} | ${figures.requestsPerSecond.toFixed(1)} | ${formatMs(figures.p50)} | ${formatMs(figures.p99)} | ${figures.errors} | ${formatCalls(figures.upstreamCalls)} | ${formatBytes(figures.upstreamBytes)} | ${cpu} | ${compared.join(' | ')} |`,
      );
    }
  }
  return lines.join('\n');
}


/** The run's figures for tools: BENCH_JSON names the file. */
async function writeJson(file: string, results: Results): Promise<void> {
  const queries = [...results].flatMap(([query, byTarget]) =>
    TARGETS.map((target) => {
      const figures = byTarget[target]!;
      return {
        query,
        target,
        reqPerSec: figures.requestsPerSecond,
        p50Ms: figures.p50,
        p99Ms: figures.p99,
        errors: figures.errors,
        cpuMsPerRequest: figures.cpuMsPerRequest ?? null,
        upstreamCalls: totalOf(figures.upstreamCalls),
        upstreamBytes: totalOf(figures.upstreamBytes),
        upstreamCallsBySystem: figures.upstreamCalls,
        upstreamBytesBySystem: figures.upstreamBytes,
      };
    }),
  );
  const settings = { connections: LOAD.connections, durationSeconds: LOAD.duration, warmupSeconds: LOAD.warmup, rounds: ROUNDS };
  await writeFile(file, `${JSON.stringify({ machine: { ...MACHINE, date: new Date().toISOString() }, settings, queries }, null, 2)}\n`);
  console.log(`\nFigures written to ${file}`);
}

async function main(): Promise<void> {
  console.log(`Peer bench: ${LOAD.connections} connections, ${LOAD.duration} s per run after ${LOAD.warmup} s warm-up; ${describeMachine()}`);
  const results: Results = new Map(PEER_BENCH_QUERIES.map((query) => [query.name, {}]));
  const expected = new Map<string, unknown>();
  const sandbox = await startSandboxProcess();
  const database = await createRunDatabase(DATABASE_URL, `switchyard_peer_bench_${Date.now()}`);
  try {
    const odoo = await loginToOdoo(sandbox.urls.erp);
    const floor = createFloorClient(sandbox.urls, odoo);
    for (let round = 1; round <= ROUNDS; round += 1) {
      console.log(`round ${round} of ${ROUNDS}`);
      await measureGateway(
        'Switchyard',
        await startGatewayProcess(sandbox, { DATABASE_URL: database.url }),
        (query) => query.switchyard,
        (query, data) => expected.set(query.name, query.fromSwitchyard(data)),
        sandbox,
        results,
      );
      await measureGateway(
        'Hive Gateway + Mesh',
        await startPeerGateway(sandbox, odoo),
        (query) => query.peer,
        (query, data) => assertSameData(`${query.name}: the peer`, expected.get(query.name), query.fromPeer(data)),
        sandbox,
        results,
      );
      for (const query of PEER_BENCH_QUERIES) {
        assertSameData(`${query.name}: the floor`, expected.get(query.name), await query.floor(floor));
        keepBest(results, query.name, 'floor (direct calls)', await measureFloor(sandbox, floor, query));
      }
    }
  } finally {
    await sandbox.stop();
    await database.drop();
  }
  console.log(`\nBest of ${ROUNDS} round(s). Switchyard ÷ target (req/s, p50, upstream calls and bytes per query, gateway CPU per request)`);
  for (const [name, byTarget] of results) {
    for (const target of TARGETS.slice(1)) console.log(`${name.padEnd(24)} vs ${target.padEnd(22)} ${ratios(byTarget.Switchyard!, byTarget[target]!).join('  ')}`);
  }
  console.log(`\n${markdownTable(results)}`);
  if (process.env.BENCH_JSON) await writeJson(process.env.BENCH_JSON, results);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
