import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/startSandbox.js';
import { startStack, type GraphqlResult, type Stack } from '../helpers/startStack.js';

const SMALL_PLANS = fileURLToPath(new URL('../fixtures/plans-small.json', import.meta.url));
const ANONYMOUS = { authorization: '' };

async function createKey(stack: Stack, plan: string): Promise<Record<string, string>> {
  const created = await stack.graphql(`mutation { createApiKey(input: { name: "${plan} client", role: CLIENT, plan: "${plan}" }) { secret } }`);
  expect(created.body.errors).toBeUndefined();
  return { authorization: `Bearer ${(created.body.data?.createApiKey as { secret: string }).secret}` };
}

const costOf = (result: GraphqlResult) => (result.body as { extensions?: { cost?: any } }).extensions?.cost;

function expectRefused(result: GraphqlResult, code: string): void {
  expect(result.status).toBe(400);
  expect(result.body.data).toBeUndefined();
  expect(result.body.errors).toHaveLength(1);
  expect(result.body.errors?.[0]?.extensions?.code).toBe(code);
  expect(result.body.errors?.[0]?.message).not.toMatch(/^Syntax Error/);
}

describe('query cost and query shape limits', () => {
  let stack: Stack;
  let budgetClient: Record<string, string>;
  beforeAll(async () => {
    stack = await startStack({
      env: { PLANS_FILE: SMALL_PLANS, QUERY_MAX_DEPTH: '4', QUERY_MAX_ALIASES: '3', QUERY_MAX_TOKENS: '200', QUERY_MAX_DIRECTIVES: '4' },
    });
    budgetClient = await createKey(stack, 'budget');
  });
  afterAll(() => stack.close());

  it('reports extensions.cost on every response, with the principal plan throttle status', async () => {
    const listed = await stack.graphql('{ customers(first: 2) { nodes { id orders(first: 3) { id } } } }');
    expect(listed.body.errors).toBeUndefined();
    const cost = costOf(listed);
    // 1 for the connection, per customer 1 and up to 3 orders of 1 each.
    expect(cost.requestedQueryCost).toBe(9);
    expect(cost.actualQueryCost).toBeGreaterThanOrEqual(3);
    expect(cost.actualQueryCost).toBeLessThanOrEqual(9);
    expect(cost.throttleStatus).toEqual({ maximumAvailable: 1000000, currentlyAvailable: expect.any(Number), restoreRate: 100000 });

    const anonymous = await stack.graphql('{ gatewayVersion }', undefined, ANONYMOUS);
    expect(costOf(anonymous)).toEqual({
      requestedQueryCost: 0,
      actualQueryCost: 0,
      throttleStatus: { maximumAvailable: 10000, currentlyAvailable: 10000, restoreRate: 1000 },
    });

    const invalid = await stack.graphql('{ customers(first: 1) { nodes { noSuchField } } }');
    expect(invalid.status).toBe(400);
    expect(costOf(invalid)).toMatchObject({ requestedQueryCost: 0, actualQueryCost: 0 });

    const forbidden = await stack.graphql('{ customers(first: 1) { nodes { id } } }', undefined, ANONYMOUS);
    expect(forbidden.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(costOf(forbidden)).toMatchObject({ requestedQueryCost: 2, actualQueryCost: 0 });
  });

  it('prices a list by its slicing argument: first: 100 costs more than first: 1', async () => {
    const one = costOf(await stack.graphql('{ customers(first: 1) { nodes { id } } }'));
    const hundred = costOf(await stack.graphql('{ customers(first: 100) { nodes { id } } }'));
    expect(one).toMatchObject({ requestedQueryCost: 2, actualQueryCost: 2 });
    expect(hundred).toMatchObject({ requestedQueryCost: 101, actualQueryCost: 101 });
    // Through a variable and on edges as well as nodes, both sized by the connection's `first`.
    const edges = costOf(await stack.graphql('query($n: Int) { customers(first: $n) { edges { node { id } } } }', { n: 10 }));
    expect(edges.requestedQueryCost).toBe(21);
  });

  it('refuses a query above the plan maximum cost before any system is called', async () => {
    await stack.resetSandbox();
    const refused = await stack.graphql('{ customers(first: 100) { nodes { id } } }', undefined, budgetClient);
    expectRefused(refused, 'MAX_COST_EXCEEDED');
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ requestedQueryCost: 101, maxQueryCost: 60, retryable: false });
    expect(refused.body.errors?.[0]?.message).toMatch(/101 points, above the 60/);
    expect(costOf(refused)).toMatchObject({ requestedQueryCost: 101, actualQueryCost: 0, throttleStatus: { maximumAvailable: 100 } });
    for (const system of ['erp', 'crm', 'payments'] as const) expect((await stack.calls(system)).requests).toBe(0);
  });

  it('refuses a query the budget cannot cover now with THROTTLED (429), and refunds what a query did not use', async () => {
    const client = await createKey(stack, 'budget');
    // Priced at 1 + 50 × (1 + 3) = 201 would be refused; 1 + 10 × (1 + 3 × 1) = 41 runs, and the orders that
    // do not exist are given back.
    const first = await stack.graphql('{ customers(first: 10) { nodes { id orders(first: 3) { id } } } }', undefined, client);
    expect(first.body.errors).toBeUndefined();
    const cost = costOf(first);
    expect(cost.requestedQueryCost).toBe(41);
    expect(cost.throttleStatus.currentlyAvailable).toBe(100 - cost.actualQueryCost);

    await stack.resetSandbox();
    const big = '{ customers(first: 59) { nodes { id } } }';
    let throttled: GraphqlResult | undefined;
    for (let attempt = 0; attempt < 3 && !throttled; attempt += 1) {
      const result = await stack.graphql(big, undefined, client);
      if (result.status === 429) throttled = result;
    }
    expect(throttled).toBeDefined();
    expect(throttled!.body.errors?.[0]?.extensions).toMatchObject({ code: 'THROTTLED', retryable: true });
    expect(Number(throttled!.headers.get('retry-after'))).toBe(throttled!.body.errors?.[0]?.extensions?.retryAfter);
    expect(costOf(throttled!).requestedQueryCost).toBe(60);
    expect(costOf(throttled!).throttleStatus.currentlyAvailable).toBeLessThan(60);
  });

  it('refuses queries too deep, with too many aliases, tokens or directives, each with its own code', async () => {
    await stack.resetSandbox();
    expectRefused(await stack.graphql('{ customers(first: 1) { nodes { orders(first: 1) { lines { id } } } } }'), 'MAX_DEPTH_EXCEEDED');
    expectRefused(await stack.graphql('{ a: gatewayVersion b: gatewayVersion c: gatewayVersion d: gatewayVersion }'), 'MAX_ALIASES_EXCEEDED');
    expectRefused(await stack.graphql(`{ ${'gatewayVersion '.repeat(250)}}`), 'MAX_TOKENS_EXCEEDED');
    const directives = '{ gatewayVersion @include(if: true) @skip(if: false) __typename @include(if: true) @skip(if: false) gatewayVersion @skip(if: false) }';
    expectRefused(await stack.graphql(directives), 'MAX_DIRECTIVES_EXCEEDED');
    const depth = await stack.graphql('{ customers(first: 1) { nodes { orders(first: 1) { lines { id } } } } }');
    expect(depth.body.errors?.[0]?.message).toMatch(/depth limit of 4 exceeded, found 5/);
    expect((await stack.calls('erp')).requests).toBe(0);
    // Within the limits the same shapes run.
    expect((await stack.graphql('{ a: gatewayVersion b: gatewayVersion }')).body.errors).toBeUndefined();
  });

  it('keeps introspection and suggestions open outside production', async () => {
    const client = await createKey(stack, 'free');
    const introspection = await stack.graphql('{ __schema { queryType { name } } }', undefined, client);
    expect(introspection.body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    expect(costOf(introspection).requestedQueryCost).toBe(0);
    const typo = await stack.graphql('{ customerz(id: "x") { id } }', undefined, client);
    expect(typo.body.errors?.[0]?.message).toMatch(/Did you mean/);
  });
});

describe('introspection and field suggestions in production', () => {
  let sandbox: Sandbox;
  let stack: Stack;
  let client: Record<string, string>;
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 42 });
    stack = await startStack({ sandbox, env: { NODE_ENV: 'production', PLANS_FILE: SMALL_PLANS } });
    client = await createKey(stack, 'free');
  });
  afterAll(async () => {
    await stack?.close();
    await sandbox?.stop();
  });

  it('refuses introspection to everyone but ADMIN', async () => {
    for (const headers of [client, ANONYMOUS]) {
      for (const query of ['{ __schema { types { name } } }', '{ __type(name: "Customer") { fields { name } } }']) {
        const refused = await stack.graphql(query, undefined, headers);
        expect(refused.status).toBe(400);
        expect(refused.body.data).toBeUndefined();
        expect(refused.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
        expect(refused.body.errors?.[0]?.message).toMatch(/introspection/i);
      }
    }
    const admin = await stack.graphql('{ __schema { queryType { name } } }');
    expect(admin.body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    // __typename is not introspection of the schema.
    expect((await stack.graphql('{ __typename }', undefined, client)).body.data).toEqual({ __typename: 'Query' });
  });

  it('leaves field names out of validation errors for everyone but ADMIN', async () => {
    const hidden = await stack.graphql('{ customerz(id: "x") { id } }', undefined, client);
    expect(hidden.status).toBe(400);
    expect(hidden.body.errors?.[0]?.message).toBe('Cannot query field "customerz" on type "Query".');
    const shown = await stack.graphql('{ customerz(id: "x") { id } }');
    expect(shown.body.errors?.[0]?.message).toMatch(/Did you mean "customer/);
  });
});
