import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SystemName } from '../../src/config/SystemName.js';
import { startStack, type Stack } from '../helpers/startStack.js';

export const FIFTY_CUSTOMERS = `{
  customers(first: 50) {
    nodes {
      id name
      crm { email lifecycleStage company { name } }
      payments { status amount { amount currency } }
      orders(first: 5) { id total { amount } shipments { status } }
    }
  }
}`;

const SYSTEMS: SystemName[] = ['crm', 'erp', 'payments', 'shipping'];

async function callsPerSystem(stack: Stack): Promise<Record<SystemName, number>> {
  const counts = await Promise.all(SYSTEMS.map(async (system) => [system, (await stack.calls(system)).requests] as const));
  return Object.fromEntries(counts) as Record<SystemName, number>;
}

describe('batched read path', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
    // Log in to the ERP once so the counts below are those of a warm gateway.
    await stack.graphql('{ products(first: 1) { nodes { id } } }');
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.resetSandbox());

  it('answers the 50-customer query with a few calls per system, not one per customer', async () => {
    const result = await stack.graphql(FIFTY_CUSTOMERS);
    expect(result.status).toBe(200);
    expect(result.body.errors).toBeUndefined();
    const nodes = (result.body.data?.customers as { nodes: Record<string, unknown>[] }).nodes;
    expect(nodes).toHaveLength(50);
    expect(nodes.filter((node) => node.crm !== null).length).toBe(50);
    expect(nodes.some((node) => (node.payments as unknown[]).length > 0)).toBe(true);

    const calls = await callsPerSystem(stack);
    // ERP: partners, their orders, the orders' deliveries. CRM: contacts, associations, companies.
    expect(calls.erp).toBe(3);
    expect(calls.crm).toBe(3);
    // Stripe search takes 10 OR clauses: 50 customers are 5 searches (plus a next page where one is full).
    expect(calls.payments).toBeGreaterThanOrEqual(5);
    expect(calls.payments).toBeLessThanOrEqual(10);
    // EasyPost batch takes 100 tracking codes a call.
    expect(calls.shipping).toBeLessThanOrEqual(3);
  });

  it('makes one call per customer and field when batching is off, which is what the loaders save', async () => {
    const unbatched = await startStack({ env: { BATCHING: 'false' }, sandbox: stack.sandbox });
    try {
      await stack.resetSandbox();
      const result = await unbatched.graphql(FIFTY_CUSTOMERS);
      expect(result.body.errors).toBeUndefined();
      const calls = await callsPerSystem(stack);
      // One contact read and one association read per customer (companies repeat, so fewer of those).
      expect(calls.crm).toBeGreaterThanOrEqual(50 * 2);
      expect(calls.payments).toBeGreaterThanOrEqual(50);
    } finally {
      await unbatched.close();
    }
  });

  it('joins one customer across the four systems', async () => {
    const list = await stack.graphql('{ customers(first: 1) { nodes { id } } }');
    const id = (list.body.data?.customers as { nodes: { id: string }[] }).nodes[0]?.id;
    const result = await stack.graphql(
      `query One($id: ID!) {
        customer(id: $id) {
          id name email vat address { city country } currency
          crm { email firstName lifecycleStage owner { email } company { name domain } }
          billing { id balance { amount currency formatted } defaultCard { brand last4 } }
          payments { id status amount { amount currency formatted } orderReference }
          invoices { number total { amount } paymentState }
          orders(first: 3) {
            reference status total { amount currency formatted }
            lines { quantity unitPrice { amount } product { name sku } }
            invoices { number } payments { status } shipments { trackingCode status carrier }
          }
        }
      }`,
      { id },
    );
    expect(result.body.errors).toBeUndefined();
    const customer = result.body.data?.customer as Record<string, any>;
    expect(customer.id).toBe(id);
    expect(customer.crm.email).toBe(customer.email);
    expect(customer.billing.id).toMatch(/^cus_/);
    expect(customer.orders.length).toBeGreaterThan(0);
    expect(customer.orders.length).toBeLessThanOrEqual(3);
    const order = customer.orders[0];
    expect(order.reference).toMatch(/^S\d{5}$/);
    expect(order.lines.length).toBeGreaterThan(0);
    const lineSum = order.lines.reduce((sum: number, line: any) => sum + line.quantity * line.unitPrice.amount, 0);
    expect(lineSum).toBeLessThanOrEqual(order.total.amount);
    expect(customer.payments.length).toBeGreaterThan(0);
    for (const payment of customer.payments) expect(payment.amount.currency).toBe(customer.currency);
  });

  it('pages through customers with cursors and counts them', async () => {
    const first = await stack.graphql('{ customers(first: 2) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }');
    const page1 = first.body.data?.customers as any;
    expect(page1.totalCount).toBeGreaterThanOrEqual(500);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const second = await stack.graphql('query($after: String) { customers(first: 2, after: $after) { nodes { id } pageInfo { hasPreviousPage } } }', {
      after: page1.pageInfo.endCursor,
    });
    const page2 = second.body.data?.customers as any;
    expect(page2.pageInfo.hasPreviousPage).toBe(true);
    expect(page2.nodes.map((n: any) => n.id)).not.toContain(page1.nodes[1].id);
  });

  it('filters orders by customer and status', async () => {
    const list = await stack.graphql('{ customers(first: 1) { nodes { id } } }');
    const customerId = (list.body.data?.customers as any).nodes[0].id;
    const result = await stack.graphql(
      'query($c: ID) { orders(first: 100, customerId: $c, status: CONFIRMED) { nodes { status customer { id } } } }',
      { c: customerId },
    );
    expect(result.body.errors).toBeUndefined();
    const nodes = (result.body.data?.orders as any).nodes;
    expect(nodes.length).toBeGreaterThan(0);
    for (const node of nodes) {
      expect(node.status).toBe('CONFIRMED');
      expect(node.customer.id).toBe(customerId);
    }
  });

  it('finds a shipment by tracking code and a product by id', async () => {
    const orders = await stack.graphql('{ orders(first: 20) { nodes { shipments { trackingCode } lines { product { id } } } } }');
    const all = (orders.body.data?.orders as any).nodes;
    const code = all.flatMap((o: any) => o.shipments).map((s: any) => s.trackingCode)[0];
    const productId = all.flatMap((o: any) => o.lines)[0].product.id;
    const result = await stack.graphql(
      'query($code: String!, $p: ID!) { shipment(trackingCode: $code) { trackingCode status events { status } } product(id: $p) { id listPrice { currency } } }',
      { code, p: productId },
    );
    expect(result.body.errors).toBeUndefined();
    expect((result.body.data?.shipment as any).trackingCode).toBe(code);
    expect((result.body.data?.product as any).id).toBe(productId);
  });

  it('answers null for ids that do not exist and BAD_USER_INPUT for ids that are not ids', async () => {
    const missing = await stack.graphql('{ customer(id: "Q3VzdG9tZXI6OTk5OTk") { id } shipment(trackingCode: "NOPE") { status } }');
    expect(missing.body.errors).toBeUndefined();
    expect(missing.body.data).toEqual({ customer: null, shipment: null });

    const bad = await stack.graphql('{ customer(id: "not-an-id") { id } }');
    expect(bad.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'id' });

    const tooMany = await stack.graphql('{ customers(first: 1000) { nodes { id } } }');
    expect(tooMany.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'first' });
  });
});
