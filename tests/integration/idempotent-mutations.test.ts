import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { customerId, PLACE_ORDER, productId } from '../helpers/graphqlAs.js';
import { sandboxRecords } from '../helpers/sandboxRecords.js';
import { startStack, type Stack } from '../helpers/startStack.js';

/** Partner 3's currency, read from the sandbox so the test does not hard-code the seed. */
let currency = 'EUR';
const input = (quantity = 2) => ({ customerId: customerId(3), lines: [{ productId: productId(1), quantity }], currency });

describe('idempotent mutations', () => {
  let stack: Stack;
  let records: ReturnType<typeof sandboxRecords>;
  beforeAll(async () => {
    stack = await startStack({ env: { QUEUE_WORKER: 'false' } });
    records = sandboxRecords(stack.sandbox);
    const customer = await stack.graphql(`{ customer(id: "${customerId(3)}") { currency } }`);
    currency = (customer.body.data?.customer as { currency: string }).currency;
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.resetSandbox());

  it('places an order once: ERP order confirmed, payment authorised for the ERP total, follow-ups queued', async () => {
    const result = await stack.graphql(PLACE_ORDER, { input: input(), key: 'order-once-1' });
    expect(result.body.errors).toBeUndefined();
    const placed = result.body.data?.placeOrder as any;
    expect(placed.order.status).toBe('CONFIRMED');
    expect(placed.payment).toMatchObject({ status: 'REQUIRES_CAPTURE', orderReference: placed.order.reference });
    expect(placed.payment.amount).toEqual(placed.order.total);
    expect(placed.paymentSync.state).toBe('DONE');
    expect(placed.followUps.map((f: any) => [f.system, f.state])).toEqual([
      ['crm', 'QUEUED'],
      ['shipping', 'QUEUED'],
    ]);
    expect(await records.paymentsForOrder(placed.order.reference)).toHaveLength(1);
  });

  it('same key, same request: the stored result byte for byte, marked as a replay, with no upstream call', async () => {
    const first = await stack.graphql(PLACE_ORDER, { input: input(), key: 'order-replay-1' });
    await stack.resetSandbox();
    const second = await stack.graphql(PLACE_ORDER, { input: input(), key: 'order-replay-1' });
    expect(second.status).toBe(200);
    expect(JSON.stringify(second.body.data)).toBe(JSON.stringify(first.body.data));
    expect((second.body as any).extensions).toMatchObject({ idempotentReplay: true, cost: { actualQueryCost: 0 } });
    for (const system of ['crm', 'erp', 'payments', 'shipping'] as const) expect((await stack.calls(system)).requests).toBe(0);
  });

  it('the key may come from the Idempotency-Key header instead of the argument', async () => {
    const first = await stack.graphql(PLACE_ORDER, { input: input() }, { 'idempotency-key': 'order-header-1' });
    expect(first.body.errors).toBeUndefined();
    const again = await stack.graphql(PLACE_ORDER, { input: input() }, { 'idempotency-key': 'order-header-1' });
    expect((again.body as any).extensions).toMatchObject({ idempotentReplay: true, cost: { actualQueryCost: 0 } });
  });

  it('same key, different request: IDEMPOTENCY_KEY_REUSED, nothing done', async () => {
    await stack.graphql(PLACE_ORDER, { input: input(1), key: 'order-reused-1' });
    await stack.resetSandbox();
    const other = await stack.graphql(PLACE_ORDER, { input: input(5), key: 'order-reused-1' });
    expect(other.status).toBe(422);
    expect(other.body.errors?.[0]?.extensions).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', retryable: false });
    expect((await stack.calls('erp')).requests).toBe(0);
  });

  it('a payment mutation without a key is refused before anything happens', async () => {
    const result = await stack.graphql(PLACE_ORDER, { input: input() });
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'idempotencyKey' });
    expect((await stack.calls('erp')).requests).toBe(0);
  });

  it('20 concurrent calls with one key: one ERP order, one PaymentIntent, and every caller the same result or IDEMPOTENCY_IN_PROGRESS', async () => {
    // Slow the ERP so the first call is still running while the others arrive.
    await stack.fault('erp', { route: '* sale.order create', mode: 'slow', latencyMs: 300 });
    const results = await Promise.all(
      Array.from({ length: 20 }, () => stack.graphql(PLACE_ORDER, { input: input(3), key: 'order-concurrent-1' })),
    );
    const successes = results.filter((result) => result.status === 200 && !result.body.errors);
    const inProgress = results.filter((result) => result.body.errors?.[0]?.extensions?.code === 'IDEMPOTENCY_IN_PROGRESS');
    expect(successes.length + inProgress.length).toBe(20);
    expect(successes.length).toBeGreaterThanOrEqual(1);
    for (const result of inProgress) {
      expect(result.status).toBe(409);
      expect(result.body.errors?.[0]?.extensions).toMatchObject({ retryable: true });
    }
    const bodies = new Set(successes.map((result) => JSON.stringify(result.body.data)));
    expect(bodies.size).toBe(1);

    const reference = (successes[0]!.body.data?.placeOrder as any).order.reference;
    const orders = (await records.erpOrdersByClientRefPrefix('sy-erp-order-')).filter((order) => order.name === reference);
    expect(orders).toHaveLength(1);
    expect((await stack.calls('erp')).byRoute['POST /jsonrpc object.execute_kw sale.order create']).toBe(1);
    expect(await records.paymentsForOrder(reference)).toHaveLength(1);
  });

  it('a transient failure is not stored: the key is released and a retry runs', async () => {
    await stack.fault('erp', { route: '* sale.order create', mode: 'error', status: 503 });
    const failed = await stack.graphql(PLACE_ORDER, { input: input(), key: 'order-transient-1' });
    expect(failed.body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', system: 'erp', retryable: true });
    await stack.resetSandbox();
    const retried = await stack.graphql(PLACE_ORDER, { input: input(), key: 'order-transient-1' });
    expect(retried.body.errors).toBeUndefined();
    expect((retried.body as any).extensions?.idempotentReplay).toBeUndefined();
    expect((retried.body.data?.placeOrder as any).order.status).toBe('CONFIRMED');
  });

  it('a final refusal by the payment provider cancels the ERP order and is stored', async () => {
    await stack.fault('payments', { route: 'POST /v1/payment_intents', mode: 'error', status: 402 });
    const refused = await stack.graphql(PLACE_ORDER, { input: input(), key: 'order-refused-1' });
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_REJECTED', system: 'payments', retryable: false });
    const cancelled = (await records.erpOrdersByClientRefPrefix('sy-erp-order-')).filter((order) => order.state === 'cancel');
    expect(cancelled.length).toBeGreaterThanOrEqual(1);

    await stack.resetSandbox();
    const replayed = await stack.graphql(PLACE_ORDER, { input: input(), key: 'order-refused-1' });
    expect((replayed.body as any).extensions).toMatchObject({ idempotentReplay: true, cost: { actualQueryCost: 0 } });
    expect(replayed.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_REJECTED');
    expect((await stack.calls('payments')).requests).toBe(0);
  });

  it('with the payment provider down, the order stands and its payment is queued', async () => {
    await stack.fault('payments', { route: '*', mode: 'down' });
    const result = await stack.graphql(PLACE_ORDER, { input: input(), key: 'order-queued-payment-1' });
    expect(result.body.errors).toBeUndefined();
    const placed = result.body.data?.placeOrder as any;
    expect(placed.order.status).toBe('CONFIRMED');
    expect(placed.payment).toBeNull();
    expect(placed.paymentSync).toMatchObject({ system: 'payments', state: 'QUEUED' });
    expect(placed.paymentSync.followUpId).toBeTruthy();
  });

  it.each([
    ['a negative quantity', { lines: [{ productId: productId(1), quantity: -2 }] }, 'input.lines[0].quantity'],
    ['an unknown product', { lines: [{ productId: productId(9999), quantity: 1 }] }, 'input.lines[0].productId'],
    ['an unknown customer', { customerId: customerId(99999) }, 'input.customerId'],
    ['a malformed customer id', { customerId: 'nope' }, 'input.customerId'],
    ['a currency the customer cannot pay in', { currency: 'JPY' }, 'input.currency'],
    ['no lines', { lines: [] }, 'input.lines'],
  ])('%s: BAD_USER_INPUT naming the field, nothing written anywhere', async (_label, change, field) => {
    const result = await stack.graphql(PLACE_ORDER, { input: { ...input(), ...change }, key: `bad-input-${Math.random().toString(36).slice(2)}` });
    expect(result.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: field });
    const erpWrites = Object.keys((await stack.calls('erp')).byRoute).filter((route) => /create|write|action_/.test(route));
    expect(erpWrites).toEqual([]);
    expect((await stack.calls('payments')).requests).toBe(0);
  });
});
