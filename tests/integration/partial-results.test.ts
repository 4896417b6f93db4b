import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/startStack.js';

const QUERY = `{
  customers(first: 3) {
    nodes {
      name
      crm { email }
      billing { id }
      orders(first: 2) { reference shipments { status } }
    }
  }
}`;

type Node = { name: string; crm: unknown; billing: unknown; orders: { reference: string; shipments: unknown }[] | null };

describe('partial results when one system fails', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());
  beforeEach(async () => {
    await stack.resetSandbox();
    for (const system of ['crm', 'erp', 'payments', 'shipping'] as const) stack.app.breakers.reset(system);
  });

  async function expectCrmFailure(code: string, retryable: boolean) {
    const result = await stack.graphql(QUERY);
    expect(result.status).toBe(200);
    const nodes = (result.body.data?.customers as { nodes: Node[] }).nodes;
    expect(nodes).toHaveLength(3);
    for (const node of nodes) {
      expect(node.name).toBeTruthy();
      expect(node.crm).toBeNull();
      expect(node.billing).not.toBeNull();
      expect(node.orders?.length).toBeGreaterThan(0);
    }
    expect(result.body.errors).toHaveLength(3);
    for (const [index, error] of (result.body.errors ?? []).entries()) {
      expect(error.path).toEqual(['customers', 'nodes', index, 'crm']);
      expect(error.extensions).toMatchObject({ code, system: 'crm', retryable });
      expect(error.extensions?.requestId).toEqual(result.headers.get('x-request-id'));
      expect(JSON.stringify(error)).not.toMatch(/at .*\.ts|stack|127\.0\.0\.1/);
    }
    return result;
  }

  it('CRM down (connection reset): UPSTREAM_UNAVAILABLE on crm fields only', async () => {
    await stack.fault('crm', { route: '*', mode: 'down' });
    await expectCrmFailure('UPSTREAM_UNAVAILABLE', true);
  });

  it('CRM answering 503: UPSTREAM_UNAVAILABLE after its retries', async () => {
    await stack.fault('crm', { route: '*', mode: 'error', status: 503 });
    await expectCrmFailure('UPSTREAM_UNAVAILABLE', true);
  });

  it('CRM slower than its timeout: UPSTREAM_TIMEOUT', async () => {
    await stack.fault('crm', { route: '*', mode: 'timeout' });
    await expectCrmFailure('UPSTREAM_TIMEOUT', true);
  });

  it('CRM refusing the request (403): UPSTREAM_REJECTED, not retryable', async () => {
    await stack.fault('crm', { route: '*', mode: 'error', status: 403 });
    await expectCrmFailure('UPSTREAM_REJECTED', false);
  });

  it('CRM rate limiting longer than we wait: RATE_LIMITED with retryAfter', async () => {
    await stack.fault('crm', { route: '*', mode: 'error', status: 429, retryAfter: 120 });
    const result = await expectCrmFailure('RATE_LIMITED', true);
    expect(result.body.errors?.[0]?.extensions?.retryAfter).toBe(120);
  });

  it('shipping down: orders still answer, shipments are null with an error each', async () => {
    await stack.fault('shipping', { route: '*', mode: 'down' });
    const result = await stack.graphql(QUERY);
    const nodes = (result.body.data?.customers as { nodes: Node[] }).nodes;
    const orders = nodes.flatMap((node) => node.orders ?? []);
    expect(orders.length).toBeGreaterThan(0);
    for (const order of orders) expect(order.reference).toMatch(/^S/);
    const failed = orders.filter((order) => order.shipments === null);
    expect(failed.length).toBeGreaterThan(0);
    expect(result.body.errors?.length).toBe(failed.length);
    for (const error of result.body.errors ?? []) {
      expect(error.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', system: 'shipping' });
      expect(error.path?.at(-1)).toBe('shipments');
    }
  });

  it('ERP down: the root field fails with a clear error, and nothing else is called', async () => {
    await stack.fault('erp', { route: '*', mode: 'error', status: 502 });
    const result = await stack.graphql(QUERY);
    expect(result.status).toBe(200);
    expect(result.body.data).toBeNull();
    expect(result.body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', system: 'erp' });
    expect((await stack.calls('crm')).requests).toBe(0);
  });
});
