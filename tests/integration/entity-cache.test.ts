import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SystemName } from '../../src/config/SystemName.js';
import { customerId } from '../helpers/graphqlAs.js';
import { startStack, type Stack } from '../helpers/startStack.js';

const SYSTEMS: readonly SystemName[] = ['crm', 'erp', 'payments', 'shipping'];

const CUSTOMER = `query Customer($id: ID!) {
  customer(id: $id) {
    id name phone
    crm { email lifecycleStage company { name } }
    payments(first: 2) { id status }
    orders(first: 2) { id reference lines { quantity product { name } } shipments { trackingCode status } }
  }
}`;

describe('entity cache', () => {
  let stack: Stack;
  let userToken: string;

  beforeAll(async () => {
    // Freshness set outright: these tests are about hits, not about how long records stay fresh.
    stack = await startStack({ env: { CACHE: 'on', CACHE_FRESHNESS: 'erp.partner=600,erp.order=600,erp.orderLines=600,erp.orderPickings=600,erp.product=600,crm.contact=600,crm.company=600,crm.contactCompany=600,payments.partnerPayments=600,shipping.tracker=600' } });
    const { clientId, clientSecret } = stack.sandbox.idp.clients.webApp;
    const response = await fetch(stack.sandbox.idp.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }).toString(),
    });
    userToken = ((await response.json()) as { access_token: string }).access_token;
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.resetSandbox());

  const calls = async (): Promise<Record<SystemName, number>> =>
    Object.fromEntries(await Promise.all(SYSTEMS.map(async (system) => [system, (await stack.calls(system)).requests] as const))) as Record<SystemName, number>;
  const none = { crm: 0, erp: 0, payments: 0, shipping: 0 };

  it('answers the same question again without asking any system, with the same answer', async () => {
    const first = await stack.graphql(CUSTOMER, { id: customerId(3) });
    expect(first.body.errors).toBeUndefined();
    const asked = await calls();
    expect(Object.values(asked).every((count) => count > 0)).toBe(true);
    await stack.resetSandbox();
    const second = await stack.graphql(CUSTOMER, { id: customerId(3) });
    expect(second.body).toEqual(first.body);
    expect(await calls()).toEqual(none);
  });

  it('asks only for what it does not hold: a field more is one read of that record', async () => {
    await stack.graphql('query($id: ID!) { customer(id: $id) { name } }', { id: customerId(4) });
    await stack.resetSandbox();
    const wider = await stack.graphql('query($id: ID!) { customer(id: $id) { name city: address { city } } }', { id: customerId(4) });
    expect(wider.body.errors).toBeUndefined();
    expect(await calls()).toEqual({ ...none, erp: 1 });
    await stack.resetSandbox();
    await stack.graphql('query($id: ID!) { customer(id: $id) { name } }', { id: customerId(4) });
    expect(await calls()).toEqual(none);
  });

  it("still refuses an end user another customer's record that is in the cache", async () => {
    const other = await stack.graphql('query($id: ID!) { customer(id: $id) { id name orders(first: 1) { id } } }', { id: customerId(2) });
    const order = (other.body.data?.customer as { orders: { id: string }[] }).orders[0]!.id;
    const user = (query: string, variables: Record<string, unknown>) => stack.graphql(query, variables, { authorization: `Bearer ${userToken}` });
    for (const [query, variables] of [
      ['query($id: ID!) { customer(id: $id) { id name } }', { id: customerId(2) }],
      ['query($id: ID!) { order(id: $id) { id } }', { id: order }],
    ] as const) {
      const refused = await user(query, variables);
      expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(Object.values(refused.body.data ?? {}).every((value) => value === null)).toBe(true);
    }
    // Their own, also cached now, is theirs to read.
    await stack.graphql('query($id: ID!) { customer(id: $id) { id name } }', { id: customerId(1) });
    expect((await user('query($id: ID!) { customer(id: $id) { id } }', { id: customerId(1) })).body.data?.customer).toEqual({ id: customerId(1) });
  });

  it('reads through for Cache-Control: no-cache, and serves the cached record as stale when that read fails', async () => {
    const query = 'query($id: ID!) { customer(id: $id) { name crm { email } } }';
    const cached = await stack.graphql(query, { id: customerId(5) });
    await stack.resetSandbox();
    await stack.graphql(query, { id: customerId(5) }, { 'cache-control': 'no-cache' });
    expect((await calls()).erp).toBeGreaterThan(0);
    expect((await calls()).crm).toBeGreaterThan(0);

    await stack.fault('crm', { route: '*', mode: 'down' });
    const stale = await stack.graphql(query, { id: customerId(5) }, { 'cache-control': 'no-cache' });
    expect(stale.body.data).toEqual(cached.body.data);
    expect(stale.body.errors).toBeUndefined();
    expect(stale.body.extensions?.stale).toEqual({ crm: { ageSeconds: expect.any(Number) } });
  });

  it('shares one upstream read between concurrent requests for the same records', async () => {
    await stack.fault('erp', { route: 'POST /jsonrpc object.execute_kw res.partner read', mode: 'slow', latencyMs: 300 });
    const query = 'query($id: ID!) { customer(id: $id) { name email } }';
    const answers = await Promise.all(Array.from({ length: 5 }, () => stack.graphql(query, { id: customerId(6) })));
    for (const answer of answers) expect(answer.body).toEqual(answers[0]!.body);
    const stats = await stack.calls('erp');
    expect(stats.byRoute['POST /jsonrpc object.execute_kw res.partner read']).toBe(1);
  });
});
