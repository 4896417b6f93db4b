import { createHmac, randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/startSandbox.js';
import { customerId, eventually, PLACE_ORDER, productId } from '../helpers/graphqlAs.js';
import { sandboxRecords } from '../helpers/sandboxRecords.js';
import { startStack, type Stack } from '../helpers/startStack.js';

const STRIPE_SECRET = 'whsec_test_current_0123456789abcdef';
const STRIPE_OLD_SECRET = 'whsec_test_previous_0123456789abcdef';
const SHIPPING_SECRET = `whsec_${Buffer.from('webhooks-in test carrier key 0001').toString('base64')}`;
const GENERIC_SECRET = `whsec_${Buffer.from('webhooks-in test generic key 00001').toString('base64')}`;
const HUBSPOT_SECRET = 'hubspot-app-client-secret-for-tests';
const BODY_LIMIT = 16_384;

const stripe = new Stripe('sk_test_signing_only');

interface Response {
  status: number;
  body: { received?: boolean; duplicate?: boolean; stored?: number; ignored?: number; errors?: { message: string; extensions: { code: string } }[] };
}

const EVENTS = `query($source: String, $status: WebhookEventStatus) {
  webhookEvents(source: $source, status: $status, first: 100) { id source eventId eventType status rawBody attempts error }
}`;
const ORDER_INVOICES = `query($id: ID!) { order(id: $id) { reference invoices { number paymentState amountDue { amount } } } }`;

describe('inbound webhooks', () => {
  let sandbox: Sandbox;
  let stack: Stack;

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 42, webhooks: { secrets: { payments: STRIPE_SECRET, shipping: SHIPPING_SECRET }, retryDelaysMs: [200, 400, 800] } });
    stack = await startStack({
      sandbox,
      env: {
        STRIPE_WEBHOOK_SECRETS: `${STRIPE_SECRET},${STRIPE_OLD_SECRET}`,
        SHIPPING_WEBHOOK_SECRETS: SHIPPING_SECRET,
        HUBSPOT_CLIENT_SECRETS: HUBSPOT_SECRET,
        WEBHOOK_GENERIC_SOURCES: `acme:${GENERIC_SECRET}`,
        WEBHOOK_BODY_LIMIT_BYTES: String(BODY_LIMIT),
        WEBHOOK_JOB_RETRY_DELAY_SECONDS: '1',
      },
    });
    sandbox.webhooks.setTarget('payments', `${stack.url}/webhooks/stripe`);
    sandbox.webhooks.setTarget('shipping', `${stack.url}/webhooks/shipping`);
  });
  afterAll(async () => {
    await stack?.close();
    await sandbox?.stop();
  });

  async function post(path: string, body: string | Buffer, headers: Record<string, string>): Promise<Response> {
    const response = await fetch(`${stack.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    return { status: response.status, body: (await response.json()) as Response['body'] };
  }

  const postStripe = (payload: string, secret = STRIPE_SECRET, timestamp?: number) =>
    post('/webhooks/stripe', payload, { 'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload, secret, ...(timestamp ? { timestamp } : {}) }) });

  function standardHeaders(secret: string, id: string, payload: string, at = new Date()): Record<string, string> {
    const seconds = Math.floor(at.getTime() / 1000);
    return { 'webhook-id': id, 'webhook-timestamp': String(seconds), 'webhook-signature': new Webhook(secret).sign(id, at, payload) };
  }

  function hubSpotHeaders(payload: string, secret = HUBSPOT_SECRET, timestampMs = Date.now()): Record<string, string> {
    const source = `POST${stack.url}/webhooks/hubspot${payload}${timestampMs}`;
    return {
      'x-hubspot-signature-v3': createHmac('sha256', secret).update(source).digest('base64'),
      'x-hubspot-request-timestamp': String(timestampMs),
    };
  }

  async function storedEvents(source: string) {
    const result = await stack.graphql(EVENTS, { source });
    expect(result.body.errors).toBeUndefined();
    return result.body.data?.webhookEvents as { eventId: string; eventType: string | null; status: string; rawBody: string; attempts: number; error: string | null }[];
  }

  const stripeEvent = (type: string, object: Record<string, unknown>) =>
    JSON.stringify({ id: `evt_${randomUUID().replaceAll('-', '')}`, object: 'event', type, created: Math.floor(Date.now() / 1000), data: { object } });

  const erp = (model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}) =>
    sandboxRecords(sandbox).erp(model, method, args, kwargs);

  async function placeOrder(partnerId: number, key: string) {
    const currency = ((await stack.graphql(`{ customer(id: "${customerId(partnerId)}") { currency } }`)).body.data?.customer as any).currency;
    const placed = await stack.graphql(PLACE_ORDER, { input: { customerId: customerId(partnerId), lines: [{ productId: productId(3), quantity: 1 }], currency }, key });
    expect(placed.body.errors).toBeUndefined();
    return placed.body.data?.placeOrder as { order: { id: string; reference: string }; payment: { id: string; status: string; amount: { amount: number } } };
  }

  it('closes the loop: a capture through the gateway comes back from Stripe as a paid ERP invoice', async () => {
    const { order, payment } = await placeOrder(21, 'webhooks-in-capture');
    expect(payment.status).toBe('REQUIRES_CAPTURE');
    const before = await stack.graphql(ORDER_INVOICES, { id: order.id });
    expect((before.body.data?.order as any).invoices.map((invoice: any) => invoice.paymentState)).toEqual(['NOT_PAID']);

    const capture = `mutation($id: ID!, $key: String) { capturePayment(paymentId: $id, idempotencyKey: $key) { status } }`;
    const captured = await stack.graphql(capture, { id: payment.id, key: 'webhooks-in-capture-1' });
    expect(captured.body.data?.capturePayment).toEqual({ status: 'SUCCEEDED' });

    const paid = await eventually(
      () => stack.graphql(ORDER_INVOICES, { id: order.id }),
      (result) => (result.body.data?.order as any)?.invoices?.[0]?.paymentState === 'PAID',
      'the invoice to be marked paid by the payment_intent.succeeded webhook',
    );
    expect((paid.body.data?.order as any).invoices[0].amountDue.amount).toBe(0);
    // The event is marked processed just after its handler has written the invoice.
    const succeededOf = (stored: Awaited<ReturnType<typeof storedEvents>>) =>
      stored.filter((event) => event.eventType === 'payment_intent.succeeded' && event.rawBody.includes(payment.id));
    const events = await eventually(() => storedEvents('stripe'), (stored) => succeededOf(stored)[0]?.status !== 'RECEIVED', 'the event to be settled');
    expect(succeededOf(events).map((event) => event.status)).toEqual(['PROCESSED']);
    // Stripe also announced the intent's creation and hold; the gateway keeps them and does nothing more.
    expect(events.find((event) => event.eventType === 'payment_intent.created' && event.rawBody.includes(payment.id))?.status).toBe('IGNORED');

    const refund = `mutation($id: ID!, $key: String) { refundPayment(paymentId: $id, amount: 100, reason: REQUESTED_BY_CUSTOMER, idempotencyKey: $key) { status } }`;
    expect((await stack.graphql(refund, { id: payment.id, key: 'webhooks-in-refund-1' })).body.errors).toBeUndefined();
    await eventually(
      () => stack.graphql(ORDER_INVOICES, { id: order.id }),
      (result) => (result.body.data?.order as any)?.invoices?.[0]?.paymentState === 'PARTIAL',
      'the charge.refunded webhook to mark the invoice partly paid',
    );
  });

  it('accepts a Stripe event signed with the secret being rotated out, and stores an unknown type as ignored', async () => {
    const payload = stripeEvent('customer.updated', { id: 'cus_123', object: 'customer' });
    const response = await postStripe(payload, STRIPE_OLD_SECRET);
    expect(response).toMatchObject({ status: 200, body: { received: true, duplicate: false, stored: 1, ignored: 1 } });
    const event = (await storedEvents('stripe')).find((candidate) => candidate.rawBody === payload);
    expect(event).toMatchObject({ eventType: 'customer.updated', status: 'IGNORED' });
  });

  it('processes payment_intent.payment_failed without touching a paid invoice', async () => {
    const { order, payment } = await placeOrder(22, 'webhooks-in-failed');
    const capture = `mutation($id: ID!, $key: String) { capturePayment(paymentId: $id, idempotencyKey: $key) { status } }`;
    await stack.graphql(capture, { id: payment.id, key: 'webhooks-in-failed-capture' });
    await eventually(
      () => stack.graphql(ORDER_INVOICES, { id: order.id }),
      (result) => (result.body.data?.order as any)?.invoices?.[0]?.paymentState === 'PAID',
      'the invoice to be paid',
    );
    const erpOrderId = Number(Buffer.from(order.id, 'base64url').toString().split(':')[1]);
    const payload = stripeEvent('payment_intent.payment_failed', {
      id: payment.id,
      object: 'payment_intent',
      metadata: { order_ref: order.reference, erp_order_id: String(erpOrderId) },
      last_payment_error: { message: 'Your card was declined.' },
    });
    expect((await postStripe(payload)).status).toBe(200);
    await eventually(() => storedEvents('stripe'), (events) => events.some((event) => event.rawBody === payload && event.status === 'PROCESSED'), 'the failure to be processed');
    const invoices = await stack.graphql(ORDER_INVOICES, { id: order.id });
    expect((invoices.body.data?.order as any).invoices[0].paymentState).toBe('PAID');
  });

  it('validates the ERP delivery when the carrier reports the parcel moving, and processes a repeated delivery once', async () => {
    const { order } = await placeOrder(23, 'webhooks-in-shipping');
    const erpOrderId = Number(Buffer.from(order.id, 'base64url').toString().split(':')[1]);
    const [picking] = await erp('stock.picking', 'search_read', [[['sale_id', '=', erpOrderId]]], { fields: ['carrier_tracking_ref', 'state'] });
    expect(picking.state).toBe('assigned');
    await eventually(
      () => stack.graphql(`{ shipment(trackingCode: "${picking.carrier_tracking_ref}") { status } }`),
      (result) => Boolean(result.body.data?.shipment),
      'the tracker to be created by the follow-up',
    );

    // The parcel moves on at the carrier without its own webhook, so only the event below reports it.
    sandbox.webhooks.setTarget('shipping', undefined);
    await fetch(`${sandbox.urls.shipping}/_control/advance-trackers`, { method: 'POST' });
    sandbox.webhooks.setTarget('shipping', `${stack.url}/webhooks/shipping`);
    const payload = JSON.stringify({
      id: `evt_${randomUUID().replaceAll('-', '')}`,
      object: 'Event',
      description: 'tracker.updated',
      previous_attributes: { status: 'pre_transit' },
      result: { tracking_code: picking.carrier_tracking_ref, status: 'in_transit', carrier: 'USPS' },
    });
    const messageId = `msg_${randomUUID()}`;
    const before = (await stack.calls('shipping')).byRoute['POST /v2/trackers/batch'] ?? 0;
    const first = await post('/webhooks/shipping', payload, standardHeaders(SHIPPING_SECRET, messageId, payload));
    expect(first).toMatchObject({ status: 200, body: { duplicate: false, stored: 1 } });
    const again = await post('/webhooks/shipping', payload, standardHeaders(SHIPPING_SECRET, messageId, payload));
    expect(again).toMatchObject({ status: 200, body: { duplicate: true, stored: 0 } });

    const processed = await eventually(
      () => storedEvents('shipping'),
      (events) => events.some((event) => event.eventId === messageId && event.status === 'PROCESSED'),
      'the tracker update to be processed',
    );
    expect(processed.filter((event) => event.eventId === messageId)).toMatchObject([{ attempts: 1 }]);
    const [validated] = await erp('stock.picking', 'read', [[picking.id]], { fields: ['state'] });
    expect(validated.state).toBe('done');
    // One processing reads the carrier's current tracker once; the repeated delivery read nothing.
    expect((await stack.calls('shipping')).byRoute['POST /v2/trackers/batch']).toBe(before + 1);
  });

  it('receives the sandbox carrier’s own signed tracker.updated events as parcels move on', async () => {
    const { order } = await placeOrder(24, 'webhooks-in-carrier');
    const erpOrderId = Number(Buffer.from(order.id, 'base64url').toString().split(':')[1]);
    const [picking] = await erp('stock.picking', 'search_read', [[['sale_id', '=', erpOrderId]]], { fields: ['carrier_tracking_ref', 'state'] });
    await eventually(
      () => stack.graphql(`{ shipment(trackingCode: "${picking.carrier_tracking_ref}") { status } }`),
      (result) => Boolean(result.body.data?.shipment),
      'the tracker to be created by the follow-up',
    );
    const advanced = await fetch(`${sandbox.urls.shipping}/_control/advance-trackers`, { method: 'POST' });
    const moved = ((await advanced.json()) as { advanced: { tracking_code: string; status: string }[] }).advanced;
    expect(moved).toContainEqual(expect.objectContaining({ tracking_code: picking.carrier_tracking_ref, status: 'in_transit' }));
    await eventually(
      () => erp('stock.picking', 'read', [[picking.id]], { fields: ['state'] }),
      (pickings) => pickings[0].state === 'done',
      'the delivery to be validated after the carrier’s webhook',
    );
  });

  it('refreshes a HubSpot contact’s phone onto its ERP customer (X-HubSpot-Signature-v3)', async () => {
    const partnerId = 31;
    const customer = (await stack.graphql(`{ customer(id: "${customerId(partnerId)}") { phone crm { id phone } } }`)).body.data?.customer as any;
    expect(customer.crm.phone).toBeTruthy();
    await erp('res.partner', 'write', [[partnerId], { phone: '+00 000 000 000' }]);
    const payload = JSON.stringify([
      { eventId: 9_000_001, subscriptionId: 1, portalId: 62515, appId: 1160452, occurredAt: Date.now(), subscriptionType: 'contact.propertyChange', attemptNumber: 0, objectId: Number(customer.crm.id), propertyName: 'phone', propertyValue: customer.crm.phone, changeSource: 'CRM' },
      { eventId: 9_000_002, subscriptionId: 2, portalId: 62515, appId: 1160452, occurredAt: Date.now(), subscriptionType: 'contact.deletion', attemptNumber: 0, objectId: 1 },
    ]);
    const response = await post('/webhooks/hubspot', payload, hubSpotHeaders(payload));
    expect(response).toMatchObject({ status: 200, body: { stored: 2, ignored: 1 } });
    await eventually(
      () => stack.graphql(`{ customer(id: "${customerId(partnerId)}") { phone } }`),
      (result) => (result.body.data?.customer as any)?.phone === customer.crm.phone,
      'the ERP phone to follow the CRM',
    );
    const events = await storedEvents('hubspot');
    expect(events.find((event) => event.eventId === '9000001')?.status).toBe('PROCESSED');
    expect(events.find((event) => event.eventId === '9000002')?.status).toBe('IGNORED');
  });

  it('accepts a generic Standard Webhooks source and ignores what it has no handler for', async () => {
    const payload = JSON.stringify({ type: 'invoice.sent', timestamp: new Date().toISOString(), data: { id: 'inv_1' } });
    const id = `msg_${randomUUID()}`;
    const response = await post('/webhooks/acme', payload, standardHeaders(GENERIC_SECRET, id, payload));
    expect(response).toMatchObject({ status: 200, body: { stored: 1, ignored: 1 } });
  });

  describe('bad input', () => {
    const code = (response: Response) => [response.status, response.body.errors?.[0]?.extensions.code];
    const payload = () => stripeEvent('payment_intent.succeeded', { id: 'pi_bad', object: 'payment_intent', metadata: {} });

    it('refuses Stripe events with a missing, wrong or stale signature, storing nothing', async () => {
      const body = payload();
      expect(code(await post('/webhooks/stripe', body, {}))).toEqual([400, 'WEBHOOK_SIGNATURE_MISSING']);
      expect(code(await postStripe(body, 'whsec_not_ours'))).toEqual([400, 'WEBHOOK_SIGNATURE_INVALID']);
      const tooOld = Math.floor(Date.now() / 1000) - 600;
      expect(code(await postStripe(body, STRIPE_SECRET, tooOld))).toEqual([400, 'WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE']);
      const signedOther = stripe.webhooks.generateTestHeaderString({ payload: body, secret: STRIPE_SECRET });
      expect(code(await post('/webhooks/stripe', body.replace('pi_bad', 'pi_evil'), { 'stripe-signature': signedOther }))).toEqual([400, 'WEBHOOK_SIGNATURE_INVALID']);
      expect(code(await post('/webhooks/stripe', body, { 'stripe-signature': 'garbage' }))).toEqual([400, 'WEBHOOK_SIGNATURE_INVALID']);
      const response = await post('/webhooks/stripe', body, {});
      expect(response.body.errors?.[0]?.message).toMatch(/Stripe-Signature/);
      expect((await storedEvents('stripe')).filter((event) => event.rawBody.includes('pi_bad') || event.rawBody.includes('pi_evil'))).toEqual([]);
    });

    it('refuses Standard Webhooks and HubSpot requests with a wrong or stale signature', async () => {
      const body = JSON.stringify({ description: 'tracker.updated', result: { tracking_code: 'EZ_BAD', status: 'delivered' } });
      const wrongSecret = `whsec_${Buffer.from('not the carrier key at all 000000').toString('base64')}`;
      expect(code(await post('/webhooks/shipping', body, standardHeaders(wrongSecret, 'msg_bad_1', body)))).toEqual([400, 'WEBHOOK_SIGNATURE_INVALID']);
      const old = new Date(Date.now() - 10 * 60_000);
      expect(code(await post('/webhooks/shipping', body, standardHeaders(SHIPPING_SECRET, 'msg_bad_2', body, old)))).toEqual([400, 'WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE']);
      expect(code(await post('/webhooks/shipping', body, { 'webhook-id': 'msg_bad_3' }))).toEqual([400, 'WEBHOOK_SIGNATURE_MISSING']);
      expect((await storedEvents('shipping')).filter((event) => event.eventId.startsWith('msg_bad_'))).toEqual([]);

      const hubspot = JSON.stringify([{ eventId: 9_100_001, subscriptionType: 'contact.creation', objectId: 1 }]);
      expect(code(await post('/webhooks/hubspot', hubspot, hubSpotHeaders(hubspot, 'another-client-secret')))).toEqual([400, 'WEBHOOK_SIGNATURE_INVALID']);
      expect(code(await post('/webhooks/hubspot', hubspot, hubSpotHeaders(hubspot, HUBSPOT_SECRET, Date.now() - 6 * 60_000)))).toEqual([400, 'WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE']);
      expect((await storedEvents('hubspot')).filter((event) => event.eventId === '9100001')).toEqual([]);
    });

    it('answers 404 for an unknown source and 413 for a body over the limit', async () => {
      expect(code(await post('/webhooks/nowhere', '{}', {}))).toEqual([404, 'WEBHOOK_SOURCE_UNKNOWN']);
      const huge = JSON.stringify({ id: 'evt_huge', type: 'charge.refunded', padding: 'x'.repeat(BODY_LIMIT) });
      expect(code(await postStripe(huge))).toEqual([413, 'WEBHOOK_PAYLOAD_TOO_LARGE']);
    });

    it('keeps a validly signed but unreadable body for inspection and answers 400', async () => {
      const garbled = '{"id": "evt_garbled", "type": ';
      const response = await postStripe(garbled);
      expect(code(response)).toEqual([400, 'WEBHOOK_PAYLOAD_INVALID']);
      const kept = (await storedEvents('stripe')).filter((event) => event.rawBody === garbled);
      expect(kept).toMatchObject([{ status: 'FAILED', eventType: null }]);
      expect(kept[0]!.error).toMatch(/not JSON/);
    });
  });
});
