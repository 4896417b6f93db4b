import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/startSandbox.js';
import type { Sandbox } from '../../src/sandbox/startSandbox.js';
import { api, resetAll, stats } from './sandboxClient.js';

const search = (query: string) => `query=${encodeURIComponent(query)}`;

describe('payments sandbox writes (Stripe)', () => {
  let sandbox: Sandbox;
  let stripe: ReturnType<typeof api>;
  let seededCustomer: { id: string; invoice_settings: { default_payment_method: string } };
  beforeAll(async () => {
    sandbox = await startSandbox();
    stripe = api(sandbox, 'payments');
    seededCustomer = (await stripe.get(`/v1/customers/search?${search("metadata['erp_partner_id']:'12'")}`)).body.data[0];
  });
  afterAll(() => sandbox.stop());

  const intent = (params: Record<string, string | number | boolean>) =>
    stripe.form('/v1/payment_intents', { amount: 2500, currency: 'eur', customer: seededCustomer.id, ...params });

  it('creates a customer from a form body with bracketed metadata', async () => {
    const response = await stripe.form('/v1/customers', { email: 'new.customer@example.com', name: 'New Customer', 'metadata[erp_partner_id]': '501' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    expect(response.body).toMatchObject({
      object: 'customer', email: 'new.customer@example.com', name: 'New Customer', metadata: { erp_partner_id: '501' },
      livemode: false, currency: null, invoice_settings: { default_payment_method: null },
    });
    expect(response.body.id).toMatch(/^cus_/);
    const found = await stripe.get(`/v1/customers/search?${search("metadata['erp_partner_id']:'501'")}`);
    expect(found.body.data.map((customer: { id: string }) => customer.id)).toEqual([response.body.id]);
    expect((await stripe.get(`/v1/customers/${response.body.id}`)).body.email).toBe('new.customer@example.com');
  });

  it('attaches a test card to a new customer and makes it the default', async () => {
    const response = await stripe.form('/v1/customers', { email: 'card@example.com', payment_method: 'pm_card_visa', 'invoice_settings[default_payment_method]': 'pm_card_visa' });
    const card = response.body.invoice_settings.default_payment_method;
    expect(card).toMatch(/^pm_/);
    expect((await stripe.get(`/v1/payment_methods/${card}`)).body).toMatchObject({ customer: response.body.id, card: { brand: 'visa', last4: '4242' } });
    const charged = await stripe.form('/v1/payment_intents', { amount: 1000, currency: 'usd', customer: response.body.id, confirm: true });
    expect(charged.body).toMatchObject({ status: 'succeeded', payment_method: card });
  });

  it('rejects customer parameters as Stripe does', async () => {
    const email = await stripe.form('/v1/customers', { email: 'nope' });
    expect(email.status).toBe(400);
    expect(email.body.error).toMatchObject({ type: 'invalid_request_error', param: 'email', code: 'email_invalid' });
    const unknown = await stripe.form('/v1/customers', { colour: 'red' });
    expect(unknown.body.error).toMatchObject({ type: 'invalid_request_error', code: 'parameter_unknown', param: 'colour', message: 'Received unknown parameter: colour' });
  });

  it('confirms at creation with the customer’s default card: succeeded, or requires_capture for a manual capture', async () => {
    const automatic = await intent({ confirm: true, capture_method: 'automatic', description: 'Order S09001', 'metadata[order_ref]': 'S09001' });
    expect(automatic.status).toBe(200);
    expect(automatic.body).toMatchObject({
      object: 'payment_intent', status: 'succeeded', amount: 2500, amount_received: 2500, amount_capturable: 0, currency: 'eur',
      customer: seededCustomer.id, payment_method: seededCustomer.invoice_settings.default_payment_method, capture_method: 'automatic',
      description: 'Order S09001', metadata: { order_ref: 'S09001' }, livemode: false,
    });
    expect(automatic.body.id).toMatch(/^pi_/);
    expect(automatic.body.latest_charge).toMatch(/^ch_/);
    expect(automatic.body.client_secret).toMatch(new RegExp(`^${automatic.body.id}_secret_`));

    const manual = await intent({ confirm: true, capture_method: 'manual', 'metadata[order_ref]': 'S09002' });
    expect(manual.body).toMatchObject({ status: 'requires_capture', amount_capturable: 2500, amount_received: 0, capture_method: 'manual' });
  });

  it('leaves an unconfirmed intent waiting for a payment method or a confirmation', async () => {
    expect((await intent({})).body).toMatchObject({ status: 'requires_payment_method', payment_method: null, latest_charge: null });
    const withCard = await intent({ payment_method: seededCustomer.invoice_settings.default_payment_method });
    expect(withCard.body.status).toBe('requires_confirmation');
    const confirmed = await stripe.form(`/v1/payment_intents/${withCard.body.id}/confirm`);
    expect(confirmed.body).toMatchObject({ status: 'succeeded', amount_received: 2500 });
  });

  it('makes a created intent visible to search by order_ref and to the customer’s list', async () => {
    const created = await intent({ confirm: true, 'metadata[order_ref]': 'S09003', 'metadata[erp_order_id]': '9003' });
    const found = await stripe.get(`/v1/payment_intents/search?${search("metadata['order_ref']:'S09003'")}`);
    expect(found.body.data.map((item: { id: string }) => item.id)).toEqual([created.body.id]);
    const listed = await stripe.get(`/v1/payment_intents?customer=${seededCustomer.id}&limit=1`);
    // The sandbox clock runs from the dataset's "now", so a new intent is the customer's newest.
    expect(listed.body.data[0].created).toBeGreaterThanOrEqual(created.body.created);
    expect((await stripe.get(`/v1/payment_intents/${created.body.id}?expand[]=customer`)).body.customer.id).toBe(seededCustomer.id);
  });

  it('validates a payment intent as Stripe does', async () => {
    const missing = await stripe.form('/v1/payment_intents', { currency: 'eur' });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ type: 'invalid_request_error', code: 'parameter_missing', param: 'amount', message: 'Missing required param: amount.' });
    for (const [currency, amount, message] of [['eur', 49, 'Amount must be at least €0.50 eur'], ['usd', 10, 'Amount must be at least $0.50 usd'], ['gbp', 29, 'Amount must be at least £0.30 gbp']] as const) {
      const small = await stripe.form('/v1/payment_intents', { amount, currency });
      expect(small.body.error).toMatchObject({ type: 'invalid_request_error', code: 'amount_too_small', param: 'amount', message });
    }
    expect((await stripe.form('/v1/payment_intents', { amount: 'ten', currency: 'eur' })).body.error).toMatchObject({ param: 'amount', message: 'Invalid integer: ten' });
    const customer = await stripe.form('/v1/payment_intents', { amount: 1000, currency: 'eur', customer: 'cus_nope' });
    expect(customer.status).toBe(400);
    expect(customer.body.error).toMatchObject({ code: 'resource_missing', param: 'customer', message: "No such customer: 'cus_nope'" });
    const capture = await stripe.form('/v1/payment_intents', { amount: 1000, currency: 'eur', capture_method: 'later' });
    expect(capture.body.error).toMatchObject({ param: 'capture_method', message: 'Invalid capture_method: must be one of automatic, automatic_async, or manual' });
    const noCard = await stripe.form('/v1/payment_intents', { amount: 1000, currency: 'eur', confirm: true });
    expect(noCard.body.error.code).toBe('payment_intent_unexpected_state');
  });

  it('captures a held intent, in part, and refuses a second capture with the intent in the error', async () => {
    const held = await intent({ confirm: true, capture_method: 'manual' });
    const captured = await stripe.form(`/v1/payment_intents/${held.body.id}/capture`, { amount_to_capture: 2000 });
    expect(captured.status).toBe(200);
    expect(captured.body).toMatchObject({ id: held.body.id, status: 'succeeded', amount_received: 2000, amount_capturable: 0 });
    const again = await stripe.form(`/v1/payment_intents/${held.body.id}/capture`);
    expect(again.status).toBe(400);
    expect(again.body.error).toMatchObject({
      type: 'invalid_request_error', code: 'payment_intent_unexpected_state',
      message: 'This PaymentIntent could not be captured because it has a status of succeeded. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.',
      payment_intent: { id: held.body.id, status: 'succeeded' },
    });
    const tooMuch = await stripe.form(`/v1/payment_intents/${(await intent({ confirm: true, capture_method: 'manual' })).body.id}/capture`, { amount_to_capture: 9999 });
    expect(tooMuch.body.error.param).toBe('amount_to_capture');
    expect((await stripe.form('/v1/payment_intents/pi_nope/capture')).status).toBe(404);
  });

  it('cancels an intent that was not charged, and refuses to cancel a succeeded one', async () => {
    const held = await intent({ confirm: true, capture_method: 'manual' });
    const canceled = await stripe.form(`/v1/payment_intents/${held.body.id}/cancel`, { cancellation_reason: 'requested_by_customer' });
    expect(canceled.body).toMatchObject({ status: 'canceled', cancellation_reason: 'requested_by_customer', amount_capturable: 0 });
    expect(canceled.body.canceled_at).toBeGreaterThanOrEqual(held.body.created);
    const succeeded = await intent({ confirm: true });
    const refused = await stripe.form(`/v1/payment_intents/${succeeded.body.id}/cancel`);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'payment_intent_unexpected_state', payment_intent: { status: 'succeeded' } });
    expect(refused.body.error.message).toMatch(/^You cannot cancel this PaymentIntent because it has a status of succeeded\. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture/);
    expect((await stripe.form(`/v1/payment_intents/${held.body.id}/cancel`)).body.error.message).toContain('status of canceled');
  });

  it('refunds in part and then the rest, refusing more than is left', async () => {
    const paid = await intent({ confirm: true });
    const partial = await stripe.form('/v1/refunds', { payment_intent: paid.body.id, amount: 1000, reason: 'requested_by_customer' });
    expect(partial.status).toBe(200);
    expect(partial.body).toMatchObject({ object: 'refund', amount: 1000, currency: 'eur', payment_intent: paid.body.id, charge: paid.body.latest_charge, reason: 'requested_by_customer', status: 'succeeded' });
    const over = await stripe.form('/v1/refunds', { payment_intent: paid.body.id, amount: 2000 });
    expect(over.status).toBe(400);
    expect(over.body.error).toMatchObject({ type: 'invalid_request_error', param: 'amount', message: 'Refund amount (€20.00) is greater than unrefunded amount on charge (€15.00)' });
    const rest = await stripe.form('/v1/refunds', { charge: paid.body.latest_charge });
    expect(rest.body.amount).toBe(1500);
    const done = await stripe.form('/v1/refunds', { payment_intent: paid.body.id });
    expect(done.status).toBe(400);
    expect(done.body.error).toMatchObject({ code: 'charge_already_refunded', message: `Charge ${paid.body.latest_charge} has already been refunded.` });
    const listed = await stripe.get(`/v1/refunds?payment_intent=${paid.body.id}`);
    expect(listed.body.data.map((refund: { amount: number }) => refund.amount).sort()).toEqual([1000, 1500]);
  });

  it('refuses refunds of uncaptured or unknown intents and bad reasons', async () => {
    const held = await intent({ confirm: true, capture_method: 'manual' });
    expect((await stripe.form('/v1/refunds', { payment_intent: held.body.id })).body.error.code).toBe('charge_not_refundable');
    expect((await stripe.form('/v1/refunds', { payment_intent: 'pi_nope' })).body.error).toMatchObject({ code: 'resource_missing', param: 'payment_intent' });
    expect((await stripe.form('/v1/refunds', {})).status).toBe(400);
    expect((await stripe.form('/v1/refunds', { payment_intent: held.body.id, reason: 'bored' })).body.error.param).toBe('reason');
  });

  it('counts every write under its route key', async () => {
    await resetAll(sandbox);
    const held = await intent({ confirm: true, capture_method: 'manual' });
    await stripe.form(`/v1/payment_intents/${held.body.id}/capture`);
    await stripe.form('/v1/refunds', { payment_intent: held.body.id, amount: 100 });
    await stripe.form('/v1/customers', { email: 'counted@example.com' });
    expect((await stats(sandbox, 'payments')).byRoute).toEqual({
      'POST /v1/payment_intents': 1,
      'POST /v1/payment_intents/{id}/capture': 1,
      'POST /v1/refunds': 1,
      'POST /v1/customers': 1,
    });
  });
});
