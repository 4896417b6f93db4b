import { fileURLToPath } from 'node:url';
import type { GraphQLFormattedError } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startStack, TEST_ADMIN_KEY, type GraphqlResult, type Stack } from '../helpers/startStack.js';

const SMALL_PLANS = fileURLToPath(new URL('../fixtures/plans-small.json', import.meta.url));

/** No such order: a subscription the policy lets through ends at once with a result carrying BAD_USER_INPUT from its resolver. */
const NO_ORDER = 'not-an-order-id';

/** A subscription selecting `orders(first: n)` of the order's customer: priced 1 + 1 + n. */
const withOrders = (n: number) => `subscription($id: ID!) { orderUpdated(orderId: $id) { id customer { orders(first: ${n}) { id } } } }`;

/** Twelve fields deep, two more than QUERY_MAX_DEPTH's default. */
const TOO_DEEP = `subscription($id: ID!) { orderUpdated(orderId: $id) {
  customer { orders(first: 1) { customer { orders(first: 1) { customer { orders(first: 1) { customer { orders(first: 1) { customer { orders(first: 1) { id } } } } } } } } } }
} }`;

describe('subscriptions pass the request policy HTTP requests pass', () => {
  let stack: Stack;
  let wsUrl: string;
  const clients: Client[] = [];

  const connect = (secret: string) => {
    const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${secret}` }, retryAttempts: 0, lazy: true });
    clients.push(client);
    return client;
  };

  /** The errors a subscription ends with: the policy's refusal, or its resolver's once admitted. */
  const errorsOf = (client: Client, query: string) =>
    new Promise<readonly GraphQLFormattedError[]>((resolve, reject) => {
      client.subscribe(
        { query, variables: { id: NO_ORDER } },
        {
          next: (result) => (result.errors ? resolve(result.errors) : reject(new Error(`expected errors, got ${JSON.stringify(result)}`))),
          error: (error) => (Array.isArray(error) ? resolve(error) : reject(error instanceof Error ? error : new Error(JSON.stringify(error)))),
          complete: () => reject(new Error('expected a refusal, the subscription completed')),
        },
      );
    });
  const codeOf = (errors: readonly GraphQLFormattedError[]) => errors[0]?.extensions?.code;

  const createKey = async (plan: string): Promise<string> => {
    const created = await stack.graphql(`mutation { createApiKey(input: { name: "${plan} subscriber", role: CLIENT, plan: "${plan}" }) { secret } }`);
    expect(created.body.errors).toBeUndefined();
    return (created.body.data?.createApiKey as { secret: string }).secret;
  };
  /** What the plan's cost budget held when HTTP answered, from `extensions.cost`. */
  const availableAfter = (result: GraphqlResult) =>
    (result.body as { extensions?: { cost?: { throttleStatus: { currentlyAvailable: number } } } }).extensions?.cost?.throttleStatus.currentlyAvailable;
  const overHttp = (secret: string, query: string): Promise<GraphqlResult> =>
    stack.graphql(query, { id: NO_ORDER }, { authorization: `Bearer ${secret}` });

  beforeAll(async () => {
    stack = await startStack({ env: { PLANS_FILE: SMALL_PLANS } });
    wsUrl = `${stack.url.replace(/^http/, 'ws')}/graphql`;
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    await stack?.close();
  });

  it('refuses a subscription too deep with MAX_DEPTH_EXCEEDED and the message HTTP gives the same document', async () => {
    const errors = await errorsOf(connect(TEST_ADMIN_KEY), TOO_DEEP);
    expect(codeOf(errors)).toBe('MAX_DEPTH_EXCEEDED');
    const http = await overHttp(TEST_ADMIN_KEY, TOO_DEEP);
    expect(http.status).toBe(400);
    expect(http.body.errors?.[0]?.extensions?.code).toBe('MAX_DEPTH_EXCEEDED');
    expect(errors[0]?.message).toBe(http.body.errors?.[0]?.message);
  });

  it('refuses a document over the token limit with MAX_TOKENS_EXCEEDED, and one that does not validate as HTTP does', async () => {
    const aliases = Array.from({ length: 700 }, (_, i) => `a${i}: id`).join(' ');
    const huge = `subscription($id: ID!) { orderUpdated(orderId: $id) { ${aliases} } }`;
    const tokens = await errorsOf(connect(TEST_ADMIN_KEY), huge);
    expect(codeOf(tokens)).toBe('MAX_TOKENS_EXCEEDED');
    expect(tokens[0]?.message).toBe((await overHttp(TEST_ADMIN_KEY, huge)).body.errors?.[0]?.message);

    const invalid = 'subscription($id: ID!) { orderUpdated(orderId: $id) { noSuchField } }';
    expect(codeOf(await errorsOf(connect(TEST_ADMIN_KEY), invalid))).toBe('GRAPHQL_VALIDATION_FAILED');
    expect((await overHttp(TEST_ADMIN_KEY, invalid)).body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses a subscription priced above the plan maximum with MAX_COST_EXCEEDED, stating the same cost as HTTP', async () => {
    const secret = await createKey('budget');
    const costly = withOrders(80);
    const errors = await errorsOf(connect(secret), costly);
    expect(codeOf(errors)).toBe('MAX_COST_EXCEEDED');
    expect(errors[0]?.extensions).toMatchObject({ requestedQueryCost: 82, maxQueryCost: 60, retryable: false });
    const http = await overHttp(secret, costly);
    expect(http.body.errors?.[0]?.extensions).toMatchObject({ code: 'MAX_COST_EXCEEDED', requestedQueryCost: 82 });
    // Refused before anything was charged: the budget is still full.
    expect(availableAfter(http)).toBe(100);
  });

  it('charges each subscription to the plan cost budget HTTP spends, and refuses one it cannot cover with THROTTLED', async () => {
    const secret = await createKey('budget');
    const client = connect(secret);
    // 55 points each from a budget of 100 that restores 0.1 a second: one runs, the other is throttled.
    const outcomes = await Promise.all([errorsOf(client, withOrders(53)), errorsOf(client, withOrders(53))]);
    expect(outcomes.map(codeOf).sort()).toEqual(['BAD_USER_INPUT', 'THROTTLED']);
    const throttled = outcomes.find((errors) => codeOf(errors) === 'THROTTLED')!;
    expect(throttled[0]?.extensions).toMatchObject({ retryable: true });
    expect(throttled[0]?.extensions?.retryAfter).toBeGreaterThanOrEqual(1);

    const http = await overHttp(secret, withOrders(53));
    expect(http.status).toBe(429);
    expect(http.body.errors?.[0]?.extensions?.code).toBe('THROTTLED');
    expect(availableAfter(http)).toBeLessThan(55);
  });

  it('counts each subscription as a request of the plan, in the same windows as HTTP, and refuses the one over with RATE_LIMITED', async () => {
    const secret = await createKey('tiny');
    const client = connect(secret);
    const cheap = 'subscription($id: ID!) { orderUpdated(orderId: $id) { id } }';
    // Three a minute: one over HTTP, two subscriptions, then neither transport is served.
    expect((await stack.graphql('{ gatewayVersion }', undefined, { authorization: `Bearer ${secret}` })).status).toBe(200);
    expect(codeOf(await errorsOf(client, cheap))).toBe('BAD_USER_INPUT');
    expect(codeOf(await errorsOf(client, cheap))).toBe('BAD_USER_INPUT');
    const refused = await errorsOf(client, cheap);
    expect(refused[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryable: true, policy: 'minute' });
    expect(refused[0]?.message).toMatch(/3 requests per minute/);
    const http = await overHttp(secret, cheap);
    expect(http.status).toBe(429);
    expect(http.body.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', policy: 'minute' });
  });
});
