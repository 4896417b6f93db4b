import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workId } from '../../src/reliability/workId.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/startSandbox.js';
import { eventually } from '../helpers/graphqlAs.js';
import { startStack, type Stack, type StackDatabase } from '../helpers/startStack.js';
import { dropSchema, uniqueSchemaName } from '../helpers/testDatabase.js';

/** A receiver on a real socket that counts what reaches it and answers with `answer`. */
interface Receiver {
  readonly url: string;
  readonly received: string[];
  close(): Promise<void>;
}

async function startReceiver(host: string, answer: (response: ServerResponse) => void): Promise<Receiver> {
  const received: string[] = [];
  const server: Server = createServer((request, response) => {
    received.push(`${request.method} ${request.url}`);
    request.resume();
    request.on('end', () => answer(response));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/hooks`,
    received,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const CREATE = `mutation($url: String!) { createWebhookEndpoint(url: $url, events: ["customer.created"]) { endpoint { id } } }`;
const DELIVERIES = `query($id: ID!) { webhookDeliveries(endpointId: $id) { id status attemptCount lastError attempts { statusCode error } } }`;

interface DeliveryRow {
  id: string;
  status: string;
  attemptCount: number;
  lastError: string | null;
  attempts: { statusCode: number | null; error: string | null }[];
}

async function subscribe(stack: Stack, url: string): Promise<string> {
  const created = await stack.graphql(CREATE, { url });
  expect(created.body.errors).toBeUndefined();
  return (created.body.data?.createWebhookEndpoint as { endpoint: { id: string } }).endpoint.id;
}

async function deliveries(stack: Stack, endpointId: string): Promise<DeliveryRow[]> {
  const result = await stack.graphql(DELIVERIES, { id: endpointId });
  expect(result.body.errors).toBeUndefined();
  return result.body.data?.webhookDeliveries as DeliveryRow[];
}

/** A customer.created event through the real path: the ERP creates the partner, the bus carries the event. */
async function customerCreated(stack: Stack, key: string): Promise<void> {
  const created = await stack.graphql(
    `mutation($input: CustomerInput!, $key: String) { createCustomer(input: $input, idempotencyKey: $key) { customer { id } } }`,
    { input: { name: `Destination ${key}`, email: `${key}@example.org`, currency: 'EUR' }, key },
  );
  expect(created.body.errors).toBeUndefined();
}

const RETRY = { WEBHOOK_DELIVERY_RETRY_LIMIT: '2', WEBHOOK_DELIVERY_RETRY_DELAY_SECONDS: '1', WEBHOOK_DELIVERY_TIMEOUT_MS: '1500' };

describe('outbound webhook destinations', () => {
  let sandbox: Sandbox;
  // Allows this test's receivers on 127.0.0.1 (and nothing else of loopback) and delivers to them.
  let allowing: Stack;
  // The default configuration: nothing internal allowed. It runs the workers of `shared`.
  let strict: Stack;
  // Allows 127.0.0.1 when registering but runs no workers: what `strict` delivers from `shared` was
  // registered while allowed, the way a name that resolved to a public address may resolve to an internal one later.
  let registrar: Stack;
  const shared: StackDatabase = { schema: uniqueSchemaName('dest'), queueSchema: uniqueSchemaName('dest_queue') };
  const receivers: Receiver[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 42 });
    allowing = await startStack({ sandbox, env: { ...RETRY, WEBHOOK_DELIVERY_ALLOWED_DESTINATIONS: '127.0.0.1' } });
    strict = await startStack({ sandbox, database: shared, env: RETRY });
    registrar = await startStack({ sandbox, database: shared, env: { ...RETRY, QUEUE_WORKER: 'false', WEBHOOK_DELIVERY_ALLOWED_DESTINATIONS: '127.0.0.1' } });
  });
  afterAll(async () => {
    await Promise.all(receivers.map((receiver) => receiver.close()));
    await registrar?.close();
    await strict?.close();
    await allowing?.close();
    await Promise.all([dropSchema(shared.schema), dropSchema(shared.queueSchema)]);
    await sandbox?.stop();
  });

  async function receiver(host: string, answer: (response: ServerResponse) => void): Promise<Receiver> {
    const started = await startReceiver(host, answer);
    receivers.push(started);
    return started;
  }

  it.each([
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254 is a cloud metadata address'],
    ['http://metadata.google.internal/computeMetadata/v1/', 'metadata.google.internal is a cloud metadata service'],
    ['http://127.0.0.1:5432/', '127.0.0.1 is a loopback address'],
    ['http://[::1]/', '::1 is a loopback address'],
    ['http://0x7f000001/', '127.0.0.1 is a loopback address'],
    ['http://[::ffff:127.0.0.1]:6379/', '::ffff:7f00:1 is a loopback address'],
    ['http://localhost:8080/hooks', /localhost resolves to (127\.0\.0\.1|::1), a loopback address/],
    ['http://0.0.0.0:3000/', '0.0.0.0 is an unspecified address'],
    ['http://10.0.0.1/', '10.0.0.1 is a private address'],
    ['https://192.168.1.20/hooks', '192.168.1.20 is a private address'],
    ['http://100.64.0.7/', '100.64.0.7 is a carrier-grade NAT address'],
    ['http://[fe80::1]/', 'fe80::1 is a link-local address'],
    ['http://[fd00::1]/', 'fd00::1 is a unique-local address'],
  ])('refuses to register %s with BAD_USER_INPUT naming the reason', async (url, reason) => {
    const refused = await strict.graphql(CREATE, { url });
    expect(refused.body.data).toBeNull();
    const [error] = refused.body.errors ?? [];
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'url' });
    expect(error?.message).toMatch(reason);
    expect(error?.message).toContain('WEBHOOK_DELIVERY_ALLOWED_DESTINATIONS');
  });

  it('refuses a host name that does not resolve, and stores none of the refused endpoints', async () => {
    const refused = await strict.graphql(CREATE, { url: 'https://hooks.invalid/x' });
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'url' });
    expect(refused.body.errors?.[0]?.message).toContain('hooks.invalid could not be resolved');
    const listed = await strict.graphql('{ webhookEndpoints { url } }');
    expect(listed.body.data?.webhookEndpoints).toEqual([]);
  });

  it('delivers to a loopback receiver the allow-list names, and only to that address', async () => {
    const ok = await receiver('127.0.0.1', (response) => response.writeHead(204).end());
    const endpointId = await subscribe(allowing, ok.url);
    await customerCreated(allowing, 'dest-allowed');
    const [delivered] = await eventually(() => deliveries(allowing, endpointId), (rows) => rows[0]?.status === 'SUCCEEDED', 'the delivery');
    expect(delivered).toMatchObject({ attemptCount: 1 });
    expect(ok.received).toEqual(['POST /hooks']);

    const otherLoopback = await allowing.graphql(CREATE, { url: 'http://127.0.0.2:8080/hooks' });
    expect(otherLoopback.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'url' });
    expect(otherLoopback.body.errors?.[0]?.message).toContain('127.0.0.2 is a loopback address');
  });

  it('does not follow a redirect from an allowed receiver to a refused address', async () => {
    const inside = await receiver('::1', (response) => response.writeHead(200).end());
    expect((await allowing.graphql(CREATE, { url: inside.url })).body.errors?.[0]?.message).toContain('::1 is a loopback address');
    const redirecting = await receiver('127.0.0.1', (response) => response.writeHead(302, { location: inside.url }).end());
    const endpointId = await subscribe(allowing, redirecting.url);
    await customerCreated(allowing, 'dest-redirect');

    const [failed] = await eventually(() => deliveries(allowing, endpointId), (rows) => (rows[0]?.attemptCount ?? 0) >= 1, 'the first attempt');
    expect(failed!.attempts[0]).toEqual({ statusCode: 302, error: 'answered HTTP 302 (redirects are not followed)' });
    expect(redirecting.received.length).toBeGreaterThanOrEqual(1);
    expect(inside.received).toEqual([]);
    const deleted = await allowing.graphql(`mutation($id: ID!) { deleteWebhookEndpoint(id: $id) { id } }`, { id: endpointId });
    expect(deleted.body.errors).toBeUndefined();
  });

  it('checks again at delivery: an endpoint registered while allowed is refused once its address is not, without retries', async () => {
    const target = await receiver('127.0.0.1', (response) => response.writeHead(200).end());
    const endpointId = await subscribe(registrar, target.url);
    await customerCreated(strict, 'dest-rebound');

    const [dead] = await eventually(() => deliveries(strict, endpointId), (rows) => rows[0]?.status === 'DEAD', 'the refused delivery');
    expect(dead).toMatchObject({ attemptCount: 1, lastError: expect.stringMatching(/^refused: 127\.0\.0\.1 is a loopback address; outbound webhooks may not target/) });
    expect(dead!.attempts).toEqual([{ statusCode: null, error: dead!.lastError }]);
    expect(target.received).toEqual([]);
    // The queue's job is finished, not waiting for a retry: a refusal does not get better with time.
    const jobId = workId('webhook-deliver', dead!.id);
    const states = await eventually(
      () => strict.app.store.prisma.$queryRawUnsafe<{ state: string }[]>(`SELECT state::text AS state FROM "${shared.queueSchema}".job WHERE id = $1::uuid`, jobId),
      (rows) => rows[0]?.state === 'completed',
      'the delivery job to complete',
    );
    expect(states).toEqual([{ state: 'completed' }]);
  });
});
