import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/startSandbox.js';
import type { Sandbox } from '../../src/sandbox/startSandbox.js';
import { api, call } from './sandboxClient.js';

const search = (query: string, extra = '') => `query=${encodeURIComponent(query)}${extra}`;

describe('payments sandbox (Stripe)', () => {
  let sandbox: Sandbox;
  let stripe: ReturnType<typeof api>;
  beforeAll(async () => {
    sandbox = await startSandbox();
    stripe = api(sandbox, 'payments');
  });
  afterAll(() => sandbox.stop());

  it('accepts the key as bearer or as basic-auth username and rejects others as Stripe does', async () => {
    const url = `${sandbox.urls.payments}/v1/customers?limit=1`;
    const basic = `Basic ${Buffer.from(`${sandbox.credentials.payments.secretKey}:`).toString('base64')}`;
    expect((await call(url, { headers: { authorization: basic } })).status).toBe(200);
    const missing = await call(url);
    expect(missing.status).toBe(401);
    expect(missing.body.error.type).toBe('invalid_request_error');
    const wrong = await call(url, { headers: { authorization: 'Bearer sk_test_abcdefgh1234' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ error: { type: 'invalid_request_error', message: 'Invalid API Key provided: sk_test_********1234' } });
  });

  it('finds a customer by metadata and expands its default payment method', async () => {
    const response = await stripe.get(`/v1/customers/search?${search("metadata['erp_partner_id']:'12'")}&expand[]=data.invoice_settings.default_payment_method`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ object: 'search_result', url: '/v1/customers/search', has_more: false, next_page: null });
    const [customer] = response.body.data;
    expect(customer).toMatchObject({ object: 'customer', metadata: { erp_partner_id: '12' }, livemode: false, delinquent: false });
    expect(customer.id).toMatch(/^cus_/);
    expect(customer.invoice_settings.default_payment_method).toMatchObject({ object: 'payment_method', type: 'card', customer: customer.id });
    expect(customer.invoice_settings.default_payment_method.card.last4).toMatch(/^\d{4}$/);

    const one = await stripe.get(`/v1/customers/${customer.id}`);
    expect(one.body.invoice_settings.default_payment_method).toMatch(/^pm_/);
    const byEmail = await stripe.get(`/v1/customers/search?${search(`email:'${customer.email}'`)}`);
    expect(byEmail.body.data.map((found: { id: string }) => found.id)).toEqual([customer.id]);
  });

  it('answers resource_missing for an unknown customer', async () => {
    const response = await stripe.get('/v1/customers/cus_x');
    expect(response.status).toBe(404);
    expect(response.body.error).toMatchObject({ type: 'invalid_request_error', code: 'resource_missing', message: "No such customer: 'cus_x'", param: 'id' });
  });

  it('searches payment intents with OR clauses and pages with next_page', async () => {
    const query = "metadata['order_ref']:'S00001' OR metadata['erp_partner_id']:'12'";
    const all = await stripe.get(`/v1/payment_intents/search?${search(query, '&limit=100')}`);
    expect(all.status).toBe(200);
    const ids: string[] = all.body.data.map((intent: { id: string }) => intent.id);
    expect(ids.length).toBeGreaterThan(2);
    for (const intent of all.body.data) {
      expect(intent.metadata.order_ref === 'S00001' || intent.metadata.erp_partner_id === '12').toBe(true);
    }
    const paged: string[] = [];
    let page: string | null = null;
    do {
      const response = await stripe.get(`/v1/payment_intents/search?${search(query, `&limit=2${page ? `&page=${page}` : ''}`)}`);
      paged.push(...response.body.data.map((intent: { id: string }) => intent.id));
      page = response.body.next_page;
      expect(response.body.has_more).toBe(page !== null);
    } while (page);
    expect(paged).toEqual(ids);
  });

  it('rejects more than 10 clauses, mixed AND/OR and unsupported fields', async () => {
    const eleven = Array.from({ length: 11 }, (_, index) => `metadata['order_ref']:'S0000${index}'`).join(' OR ');
    const tooMany = await stripe.get(`/v1/payment_intents/search?${search(eleven)}`);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error).toMatchObject({ type: 'invalid_request_error', param: 'query' });
    expect(tooMany.body.error.message).toMatch(/at most 10/);
    const mixed = await stripe.get(`/v1/payment_intents/search?${search("status:'succeeded' AND currency:'eur' OR currency:'usd'")}`);
    expect(mixed.status).toBe(400);
    expect(mixed.body.error.message).toMatch(/AND and OR/);
    const unsupported = await stripe.get(`/v1/payment_intents/search?${search("colour:'red'")}`);
    expect(unsupported.status).toBe(400);
    expect((await stripe.get('/v1/payment_intents/search')).body.error.message).toBe('Missing required param: query.');
  });

  it('combines AND clauses, including numeric comparisons', async () => {
    const response = await stripe.get(`/v1/payment_intents/search?${search("status:'succeeded' AND currency:'gbp' AND amount>50000", '&limit=100')}`);
    expect(response.body.data.length).toBeGreaterThan(0);
    for (const intent of response.body.data) expect(intent).toMatchObject({ status: 'succeeded', currency: 'gbp' });
    for (const intent of response.body.data) expect(intent.amount).toBeGreaterThan(50000);
  });

  it('lists a customer’s payment intents newest first with cursors', async () => {
    const customer = (await stripe.get(`/v1/customers/search?${search("metadata['erp_partner_id']:'12'")}`)).body.data[0];
    const all = await stripe.get(`/v1/payment_intents?customer=${customer.id}&limit=100`);
    expect(all.body).toMatchObject({ object: 'list', url: '/v1/payment_intents', has_more: false });
    const created = all.body.data.map((intent: { created: number }) => intent.created);
    expect([...created].sort((a, b) => b - a)).toEqual(created);
    for (const intent of all.body.data) {
      expect(intent).toMatchObject({ object: 'payment_intent', customer: customer.id, livemode: false });
      expect(intent.metadata.erp_partner_id).toBe('12');
    }
    const ids = all.body.data.map((intent: { id: string }) => intent.id);
    const first = await stripe.get(`/v1/payment_intents?customer=${customer.id}&limit=2`);
    expect(first.body.has_more).toBe(ids.length > 2);
    const second = await stripe.get(`/v1/payment_intents?customer=${customer.id}&limit=2&starting_after=${first.body.data[1].id}`);
    expect([...first.body.data, ...second.body.data].map((intent: { id: string }) => intent.id)).toEqual(ids.slice(0, 4));
    const back = await stripe.get(`/v1/payment_intents?customer=${customer.id}&limit=2&ending_before=${second.body.data[0].id}`);
    expect(back.body.data.map((intent: { id: string }) => intent.id)).toEqual(ids.slice(0, 2));
  });

  it('reads a payment intent, with the customer expanded on request', async () => {
    const [intent] = (await stripe.get(`/v1/payment_intents/search?${search("metadata['order_ref']:'S00001'")}`)).body.data;
    expect(intent.amount).toBeGreaterThan(0);
    const expanded = await stripe.get(`/v1/payment_intents/${intent.id}?expand[]=customer`);
    expect(expanded.body.customer.object).toBe('customer');
    expect(expanded.body.customer.metadata.erp_partner_id).toBe(intent.metadata.erp_partner_id);
    const bad = await stripe.get(`/v1/payment_intents/${intent.id}?expand[]=nope`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('This property cannot be expanded (nope).');
  });

  it('lists refunds of a payment intent', async () => {
    const [refund] = (await stripe.get('/v1/refunds?limit=1')).body.data;
    expect(refund).toMatchObject({ object: 'refund', status: 'succeeded' });
    const byIntent = await stripe.get(`/v1/refunds?payment_intent=${refund.payment_intent}&limit=10`);
    expect(byIntent.body.data.map((found: { id: string }) => found.id)).toContain(refund.id);
    const intent = await stripe.get(`/v1/payment_intents/${refund.payment_intent}`);
    expect(intent.body.status).toBe('succeeded');
    expect(refund.amount).toBeLessThanOrEqual(intent.body.amount);
  });

  it('answers Stripe’s 404 for unknown URLs', async () => {
    const response = await stripe.get('/v1/charges_nope');
    expect(response.status).toBe(404);
    expect(response.body.error.message).toMatch(/^Unrecognized request URL \(GET: \/v1\/charges_nope\)/);
  });
});
