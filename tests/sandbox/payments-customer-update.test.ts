import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSandbox } from '../../src/sandbox/startSandbox.js';
import type { Sandbox } from '../../src/sandbox/startSandbox.js';
import { api, requestCounts, resetAll } from './sandboxClient.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhookReceiver.js';

const stripe = new Stripe('sk_test_signing_only');

describe('Stripe customer updates in the payments sandbox', () => {
  let sandbox: Sandbox;
  let receiver: WebhookReceiver;
  let payments: ReturnType<typeof api>;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    sandbox = await startSandbox({ webhooks: { urls: { payments: `${receiver.url}/stripe` } } });
    payments = api(sandbox, 'payments');
  });
  afterAll(async () => {
    await sandbox.stop();
    await receiver.close();
  });

  /** The events about one customer, each checked and parsed by Stripe's own library. */
  const eventsOf = (customerId: string) => receiver.deliveries
    .map((delivery) => stripe.webhooks.constructEvent(delivery.body, String(delivery.headers['stripe-signature']), sandbox.webhooks.secrets.payments))
    .filter((event) => (event.data.object as { id: string }).id === customerId);
  const waitForEvents = (customerId: string, count: number) =>
    vi.waitFor(() => expect(eventsOf(customerId)).toHaveLength(count), { timeout: 5000, interval: 10 });

  it('emits customer.created for a new customer', async () => {
    const created = await payments.form('/v1/customers', { email: 'grace@example.com', name: 'Grace' }, { headers: { 'idempotency-key': 'create-grace' } });
    await waitForEvents(created.body.id, 1);
    expect(eventsOf(created.body.id)[0]).toMatchObject({ type: 'customer.created', data: { object: created.body }, request: { idempotency_key: 'create-grace' } });
  });

  it('updates name, email, description and metadata, merging metadata as Stripe does', async () => {
    const created = (await payments.form('/v1/customers', { name: 'Ada', email: 'ada@example.com', description: 'first', 'metadata[erp_partner_id]': '7', 'metadata[tier]': 'gold' })).body;
    const updated = await payments.form(`/v1/customers/${created.id}`, {
      name: 'Ada Lovelace', email: 'ada.lovelace@example.com', description: '', 'metadata[tier]': '', 'metadata[source]': 'crm',
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      id: created.id, object: 'customer', name: 'Ada Lovelace', email: 'ada.lovelace@example.com', description: null,
      metadata: { erp_partner_id: '7', source: 'crm' }, created: created.created, phone: null,
    });
    expect(updated.body.metadata).not.toHaveProperty('tier');
    expect((await payments.get(`/v1/customers/${created.id}`)).body).toEqual(updated.body);
    const found = await payments.get('/v1/customers?email=ada.lovelace@example.com');
    expect(found.body.data.map((customer: { id: string }) => customer.id)).toEqual([created.id]);

    await waitForEvents(created.id, 2);
    expect(eventsOf(created.id).find((event) => event.type === 'customer.updated')?.data).toEqual({
      object: updated.body,
      previous_attributes: { name: 'Ada', email: 'ada@example.com', description: 'first', metadata: { tier: 'gold', source: null } },
    });
  });

  it('clears all metadata with an empty metadata parameter and leaves fields it was not given', async () => {
    const created = (await payments.form('/v1/customers', { name: 'Alan', phone: '+44 20 7946 0000', 'metadata[a]': '1', 'metadata[b]': '2' })).body;
    const updated = (await payments.form(`/v1/customers/${created.id}`, { metadata: '' })).body;
    expect(updated).toMatchObject({ name: 'Alan', phone: '+44 20 7946 0000', metadata: {} });
  });

  it('replays an update under the same idempotency key without a second event', async () => {
    const created = (await payments.form('/v1/customers', { name: 'Kept' })).body;
    const key = { headers: { 'idempotency-key': `update-${created.id}` } };
    const first = await payments.form(`/v1/customers/${created.id}`, { name: 'Kept Once' }, key);
    const again = await payments.form(`/v1/customers/${created.id}`, { name: 'Kept Once' }, key);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    const other = await payments.form(`/v1/customers/${created.id}`, { name: 'Kept Twice' }, key);
    expect(other.status).toBe(400);
    expect(other.body.error.type).toBe('idempotency_error');
    await waitForEvents(created.id, 2);
    expect(eventsOf(created.id).map((event) => event.type).sort()).toEqual(['customer.created', 'customer.updated']);
  });

  it('refuses an unknown customer, an invalid email and unknown parameters as Stripe does', async () => {
    const missing = await payments.form('/v1/customers/cus_doesnotexist', { name: 'Nobody' });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'resource_missing', message: "No such customer: 'cus_doesnotexist'", param: 'id' });
    const [customer] = (await payments.get('/v1/customers?limit=1')).body.data;
    const invalid = await payments.form(`/v1/customers/${customer.id}`, { email: 'not-an-email' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toMatchObject({ code: 'email_invalid', param: 'email' });
    const unknown = await payments.form(`/v1/customers/${customer.id}`, { balance: 5 });
    expect(unknown.body.error).toMatchObject({ code: 'parameter_unknown', param: 'balance' });
  });

  it('counts updates under their route key', async () => {
    await resetAll(sandbox);
    const [customer] = (await payments.get('/v1/customers?limit=1')).body.data;
    await payments.form(`/v1/customers/${customer.id}`, { description: 'counted' });
    expect((await requestCounts(sandbox, 'payments')).byRoute).toEqual({ 'GET /v1/customers': 1, 'POST /v1/customers/{id}': 1 });
  });
});
