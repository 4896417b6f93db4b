import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerId, eventually, PLACE_ORDER, productId } from '../helpers/graphqlAs.js';
import { startStack, type Stack } from '../helpers/startStack.js';

const CREATE_CUSTOMER = `mutation($input: CustomerInput!, $key: String) {
  createCustomer(input: $input, idempotencyKey: $key) {
    customer { id name email currency }
    sync { system state followUpId }
  }
}`;

describe('write mutations', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('createCustomer without a key (it is optional) runs once, as a request of its own, with its follow-ups', async () => {
    const input = { name: 'Grace Hopper', email: 'grace.hopper@example.org', currency: 'USD' };
    const result = await stack.graphql(CREATE_CUSTOMER, { input });
    expect(result.body.errors).toBeUndefined();
    const created = result.body.data?.createCustomer as any;
    expect(created.customer).toMatchObject({ name: 'Grace Hopper', currency: 'USD' });
    expect(created.sync.filter((sync: any) => sync.state === 'QUEUED').every((sync: any) => typeof sync.followUpId === 'string')).toBe(true);
    // Sent again without a key, it is a new request, which finds the email taken.
    const again = await stack.graphql(CREATE_CUSTOMER, { input });
    expect(again.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'input.email' });
  });

  it('createCustomer writes the ERP now and the CRM contact and Stripe customer through the queue', async () => {
    const input = { name: 'Ada Lovelace', email: 'ada.lovelace@example.org', company: 'Analytical Engines', currency: 'GBP' };
    const result = await stack.graphql(CREATE_CUSTOMER, { input, key: 'customer-ada' });
    expect(result.body.errors).toBeUndefined();
    const created = result.body.data?.createCustomer as any;
    expect(created.customer).toMatchObject({ name: 'Ada Lovelace', email: 'ada.lovelace@example.org', currency: 'GBP' });
    expect(created.sync.map((s: any) => [s.system, s.state])).toEqual([
      ['erp', 'DONE'],
      ['crm', 'QUEUED'],
      ['payments', 'QUEUED'],
    ]);

    const joined = await eventually(
      () => stack.graphql(`{ customer(id: "${created.customer.id}") { crm { email } billing { id } } }`),
      (response) => {
        const customer = response.body.data?.customer as any;
        return Boolean(customer?.crm && customer?.billing);
      },
      'the CRM contact and the billing profile to exist',
    );
    expect((joined.body.data?.customer as any).crm.email).toBe('ada.lovelace@example.org');

    const again = await stack.graphql(CREATE_CUSTOMER, { input, key: 'customer-ada' });
    expect((again.body as any).extensions).toMatchObject({ idempotentReplay: true, cost: { actualQueryCost: 0 } });
    const duplicate = await stack.graphql(CREATE_CUSTOMER, { input, key: 'customer-ada-2' });
    expect(duplicate.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'input.email' });
  });

  it.each([
    [{ name: ' ', email: 'x@example.org' }, 'input.name'],
    [{ name: 'X', email: 'not-an-email' }, 'input.email'],
    [{ name: 'X', email: 'x2@example.org', currency: 'XYZ' }, 'input.currency'],
  ])('createCustomer refuses %j naming %s', async (input, field) => {
    const result = await stack.graphql(CREATE_CUSTOMER, { input, key: `bad-customer-${field}` });
    expect(result.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: field });
  });

  it('captures, refunds and cancels with keys, each once', async () => {
    const currency = ((await stack.graphql(`{ customer(id: "${customerId(9)}") { currency } }`)).body.data?.customer as any).currency;
    const placed = await stack.graphql(PLACE_ORDER, {
      input: { customerId: customerId(9), lines: [{ productId: productId(5), quantity: 2 }], currency },
      key: 'pay-flow-order',
    });
    const { payment, order } = placed.body.data?.placeOrder as any;
    expect(payment.status).toBe('REQUIRES_CAPTURE');

    const capture = `mutation($id: ID!, $key: String) { capturePayment(paymentId: $id, idempotencyKey: $key) { id status amountReceived { amount } } }`;
    const captured = await stack.graphql(capture, { id: payment.id, key: 'capture-1' });
    expect(captured.body.data?.capturePayment).toMatchObject({ status: 'SUCCEEDED', amountReceived: { amount: payment.amount.amount } });
    const recaptured = await stack.graphql(capture, { id: payment.id, key: 'capture-1' });
    expect((recaptured.body as any).extensions).toMatchObject({ idempotentReplay: true, cost: { actualQueryCost: 0 } });

    const refund = `mutation($id: ID!, $amount: Int, $key: String) { refundPayment(paymentId: $id, amount: $amount, reason: REQUESTED_BY_CUSTOMER, idempotencyKey: $key) { id amount { amount } status } }`;
    const tooMuch = await stack.graphql(refund, { id: payment.id, amount: payment.amount.amount + 1, key: 'refund-too-much' });
    expect(tooMuch.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'amount' });
    const refunded = await stack.graphql(refund, { id: payment.id, amount: 100, key: 'refund-1' });
    expect(refunded.body.data?.refundPayment).toMatchObject({ amount: { amount: 100 }, status: 'succeeded' });

    const unknown = await stack.graphql(capture, { id: 'pi_doesnotexist', key: 'capture-unknown' });
    expect(unknown.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'paymentId' });

    const cancel = `mutation($id: ID!, $key: String) { cancelOrder(orderId: $id, idempotencyKey: $key) { order { status } payment { status refunds { amount { amount } } } } }`;
    const cancelled = await stack.graphql(cancel, { id: order.id, key: 'cancel-1' });
    expect(cancelled.body.errors).toBeUndefined();
    const result = cancelled.body.data?.cancelOrder as any;
    expect(result.order.status).toBe('CANCELLED');
    const refundedTotal = result.payment.refunds.reduce((sum: number, r: any) => sum + r.amount.amount, 0);
    expect(refundedTotal).toBe(payment.amount.amount);
  });

  it('cancelling an order whose payment is only authorised cancels the payment', async () => {
    const currency = ((await stack.graphql(`{ customer(id: "${customerId(10)}") { currency } }`)).body.data?.customer as any).currency;
    const placed = await stack.graphql(PLACE_ORDER, {
      input: { customerId: customerId(10), lines: [{ productId: productId(6), quantity: 1 }], currency },
      key: 'cancel-flow-order',
    });
    const { order } = placed.body.data?.placeOrder as any;
    const cancelled = await stack.graphql(
      `mutation($id: ID!) { cancelOrder(orderId: $id, idempotencyKey: "cancel-2") { order { status } payment { status } } }`,
      { id: order.id },
    );
    expect(cancelled.body.data?.cancelOrder).toEqual({ order: { status: 'CANCELLED' }, payment: { status: 'CANCELED' } });
  });
});
