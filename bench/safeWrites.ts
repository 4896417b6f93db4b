import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import pg from 'pg';
import { pino } from 'pino';
import { createStore } from '../src/store/createStore.js';
import { graphqlData } from './postGraphql.js';
import { startGatewayProcess, startSandboxProcess } from './processes.js';

/**
 * `npm run bench:writes`: placeOrder throughput with idempotency on (every request a new key, then
 * every request the same key: the stored-result path), and the replay of 1,000 dead letters.
 * Uses DATABASE_URL (default: the local PostgreSQL) in a schema of its own, dropped at the end.
 */
const DATABASE_URL = process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/test';
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const LETTERS = Number(process.env.BENCH_DEAD_LETTERS ?? 1000);
const schema = `bench_${Date.now()}`;

const PLACE_ORDER = `mutation($input: PlaceOrderInput!, $key: String) { placeOrder(input: $input, idempotencyKey: $key) { order { reference } payment { id } } }`;
const id = (type: string, n: number) => Buffer.from(`${type}:${n}`).toString('base64url');

function report(label: string, result: autocannon.Result): void {
  console.log(
    `${label.padEnd(40)} ${result.requests.average.toFixed(1).padStart(8)} req/s  p50 ${String(result.latency.p50).padStart(5)} ms  p99 ${String(result.latency.p99).padStart(5)} ms  non-2xx ${result.non2xx}  errors ${result.errors}`,
  );
}

async function main(): Promise<void> {
  console.log(`Switchyard safe-writes bench: ${CONNECTIONS} connections, ${DURATION} s per run, node ${process.version}`);
  const sandbox = await startSandboxProcess();
  const gateway = await startGatewayProcess(sandbox, {
    DATABASE_URL,
    DATABASE_SCHEMA: schema,
    QUEUE_SCHEMA: `${schema}_queue`,
    // Follow-ups run in the same process, as in a one-instance deployment.
    QUEUE_WORKER: 'true',
  });
  try {
    const { customer } = await graphqlData<{ customer: { currency: string } }>(gateway.graphqlUrl, gateway.headers, `{ customer(id: "${id('Customer', 8)}") { currency } }`);
    const input = { customerId: id('Customer', 8), lines: [{ productId: id('Product', 4), quantity: 1 }], currency: customer.currency };
    const body = (key: string) => JSON.stringify({ query: PLACE_ORDER, variables: { input, key } });

    const fresh = await autocannon({
      url: gateway.graphqlUrl,
      method: 'POST',
      connections: CONNECTIONS,
      duration: DURATION,
      headers: gateway.headers,
      requests: [{ setupRequest: (request) => ({ ...request, body: body(randomUUID()) }) }],
    });
    report('placeOrder, a new key each', fresh);

    await graphqlData(gateway.graphqlUrl, gateway.headers, PLACE_ORDER, { input, key: 'bench-replayed-key' });
    const replayed = await autocannon({
      url: gateway.graphqlUrl,
      method: 'POST',
      connections: CONNECTIONS,
      duration: DURATION,
      headers: gateway.headers,
      body: body('bench-replayed-key'),
    });
    report('placeOrder, same key (stored result)', replayed);

    // Dead letters are written straight into the table (a CRM outage long enough to make 1,000 would
    // take minutes of retries); each one is a real note for a real order, so a replay calls the CRM.
    const store = await createStore({ databaseUrl: DATABASE_URL, schema, logger: pino({ level: 'silent' }) });
    const now = new Date();
    await store.prisma.deadLetter.createMany({
      data: Array.from({ length: LETTERS }, (_, index) => ({
        id: randomUUID(),
        sourceJobId: randomUUID(),
        kind: 'crm-order-note',
        system: 'crm',
        payload: { orderId: index + 1, orderReference: `S${String(index + 1).padStart(5, '0')}`, email: `bench.${index}@example.com`, name: `Bench ${index}`, total: '€1.00', noteKey: `bench-note-${index}` },
        idempotencyKey: `bench-${index}`,
        attemptCount: 6,
        lastErrorCode: 'UPSTREAM_UNAVAILABLE',
        lastError: 'The crm system failed: HTTP 503',
        firstFailedAt: now,
        lastFailedAt: now,
      })),
    });
    await store.close();
    const started = performance.now();
    const replay = await graphqlData<{ replayDeadLetters: unknown }>(
      gateway.graphqlUrl,
      gateway.headers,
      `mutation($limit: Int!) { replayDeadLetters(filter: { status: OPEN }, limit: $limit) { matched replayed failed skipped } }`,
      { limit: LETTERS },
    );
    const seconds = (performance.now() - started) / 1000;
    const summary = replay.replayDeadLetters;
    console.log(`replayDeadLetters(limit: ${LETTERS})`.padEnd(40), `${seconds.toFixed(2)} s, ${(LETTERS / seconds).toFixed(1)} letters/s`, JSON.stringify(summary));
  } finally {
    await gateway.stop();
    await sandbox.stop();
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE; DROP SCHEMA IF EXISTS "${schema}_queue" CASCADE`);
    await client.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
