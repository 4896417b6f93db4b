import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FormattedExecutionResult } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { customerId, PLACE_ORDER, productId } from '../helpers/graphqlAs.js';
import { startStack, TEST_ADMIN_KEY, type Stack } from '../helpers/startStack.js';

const SECRET = 'a-shared-hs256-secret-for-subscription-tests';
const ISSUER = 'https://auth.example.com/';
const AUDIENCE = 'switchyard-subscriptions';

const ORDER_UPDATED = `subscription($id: ID!) { orderUpdated(orderId: $id) { id reference status customer { id } } }`;
const ORDER_UPDATED_HASH = createHash('sha256').update(ORDER_UPDATED).digest('hex');
const CANCEL = `mutation($id: ID!, $key: String) { cancelOrder(orderId: $id, idempotencyKey: $key) { order { status } } }`;

type Result = FormattedExecutionResult<Record<string, any>, unknown>;

/** A subscription's results as they arrive, read one at a time. */
function subscribe(client: Client, query: string, variables: Record<string, unknown>, extensions?: Record<string, unknown>) {
  const results: Result[] = [];
  const waiters: (() => void)[] = [];
  let failure: unknown;
  const stop = client.subscribe<Record<string, any>>(
    { query, variables, ...(extensions ? { extensions } : {}) },
    {
      next: (result) => {
        results.push(result);
        waiters.splice(0).forEach((wake) => wake());
      },
      error: (error) => {
        failure = error;
        waiters.splice(0).forEach((wake) => wake());
      },
      complete: () => undefined,
    },
  );
  return {
    stop,
    /** The next result; fails if the subscription errored first. */
    async next(): Promise<Result> {
      while (results.length === 0) {
        if (failure) throw new Error(`subscription failed: ${JSON.stringify(failure)}`);
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
      return results.shift()!;
    },
    pending: () => results.length,
  };
}

/** Why the server closed a raw graphql-ws connection that sent `payload` in connection_init. */
function closeOf(url: string, payload: Record<string, unknown>): Promise<{ code: number; reason: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, 'graphql-transport-ws');
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload })));
    socket.on('message', (data) => reject(new Error(`expected a close, got ${String(data)}`)));
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    socket.on('error', reject);
  });
}

describe('GraphQL subscriptions over graphql-ws on /graphql', () => {
  let stack: Stack;
  let wsUrl: string;
  let manifestDir: string;
  const clients: Client[] = [];

  const connect = (connectionParams: Record<string, unknown>) => {
    const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: true });
    clients.push(client);
    return client;
  };

  const userToken = (customer: number) =>
    new SignJWT({ roles: 'shopper', customer_id: customer })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(`user-of-${customer}`)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(SECRET));

  async function placeOrder(partnerId: number, key: string): Promise<{ id: string; reference: string }> {
    const currency = ((await stack.graphql(`{ customer(id: "${customerId(partnerId)}") { currency } }`)).body.data?.customer as any).currency;
    const placed = await stack.graphql(PLACE_ORDER, {
      input: { customerId: customerId(partnerId), lines: [{ productId: productId(3), quantity: 1 }], currency },
      key,
    });
    expect(placed.body.errors).toBeUndefined();
    return (placed.body.data?.placeOrder as any).order;
  }

  /**
   * Publishes a stand-in event for the order until the subscription answers it: then the server
   * is listening, and the test's real update cannot arrive before it does.
   */
  async function untilListening(subscription: ReturnType<typeof subscribe>, order: { id: string; reference: string }) {
    const orderId = Number(Buffer.from(order.id, 'base64url').toString().split(':')[1]);
    for (let attempt = 0; attempt < 100 && subscription.pending() === 0; attempt += 1) {
      await stack.app.services.events.publish({
        name: 'order.placed',
        data: { orderId, orderReference: order.reference, partnerId: 0, amount: 0, currency: 'EUR', paymentId: null },
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const first = await subscription.next();
    while (subscription.pending() > 0) await subscription.next();
    return first;
  }

  beforeAll(async () => {
    manifestDir = mkdtempSync(join(tmpdir(), 'subscriptions-'));
    const manifest = join(manifestDir, 'trusted-documents.json');
    writeFileSync(manifest, JSON.stringify({ [ORDER_UPDATED_HASH]: ORDER_UPDATED }));
    stack = await startStack({
      env: { JWT_SECRET: SECRET, JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE, TRUSTED_DOCUMENTS_FILE: manifest },
    });
    wsUrl = `${stack.url.replace(/^http/, 'ws')}/graphql`;
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    await stack?.close();
    rmSync(manifestDir, { recursive: true, force: true });
  });

  it('pushes the order when it is cancelled, to a subscriber authenticated with the admin key', async () => {
    const order = await placeOrder(5, 'subscription-order-1');
    const subscription = subscribe(connect({ authorization: `Bearer ${TEST_ADMIN_KEY}` }), ORDER_UPDATED, { id: order.id });
    const first = await untilListening(subscription, order);
    expect(first).toEqual({ data: { orderUpdated: { id: order.id, reference: order.reference, status: 'CONFIRMED', customer: { id: customerId(5) } } } });

    const cancelled = await stack.graphql(CANCEL, { id: order.id, key: 'subscription-cancel-1' });
    expect(cancelled.body.errors).toBeUndefined();
    // A stand-in event still in flight may answer first, with the order as it then was.
    let update = await subscription.next();
    while (update.data?.orderUpdated?.status === 'CONFIRMED') update = await subscription.next();
    expect(update).toEqual({ data: { orderUpdated: { id: order.id, reference: order.reference, status: 'CANCELLED', customer: { id: customerId(5) } } } });
    subscription.stop();
  });

  it('refuses a connection without credentials (4401) and one with a wrong key (4403)', async () => {
    expect(await closeOf(wsUrl, {})).toMatchObject({ code: 4401 });
    const wrong = await closeOf(wsUrl, { authorization: 'Bearer sy_not_a_key' });
    expect(wrong.code).toBe(4403);
    expect(wrong.reason).toMatch(/unknown, revoked or expired/);
  });

  it('serves a CLIENT key, given as x-api-key', async () => {
    const created = await stack.graphql(`mutation { createApiKey(input: { name: "live client", role: CLIENT }) { secret } }`);
    const secret = (created.body.data?.createApiKey as any).secret as string;
    const order = await placeOrder(6, 'subscription-order-2');
    const subscription = subscribe(connect({ 'x-api-key': secret }), ORDER_UPDATED, { id: order.id });
    const first = await untilListening(subscription, order);
    expect(first.data?.orderUpdated).toMatchObject({ id: order.id, status: 'CONFIRMED' });
    subscription.stop();
  });

  it('lets an end user follow only their own customer’s orders', async () => {
    const order = await placeOrder(7, 'subscription-order-3');
    const stranger = subscribe(connect({ authorization: `Bearer ${await userToken(8)}` }), ORDER_UPDATED, { id: order.id });
    const refused = await stranger.next();
    expect(refused.data ?? null).toBeNull();
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });

    const owner = subscribe(connect({ authorization: `Bearer ${await userToken(7)}` }), ORDER_UPDATED, { id: order.id });
    const first = await untilListening(owner, order);
    expect(first.data?.orderUpdated).toMatchObject({ id: order.id });
    owner.stop();
  });

  it('holds a key restricted to trusted documents to them, sent by hash, as over HTTP', async () => {
    const created = await stack.graphql(
      `mutation { createApiKey(input: { name: "trusted only", role: CLIENT, trustedDocumentsOnly: true }) { secret } }`,
    );
    const secret = (created.body.data?.createApiKey as any).secret as string;
    const order = await placeOrder(9, 'subscription-order-4');
    const client = connect({ authorization: `Bearer ${secret}` });
    const byText = subscribe(client, ORDER_UPDATED, { id: order.id });
    await expect(byText.next()).rejects.toThrow(/OPERATION_NOT_TRUSTED/);
    const byHash = subscribe(client, ORDER_UPDATED, { id: order.id }, { persistedQuery: { version: 1, sha256Hash: ORDER_UPDATED_HASH } });
    const first = await untilListening(byHash, order);
    expect(first.data?.orderUpdated).toMatchObject({ id: order.id });
    byHash.stop();
  });

  it('serves only subscriptions over the socket: mutations stay on HTTP', async () => {
    const client = connect({ authorization: `Bearer ${TEST_ADMIN_KEY}` });
    const attempt = subscribe(client, `mutation { cancelOrder(orderId: "x", idempotencyKey: "k") { order { id } } }`, {});
    await expect(attempt.next()).rejects.toThrow(/Only subscriptions are served over WebSocket/);
  });
});
