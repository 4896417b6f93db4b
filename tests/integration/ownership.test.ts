import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerId, PLACE_ORDER, productId } from '../helpers/graphqlAs.js';
import { startStack, type Stack } from '../helpers/startStack.js';

/** The sandbox web app's user is customer 1 (its token carries customer_id 1). */
const OWN = customerId(1);
const OTHER = customerId(2);

describe('an end user sees only their own customer', () => {
  let stack: Stack;
  let user: (query: string, variables?: Record<string, unknown>) => ReturnType<Stack['graphql']>;

  beforeAll(async () => {
    stack = await startStack();
    const { clientId, clientSecret } = stack.sandbox.idp.clients.webApp;
    const response = await fetch(stack.sandbox.idp.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }).toString(),
    });
    const token = ((await response.json()) as { access_token: string }).access_token;
    user = (query, variables) => stack.graphql(query, variables, { authorization: `Bearer ${token}` });
  });
  afterAll(() => stack.close());

  const code = (result: Awaited<ReturnType<Stack['graphql']>>) => result.body.errors?.[0]?.extensions?.code;

  it('reads its own customer, orders and payments', async () => {
    const own = await user('query($id: ID!) { customer(id: $id) { id payments { id } orders(first: 2) { id } } }', { id: OWN });
    expect(own.body.errors).toBeUndefined();
    expect((own.body.data?.customer as any).id).toBe(OWN);

    const list = await user('{ customers(first: 50) { totalCount nodes { id } } }');
    expect(list.body.data?.customers).toEqual({ totalCount: 1, nodes: [{ id: OWN }] });

    const orders = await user('{ orders(first: 20) { nodes { id customer { id } } } }');
    const nodes = (orders.body.data?.orders as any).nodes;
    expect(nodes.length).toBeGreaterThan(0);
    for (const order of nodes) expect(order.customer.id).toBe(OWN);

    const [payment] = (own.body.data?.customer as { payments: { id: string }[] }).payments;
    expect(payment, 'customer 1 has a payment in the seeded sandbox').toBeDefined();
    const read = await user('query($id: ID!) { payment(id: $id) { id } }', { id: payment!.id });
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data?.payment).toEqual({ id: payment!.id });
  });

  it("is refused another customer's data: FORBIDDEN, nothing returned", async () => {
    expect(code(await user('query($id: ID!) { customer(id: $id) { id } }', { id: OTHER }))).toBe('FORBIDDEN');
    expect(code(await user('query($id: ID!) { orders(customerId: $id) { nodes { id } } }', { id: OTHER }))).toBe('FORBIDDEN');

    const others = await stack.graphql('query($id: ID!) { customer(id: $id) { orders(first: 1) { id } payments { id } } }', { id: OTHER });
    const other = others.body.data?.customer as any;
    expect(code(await user('query($id: ID!) { order(id: $id) { id } }', { id: other.orders[0].id }))).toBe('FORBIDDEN');
    expect(other.payments.length, 'customer 2 has a payment in the seeded sandbox').toBeGreaterThan(0);
    const refused = await user('query($id: ID!) { payment(id: $id) { id } }', { id: other.payments[0].id });
    expect(code(refused)).toBe('FORBIDDEN');
    expect(refused.body.data?.payment ?? null).toBeNull();
  });

  it("cannot place or cancel an order for another customer, nor use staff operations", async () => {
    const placed = await user(PLACE_ORDER, {
      input: { customerId: OTHER, lines: [{ productId: productId(1), quantity: 1 }], currency: 'EUR' },
      key: 'user-other-order',
    });
    expect(code(placed)).toBe('FORBIDDEN');
    expect((await stack.calls('erp')).byRoute['POST /jsonrpc object.execute_kw sale.order create']).toBeUndefined();

    expect(code(await user('{ shipment(trackingCode: "EZ1000000001") { status } }'))).toBe('FORBIDDEN');
    expect(code(await user('mutation { capturePayment(paymentId: "pi_x", idempotencyKey: "k") { id } }'))).toBe('FORBIDDEN');
    expect(code(await user('{ deadLetters { totalCount } }'))).toBe('FORBIDDEN');
  });
});
