import { request as httpRequest, Agent } from 'node:http';
import got from 'got';
import pino from 'pino';
import { parseConfig } from '../src/config/index.js';
import { createBreakerRegistry } from '../src/connectors/core/createBreakerRegistry.js';
import { createUpstreamClient } from '../src/connectors/core/createUpstreamClient.js';
import { SANDBOX_CREDENTIALS } from '../src/sandbox/SandboxSystem.js';
import { startSandboxProcess } from './processes.js';

/**
 * `npm run bench:upstream`: the gateway's CPU per upstream call, for the HTTP client every connector
 * uses (got inside the breaker, with its retries, timeouts and log line) and, as the floor, Node's own
 * http.request on the same keep-alive agent settings. The sandbox runs in its own process, so only
 * the client's side is counted. BENCH_CALLS sets the calls per round (default 5000).
 */
const CALLS = Number(process.env.BENCH_CALLS ?? 5000);
const CONCURRENCY = 10;
const ROUNDS = 5;
const PATH = 'v2/trackers?page_size=1';

const cpuPerCall = async (call: () => Promise<unknown>): Promise<number> => {
  const before = process.cpuUsage();
  for (let done = 0; done < CALLS; done += CONCURRENCY) await Promise.all(Array.from({ length: CONCURRENCY }, call));
  const used = process.cpuUsage(before);
  return (used.user + used.system) / CALLS;
};

/** The variants take turns, round after round, so a drift of the machine's speed reaches all of them. */
async function measure(variants: Record<string, () => Promise<unknown>>): Promise<Record<string, number>> {
  const best: Record<string, number> = {};
  for (const call of Object.values(variants)) for (let i = 0; i < 500; i++) await call();
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, call] of Object.entries(variants)) best[name] = Math.min(best[name] ?? Infinity, await cpuPerCall(call));
  }
  return best;
}

async function main(): Promise<void> {
  const sandbox = await startSandboxProcess();
  try {
    const config = parseConfig({ SANDBOX: 'true' }).systems.shipping;
    const log = pino({ level: 'silent' });
    const breakers = createBreakerRegistry({ shipping: config.resilience.breaker } as never, log);
    const authorization = `Basic ${Buffer.from(`${SANDBOX_CREDENTIALS.shipping.apiKey}:`).toString('base64')}`;
    const client = createUpstreamClient({
      system: 'shipping',
      baseUrl: sandbox.urls.shipping,
      resilience: config.resilience,
      breakers,
      headers: { authorization },
      describeError: () => ({ message: 'failed' }),
    });
    const context = { requestId: 'bench', log };
    const viaClient = () => client.request(context, { method: 'GET', path: PATH, route: 'GET /v2/trackers', idempotent: true });

    const agent = new Agent({ keepAlive: true });
    const url = new URL(`${sandbox.urls.shipping}/${PATH}`);
    const viaNode = () =>
      new Promise<unknown>((resolve, reject) => {
        const sent = httpRequest(url, { agent, headers: { authorization } }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
        });
        sent.on('error', reject);
        sent.end();
      });

    // got as the client configures it, without the breaker, the log line and the per-call options.
    const bareGot = got.extend({ prefixUrl: sandbox.urls.shipping, headers: { authorization }, responseType: 'text' });
    const viaBareGot = async () => JSON.parse((await bareGot(PATH)).body) as unknown;

    const cost = await measure({ node: viaNode, got: viaBareGot, client: viaClient });
    const line = (label: string, micros: number) => console.log(`  ${label.padEnd(52)} ${micros.toFixed(0).padStart(5)} µs`);
    console.log(`Upstream call cost: CPU per call, ${CALLS} calls a round, ${CONCURRENCY} in flight, best of ${ROUNDS} rounds, node ${process.version}`);
    line('node:http request (keep-alive), JSON.parse', cost.node!);
    line('bare got, same request', cost.got!);
    line('upstream client (got options, breaker, log line)', cost.client!);
    line("got's own cost over node:http", cost.got! - cost.node!);
    line("the client's cost over bare got", cost.client! - cost.got!);
    breakers.shutdown();
    agent.destroy();
  } finally {
    await sandbox.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
