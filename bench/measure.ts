import autocannon from 'autocannon';
import { graphqlData } from './postGraphql.js';
import type { RunningProcess, SandboxProcess } from './processes.js';

/**
 * What the read-path benchmarks share: their load settings, counting a query's upstream calls, and loading a
 * GraphQL endpoint with autocannon.
 * BENCH_DURATION (s) and BENCH_CONNECTIONS tune the load; warm-up is excluded from the figures.
 */
export const LOAD = {
  duration: Number(process.env.BENCH_DURATION ?? 10),
  connections: Number(process.env.BENCH_CONNECTIONS ?? 10),
  warmup: Math.min(3, Number(process.env.BENCH_DURATION ?? 10)),
} as const;

export type UpstreamCalls = Record<string, number>;

export interface Figures {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  upstreamCalls: UpstreamCalls;
  /** Response body bytes the systems sent for one query, per system. */
  upstreamBytes: UpstreamCalls;
  /** CPU the gateway process spent per request under the load: steadier than req/s on a shared machine. */
  cpuMsPerRequest?: number;
}

/** A GraphQL endpoint and the headers that authenticate a request to it. */
export interface GraphqlTarget {
  readonly graphqlUrl: string;
  readonly headers: Record<string, string>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const totalOf = (calls: UpstreamCalls): number => Object.values(calls).reduce((sum, n) => sum + n, 0);

export interface UpstreamUse {
  readonly calls: UpstreamCalls;
  readonly bytes: UpstreamCalls;
}

interface SystemStats {
  readonly requests: number;
  readonly bytes: { readonly total: number };
}

async function statsOf(systems: [string, string][]): Promise<[string, SystemStats][]> {
  return Promise.all(systems.map(async ([name, url]) => [name, (await (await fetch(`${url}/_control/stats`)).json()) as SystemStats] as [string, SystemStats]));
}

/** Upstream calls and bytes of one run of `query`, counted once the previous load's last requests have drained. */
export async function upstreamUseOf(sandbox: SandboxProcess, query: () => Promise<unknown>): Promise<UpstreamUse> {
  const systems = Object.entries(sandbox.urls);
  for (;;) {
    await Promise.all(systems.map(([, url]) => fetch(`${url}/_control/reset`, { method: 'POST' })));
    await sleep(500);
    if ((await statsOf(systems)).every(([, stats]) => stats.requests === 0)) break;
  }
  await query();
  const received = await statsOf(systems);
  return {
    calls: Object.fromEntries(received.map(([name, stats]) => [name, stats.requests])),
    bytes: Object.fromEntries(received.map(([name, stats]) => [name, stats.bytes.total])),
  };
}

/** The data of one answer to `query`, which must have no errors. */
export function queryData<T = Record<string, unknown>>(target: GraphqlTarget, query: string): Promise<T> {
  return graphqlData<T>(target.graphqlUrl, target.headers, query);
}

export function loadGraphql(target: GraphqlTarget, query: string, duration: number) {
  return autocannon({
    url: target.graphqlUrl,
    method: 'POST',
    connections: LOAD.connections,
    duration,
    headers: target.headers,
    body: JSON.stringify({ query }),
  });
}

/** Upstream calls of one query, then warm-up, then the measured load; CPU per request when the target is a process of ours. */
export async function measureGraphql(
  sandbox: SandboxProcess,
  target: GraphqlTarget & Partial<Pick<RunningProcess, 'cpuSeconds'>>,
  query: string,
): Promise<Figures> {
  const upstream = await upstreamUseOf(sandbox, () => queryData(target, query));
  await loadGraphql(target, query, LOAD.warmup);
  const cpuBefore = (await target.cpuSeconds?.()) ?? Number.NaN;
  const result = await loadGraphql(target, query, LOAD.duration);
  const cpuAfter = (await target.cpuSeconds?.()) ?? Number.NaN;
  const cpuMsPerRequest = ((cpuAfter - cpuBefore) * 1000) / Math.max(result.requests.total, 1);
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
    upstreamCalls: upstream.calls,
    upstreamBytes: upstream.bytes,
    ...(Number.isFinite(cpuMsPerRequest) ? { cpuMsPerRequest } : {}),
  };
}

export function formatCalls(calls: UpstreamCalls): string {
  return `${totalOf(calls)} (${Object.entries(calls).map(([system, n]) => `${system} ${n}`).join(', ')})`;
}

/** Bytes in KB, with the split by system: `58.1 KB (crm 3.2, erp 20.4, …)`. */
export function formatBytes(bytes: UpstreamCalls): string {
  const kb = (n: number) => (n / 1024).toFixed(1);
  return `${kb(totalOf(bytes))} KB (${Object.entries(bytes).map(([system, n]) => `${system} ${kb(n)}`).join(', ')})`;
}

/** Latency in ms: autocannon's are whole, a closed loop's are not. */
export const formatMs = (value: number): string => (Number.isInteger(value) ? String(value) : value.toFixed(1));

export function row(label: string, figures: Figures): string {
  const cpu = figures.cpuMsPerRequest === undefined ? '' : `  gateway CPU ${figures.cpuMsPerRequest.toFixed(2)} ms/request`;
  return `${label.padEnd(34)} ${figures.requestsPerSecond.toFixed(1).padStart(8)} req/s  p50 ${formatMs(figures.p50).padStart(5)} ms  p99 ${formatMs(figures.p99).padStart(5)} ms  errors ${figures.errors}  upstream calls/query ${formatCalls(figures.upstreamCalls)}  bytes/query ${formatBytes(figures.upstreamBytes)}${cpu}`;
}
