import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/graphqlAs.js';
import { startStack, type Stack } from '../helpers/startStack.js';

const SHIPPING_SECRET = `whsec_${Buffer.from('webhooks-out test carrier key 001').toString('base64')}`;

interface Delivery {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly answered: number | 'hang';
}

/** A client's webhook receiver on a real socket, answering each request as `answer` says. */
interface Receiver {
  readonly url: string;
  readonly deliveries: Delivery[];
  answer: (request: number) => number | 'hang';
  close(): Promise<void>;
}

async function startReceiver(answer: (request: number) => number | 'hang'): Promise<Receiver> {
  const deliveries: Delivery[] = [];
  const receiver = { deliveries, answer } as Receiver & { server: Server };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const answered = receiver.answer(deliveries.length + 1);
      deliveries.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), answered });
      if (answered !== 'hang') response.writeHead(answered, { 'content-type': 'text/plain' }).end('thanks');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

/** What the official Standard Webhooks library makes of a delivery, or why it refuses it. */
function verify(secret: string, delivery: Delivery): { type: string; data: Record<string, unknown> } {
  const headers = Object.fromEntries(Object.entries(delivery.headers).map(([name, value]) => [name, String(value)]));
  return new Webhook(secret).verify(delivery.body, headers) as { type: string; data: Record<string, unknown> };
}

const CREATE = `mutation($url: String!, $events: [String!]!, $description: String) {
  createWebhookEndpoint(url: $url, events: $events, description: $description) { secret endpoint { id url events status description } }
}`;
const DELIVERIES = `query($id: ID!, $status: WebhookDeliveryStatus) {
  webhookDeliveries(endpointId: $id, status: $status, first: 50) {
    id eventId eventType status attemptCount lastStatusCode lastError payload attempts { at statusCode error succeeded durationMs }
  }
}`;
const ENDPOINTS = `{ webhookEndpoints { id status disabledReason previousSecretExpiresAt } }`;

interface DeliveryRow {
  id: string;
  eventId: string;
  eventType: string;
  status: string;
  attemptCount: number;
  lastStatusCode: number | null;
  lastError: string | null;
  attempts: { at: string; statusCode: number | null; error: string | null; succeeded: boolean }[];
}

describe('outbound webhooks', () => {
  let stack: Stack;
  const receivers: Receiver[] = [];

  beforeAll(async () => {
    stack = await startStack({
      env: {
        SHIPPING_WEBHOOK_SECRETS: SHIPPING_SECRET,
        WEBHOOK_DELIVERY_TIMEOUT_MS: '1500',
        WEBHOOK_DELIVERY_RETRY_LIMIT: '2',
        WEBHOOK_DELIVERY_RETRY_DELAY_SECONDS: '1',
        WEBHOOK_DELIVERY_WORKERS: '4',
        // The receivers are this test's own, on loopback.
        WEBHOOK_DELIVERY_ALLOWED_DESTINATIONS: '127.0.0.1',
      },
    });
  });
  afterAll(async () => {
    await Promise.all(receivers.map((receiver) => receiver.close()));
    await stack?.close();
  });

  async function receiver(answer: (request: number) => number | 'hang'): Promise<Receiver> {
    const started = await startReceiver(answer);
    receivers.push(started);
    return started;
  }

  async function subscribe(url: string, events = ['shipment.updated']): Promise<{ id: string; secret: string }> {
    const created = await stack.graphql(CREATE, { url, events, description: 'test receiver' });
    expect(created.body.errors).toBeUndefined();
    const { secret, endpoint } = created.body.data?.createWebhookEndpoint as { secret: string; endpoint: { id: string } };
    return { id: endpoint.id, secret };
  }

  async function unsubscribe(id: string): Promise<void> {
    const deleted = await stack.graphql(`mutation($id: ID!) { deleteWebhookEndpoint(id: $id) { id } }`, { id });
    expect(deleted.body.errors).toBeUndefined();
  }

  /** A domain event through the real path: the carrier's signed tracker.updated, processed into shipment.updated. */
  async function shipmentUpdated(trackingCode: string): Promise<void> {
    const payload = JSON.stringify({ id: `evt_${randomUUID()}`, object: 'Event', description: 'tracker.updated', result: { tracking_code: trackingCode, status: 'in_transit' } });
    const id = `msg_${randomUUID()}`;
    const at = new Date();
    const response = await fetch(`${stack.url}/webhooks/shipping`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': new Webhook(SHIPPING_SECRET).sign(id, at, payload),
      },
      body: payload,
    });
    expect(response.status).toBe(200);
  }

  async function deliveries(endpointId: string): Promise<DeliveryRow[]> {
    const result = await stack.graphql(DELIVERIES, { id: endpointId });
    expect(result.body.errors).toBeUndefined();
    return result.body.data?.webhookDeliveries as DeliveryRow[];
  }

  it('signs deliveries by Standard Webhooks and retries a 500 until the subscriber takes it', async () => {
    const flaky = await receiver((request) => (request <= 2 ? 500 : 204));
    const endpoint = await subscribe(flaky.url);
    await shipmentUpdated('EZ4000000000001');

    const [delivered] = await eventually(
      () => deliveries(endpoint.id),
      (rows) => rows[0]?.status === 'SUCCEEDED',
      'the delivery to succeed on its third attempt',
    );
    expect(delivered).toMatchObject({ eventType: 'shipment.updated', attemptCount: 3, lastStatusCode: 204 });
    expect(delivered!.attempts.map((attempt) => attempt.statusCode)).toEqual([500, 500, 204]);
    expect(flaky.deliveries).toHaveLength(3);
    // Every attempt is signed afresh and verifies with the official library; the message id stays the event's.
    for (const sent of flaky.deliveries) {
      const event = verify(endpoint.secret, sent);
      expect(event).toMatchObject({ type: 'shipment.updated', data: { trackingCode: 'EZ4000000000001', id: delivered!.eventId } });
      expect(sent.headers['webhook-id']).toBe(delivered!.eventId);
    }
    expect(() => verify(`whsec_${Buffer.from('somebody else entirely, 32 bytes').toString('base64')}`, flaky.deliveries[0]!)).toThrow();

    const audit = await stack.app.store.prisma.auditLog.findMany({ where: { action: 'webhookEndpoint.create', targetId: endpoint.id } });
    expect(audit).toHaveLength(1);
    await unsubscribe(endpoint.id);
  });

  it('signs with the old and the new secret while a rotation’s grace runs', async () => {
    const ok = await receiver(() => 200);
    const endpoint = await subscribe(ok.url);
    const rotated = await stack.graphql(`mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret endpoint { previousSecretExpiresAt } } }`, { id: endpoint.id });
    const { secret } = rotated.body.data?.rotateWebhookSecret as { secret: string; endpoint: { previousSecretExpiresAt: string } };
    expect(secret).not.toBe(endpoint.secret);
    await shipmentUpdated('EZ4000000000002');
    await eventually(async () => ok.deliveries.length, (count) => count === 1, 'the delivery');
    expect(verify(secret, ok.deliveries[0]!).type).toBe('shipment.updated');
    expect(verify(endpoint.secret, ok.deliveries[0]!).type).toBe('shipment.updated');
    await unsubscribe(endpoint.id);
  });

  it('disables an endpoint that answers 410 Gone and sends it nothing more', async () => {
    const gone = await receiver(() => 410);
    const endpoint = await subscribe(gone.url);
    await shipmentUpdated('EZ4000000000003');
    const [cancelled] = await eventually(() => deliveries(endpoint.id), (rows) => rows[0]?.status === 'CANCELLED', 'the delivery to be cancelled');
    expect(cancelled).toMatchObject({ attemptCount: 1, lastStatusCode: 410 });
    const listed = (await stack.graphql(ENDPOINTS)).body.data?.webhookEndpoints as { id: string; status: string; disabledReason: string }[];
    expect(listed.find((candidate) => candidate.id === endpoint.id)).toMatchObject({ status: 'DISABLED', disabledReason: expect.stringContaining('410') });

    await shipmentUpdated('EZ4000000000004');
    const marker = await receiver(() => 200);
    const markerEndpoint = await subscribe(marker.url);
    await shipmentUpdated('EZ4000000000005');
    // The marker may also get the previous event, if it subscribed before that one was fanned out.
    await eventually(
      async () => marker.deliveries.map((sent) => (verify(markerEndpoint.secret, sent).data as { trackingCode: string }).trackingCode),
      (codes) => codes.includes('EZ4000000000005'),
      'a later event to reach an enabled endpoint',
    );
    expect(gone.deliveries).toHaveLength(1);
    expect(await deliveries(endpoint.id)).toHaveLength(1);
    await unsubscribe(endpoint.id);
    await unsubscribe(markerEndpoint.id);
  });

  it('times out a hanging subscriber without holding up the others', async () => {
    const hanging = await receiver(() => 'hang');
    const prompt = await receiver(() => 200);
    const slow = await subscribe(hanging.url);
    const fast = await subscribe(prompt.url);
    await shipmentUpdated('EZ4000000000006');

    await eventually(
      async () => ({ fast: (await deliveries(fast.id))[0]?.status, hanging: hanging.deliveries.length }),
      (state) => state.fast === 'SUCCEEDED' && state.hanging === 1,
      'the prompt subscriber’s delivery while the hanging one holds its request',
    );
    const [timedOut] = await eventually(() => deliveries(slow.id), (rows) => (rows[0]?.attemptCount ?? 0) >= 1, 'the hanging attempt to time out');
    expect(timedOut!.attempts[0]).toMatchObject({ statusCode: null, succeeded: false, error: expect.stringContaining('no answer within 1500 ms') });
    // The prompt delivery was recorded before the hanging one gave up: it did not wait for it.
    const [delivered] = await deliveries(fast.id);
    expect(Date.parse(delivered!.attempts[0]!.at)).toBeLessThan(Date.parse(timedOut!.attempts[0]!.at));
    await unsubscribe(slow.id);
    await unsubscribe(fast.id);
  });

  it('dead-letters a delivery after its last retry, and a replay sends it again', async () => {
    let healthy = false;
    const failing = await receiver(() => (healthy ? 200 : 503));
    const endpoint = await subscribe(failing.url);
    await shipmentUpdated('EZ4000000000007');

    const [dead] = await eventually(() => deliveries(endpoint.id), (rows) => rows[0]?.status === 'DEAD', 'the delivery to fail its last retry');
    expect(dead).toMatchObject({ attemptCount: 3, lastStatusCode: 503 });
    const letters = await eventually(
      () => stack.graphql(`{ deadLetters(filter: { kind: "webhook-deliver", status: OPEN }) { nodes { id system lastErrorCode payload attempts { errorCode upstreamStatus } } } }`),
      (result) => ((result.body.data?.deadLetters as any)?.nodes ?? []).some((letter: any) => letter.payload.includes(dead!.id)),
      'the dead letter',
    );
    const letter = (letters.body.data?.deadLetters as any).nodes.find((candidate: any) => candidate.payload.includes(dead!.id));
    expect(letter).toMatchObject({ system: 'webhooks', lastErrorCode: 'WEBHOOK_DELIVERY_REJECTED' });
    expect(letter.attempts.map((attempt: any) => attempt.upstreamStatus)).toEqual([503, 503, 503]);

    healthy = true;
    const replayed = await stack.graphql(`mutation($id: ID!) { replayDeadLetter(id: $id) { outcome message } }`, { id: letter.id });
    expect(replayed.body.data?.replayDeadLetter).toMatchObject({ outcome: 'REPLAYED' });
    const [succeeded] = await deliveries(endpoint.id);
    expect(succeeded).toMatchObject({ status: 'SUCCEEDED', attemptCount: 4, lastStatusCode: 200 });
    expect(failing.deliveries.map((sent) => sent.answered)).toEqual([503, 503, 503, 200]);
    expect(verify(endpoint.secret, failing.deliveries[3]!).type).toBe('shipment.updated');
    await unsubscribe(endpoint.id);
  });

  it('sends what any part of the gateway publishes on the event bus, such as customer.created', async () => {
    const ok = await receiver(() => 200);
    const endpoint = await subscribe(ok.url, ['customer.created']);
    const created = await stack.graphql(
      `mutation($input: CustomerInput!, $key: String) { createCustomer(input: $input, idempotencyKey: $key) { customer { id } } }`,
      { input: { name: 'Grace Hopper', email: 'grace.hopper@example.org', currency: 'USD' }, key: 'webhooks-out-customer' },
    );
    expect(created.body.errors).toBeUndefined();
    await eventually(async () => ok.deliveries.length, (count) => count === 1, 'the customer.created delivery');
    expect(verify(endpoint.secret, ok.deliveries[0]!)).toMatchObject({ type: 'customer.created', data: { email: 'grace.hopper@example.org' } });
    await unsubscribe(endpoint.id);
  });

  it('refuses bad endpoint input and non-admins', async () => {
    const badUrl = await stack.graphql(CREATE, { url: 'ftp://example.org/hooks', events: ['shipment.updated'] });
    expect(badUrl.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'url' });
    const badEvent = await stack.graphql(CREATE, { url: 'https://example.org/hooks', events: ['shipment.teleported'] });
    expect(badEvent.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'events' });
    const anonymous = await stack.graphql(ENDPOINTS, {}, { authorization: '' });
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const missing = await stack.graphql(`mutation { rotateWebhookSecret(id: "${randomUUID()}") { secret } }`);
    expect(missing.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'id' });
  });
});
