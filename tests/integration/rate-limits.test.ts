import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/startSandbox.js';
import { customerId, PLACE_ORDER, productId } from '../helpers/graphqlAs.js';
import { startStack, type GraphqlResult, type Stack } from '../helpers/startStack.js';
import { dropSchema, uniqueSchemaName } from '../helpers/testDatabase.js';

const SMALL_PLANS = fileURLToPath(new URL('../fixtures/plans-small.json', import.meta.url));
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const CHEAP = '{ gatewayVersion }';

async function createKey(stack: Stack, plan: string): Promise<Record<string, string>> {
  const created = await stack.graphql(`mutation { createApiKey(input: { name: "${plan} client", role: CLIENT, plan: "${plan}" }) { secret } }`);
  expect(created.body.errors).toBeUndefined();
  return { authorization: `Bearer ${(created.body.data?.createApiKey as { secret: string }).secret}` };
}

/** `"minute";r=2;t=20, "hour";r=999;t=4` → { minute: { r: 2, t: 20 }, … } (the draft's structured-field list). */
function parseRateLimit(header: string | null): Record<string, Record<string, number>> {
  expect(header).toBeTruthy();
  const parsed: Record<string, Record<string, number>> = {};
  for (const member of header!.split(/,\s*/)) {
    const [name, ...parameters] = member.split(';');
    expect(name).toMatch(/^"[a-z]+"$/);
    parsed[name!.slice(1, -1)] = Object.fromEntries(
      parameters.map((parameter) => {
        const [key, value] = parameter.split('=');
        expect(value).toMatch(/^\d+$/);
        return [key!, Number(value)];
      }),
    );
  }
  return parsed;
}

function expectRefusedForRate(result: GraphqlResult): void {
  expect(result.status).toBe(429);
  const retryAfter = Number(result.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
  expect(result.body.data).toBeUndefined();
  expect(result.body.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryable: true, retryAfter, policy: 'minute' });
  expect(parseRateLimit(result.headers.get('ratelimit')).minute?.r).toBe(0);
}

async function placeOrder(stack: Stack, headers: Record<string, string>, key: string): Promise<GraphqlResult> {
  const customer = await stack.graphql(`{ customer(id: "${customerId(12)}") { currency } }`);
  const { currency } = customer.body.data?.customer as { currency: string };
  return stack.graphql(PLACE_ORDER, { input: { customerId: customerId(12), lines: [{ productId: productId(4), quantity: 1 }], currency }, key }, headers);
}

describe('rate limits per principal, counters in memory', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { PLANS_FILE: SMALL_PLANS } });
  });
  afterAll(() => stack.close());

  it('answers the request over the minute quota with 429, Retry-After and RATE_LIMITED, and describes the quota on every response', async () => {
    const client = await createKey(stack, 'tiny');
    const remaining: number[] = [];
    for (let request = 0; request < 3; request += 1) {
      const result = await stack.graphql(CHEAP, undefined, client);
      expect(result.status).toBe(200);
      expect(result.headers.get('ratelimit-policy')).toBe('"minute";q=3;w=60, "hour";q=1000;w=3600, "day";q=10000;w=86400');
      const status = parseRateLimit(result.headers.get('ratelimit'));
      remaining.push(status.minute!.r!);
      // One request comes back every 20 s: that is when more quota is made available.
      expect(status.minute!.t).toBeGreaterThanOrEqual(1);
      expect(status.minute!.t).toBeLessThanOrEqual(20);
      expect(status.day!.r).toBe(10000 - (request + 1));
    }
    expect(remaining).toEqual([2, 1, 0]);

    const refused = await stack.graphql(CHEAP, undefined, client);
    expectRefusedForRate(refused);
    expect(refused.body.errors?.[0]?.message).toMatch(/3 requests per minute/);
    expect(refused.headers.get('ratelimit-policy')).toContain('"minute";q=3;w=60');
  });

  it('counts each principal on its own', async () => {
    const first = await createKey(stack, 'tiny');
    const second = await createKey(stack, 'tiny');
    for (let request = 0; request < 3; request += 1) expect((await stack.graphql(CHEAP, undefined, first)).status).toBe(200);
    expectRefusedForRate(await stack.graphql(CHEAP, undefined, first));

    const other = await stack.graphql(CHEAP, undefined, second);
    expect(other.status).toBe(200);
    expect(parseRateLimit(other.headers.get('ratelimit')).minute?.r).toBe(2);
    // The admin that created the keys is on another plan and untouched by either.
    const admin = await stack.graphql(CHEAP);
    expect(admin.headers.get('ratelimit-policy')).toContain('"minute";q=100000;w=60');
  });

  it('puts the headers on error responses too, and refuses before GraphQL even parses', async () => {
    const client = await createKey(stack, 'tiny');
    const invalid = await stack.graphql('{ noSuchField }', undefined, client);
    expect(invalid.status).toBe(400);
    expect(parseRateLimit(invalid.headers.get('ratelimit')).minute?.r).toBe(2);

    const anonymous = await stack.graphql(CHEAP, undefined, { authorization: '' });
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers.get('ratelimit-policy')).toContain('"minute";q=1000;w=60');

    await stack.graphql(CHEAP, undefined, client);
    await stack.graphql(CHEAP, undefined, client);
    expectRefusedForRate(await stack.graphql('{ syntax error', undefined, client));
  });

  it('limits placeOrder per principal on its own (field level), answering RATE_LIMITED on that field', async () => {
    const client = await createKey(stack, 'orders');
    for (const key of ['field-limit-1', 'field-limit-2']) {
      const placed = await placeOrder(stack, client, key);
      expect(placed.body.errors).toBeUndefined();
    }
    const limited = await placeOrder(stack, client, 'field-limit-3');
    expect(limited.status).toBe(200);
    expect(limited.body.data).toBeNull();
    const [error] = limited.body.errors ?? [];
    expect(error?.path).toEqual(['placeOrder']);
    expect(error?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryable: true, field: 'Mutation.placeOrder' });
    expect(error?.extensions?.retryAfter).toBeGreaterThanOrEqual(1);

    // Another principal on the same plan has its own count.
    const other = await createKey(stack, 'orders');
    expect((await placeOrder(stack, other, 'field-limit-other')).body.errors).toBeUndefined();
    // Reads are not limited by it.
    expect((await stack.graphql(`{ customer(id: "${customerId(12)}") { name } }`, undefined, client)).body.errors).toBeUndefined();
  });
});

describe('rate limits shared by two instances through Redis', () => {
  let sandbox: Sandbox;
  let first: Stack;
  let second: Stack;
  let redis: Redis;
  const prefix = `switchyard-test:${randomUUID()}:`;
  const database = { schema: uniqueSchemaName('limits'), queueSchema: uniqueSchemaName('limits_queue') };

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 42 });
    const env = { PLANS_FILE: SMALL_PLANS, REDIS_URL, RATE_LIMIT_KEY_PREFIX: prefix };
    first = await startStack({ sandbox, database, env });
    second = await startStack({ sandbox, database, env });
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
    await sandbox?.stop();
    await Promise.all([dropSchema(database.schema), dropSchema(database.queueSchema)]);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('spend one budget: requests to either instance count against the same minute', async () => {
    const client = await createKey(first, 'tiny');
    const answers = [await first.graphql(CHEAP, undefined, client), await second.graphql(CHEAP, undefined, client), await first.graphql(CHEAP, undefined, client)];
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(answers.map((answer) => parseRateLimit(answer.headers.get('ratelimit')).minute?.r)).toEqual([2, 1, 0]);
    expectRefusedForRate(await second.graphql(CHEAP, undefined, client));
    expectRefusedForRate(await first.graphql(CHEAP, undefined, client));
    // The counters live under the configured prefix, so runs and deployments sharing a Redis stay apart.
    expect((await redis.keys(`${prefix}*:minute`)).length).toBeGreaterThan(0);
  });

  it('count concurrent requests exactly: of ten at once on two instances, three pass', async () => {
    const client = await createKey(first, 'tiny');
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, index) => (index % 2 === 0 ? first : second).graphql(CHEAP, undefined, client)),
    );
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(3);
    expect(answers.filter((answer) => answer.status === 429)).toHaveLength(7);
  });

  it('share the field-level limit on placeOrder', async () => {
    const client = await createKey(first, 'orders');
    expect((await placeOrder(first, client, 'shared-field-1')).body.errors).toBeUndefined();
    expect((await placeOrder(second, client, 'shared-field-2')).body.errors).toBeUndefined();
    const limited = await placeOrder(first, client, 'shared-field-3');
    expect(limited.body.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', field: 'Mutation.placeOrder' });
  });

  it('share the query-cost budget', async () => {
    const client = await createKey(first, 'budget');
    const query = '{ customers(first: 50) { nodes { id } } }';
    const spent = await first.graphql(query, undefined, client);
    expect(spent.body.errors).toBeUndefined();
    const cost = (spent.body as any).extensions.cost;
    expect(cost.requestedQueryCost).toBe(51);
    expect(cost.throttleStatus).toMatchObject({ maximumAvailable: 100, restoreRate: 0.1, currentlyAvailable: 49 });

    const throttled = await second.graphql(query, undefined, client);
    expect(throttled.status).toBe(429);
    expect(throttled.body.errors?.[0]?.extensions).toMatchObject({ code: 'THROTTLED', retryable: true });
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((throttled.body as any).extensions.cost.throttleStatus.currentlyAvailable).toBeLessThan(51);
  });
});
