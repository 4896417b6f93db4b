import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { customerId } from '../helpers/graphqlAs.js';
import { startStack, type FaultSpec, type Stack } from '../helpers/startStack.js';

const QUERY = 'query($id: ID!) { customer(id: $id) { name crm { email lifecycleStage } } }';

/**
 * Records past their freshness (1 s here) are served when their system fails, for each way it can
 * fail; a field with nothing cached keeps its typed error.
 */
describe('stale-if-error', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      env: {
        CACHE: 'on',
        CACHE_FRESHNESS: 'crm.contact=1',
        CRM_RETRY_LIMIT: '0',
        CRM_ATTEMPT_TIMEOUT_MS: '300',
        CRM_BREAKER_VOLUME_THRESHOLD: '1',
        CRM_BREAKER_ERROR_PERCENT: '1',
      },
    });
  });
  afterAll(() => stack.close());
  beforeEach(async () => {
    await stack.resetSandbox();
    stack.app.breakers.reset('crm');
  });

  /** Caches customer `id`'s contact, lets it go stale, breaks the CRM, and asks again. */
  async function staleAnswer(id: number, fault: FaultSpec) {
    const fresh = await stack.graphql(QUERY, { id: customerId(id) });
    expect(fresh.body.errors).toBeUndefined();
    await sleep(1100);
    await stack.fault('crm', fault);
    return { fresh, stale: await stack.graphql(QUERY, { id: customerId(id) }) };
  }

  it.each([
    ['down', { route: '*', mode: 'down' }],
    ['answering 503', { route: '*', mode: 'error', status: 503 }],
    ['too slow', { route: '*', mode: 'timeout' }],
    ['rate limiting', { route: '*', mode: 'error', status: 429, retryAfter: 120 }],
  ] satisfies [string, FaultSpec][])('serves the cached contact when the CRM is %s, saying how old it is', async (_, fault) => {
    const { fresh, stale } = await staleAnswer(21, fault);
    expect(stale.body.errors).toBeUndefined();
    expect(stale.body.data).toEqual(fresh.body.data);
    expect(stale.body.extensions?.stale).toEqual({ crm: { ageSeconds: expect.any(Number) } });
    expect((stale.body.extensions?.stale as { crm: { ageSeconds: number } }).crm.ageSeconds).toBeGreaterThanOrEqual(1);
  });

  it('serves it while the breaker is open too, without calling the CRM', async () => {
    await staleAnswer(22, { route: '*', mode: 'down' });
    expect(stack.app.breakers.snapshot('crm').state).toBe('open');
    await stack.resetSandbox();
    const answer = await stack.graphql(QUERY, { id: customerId(22) });
    expect(answer.body.extensions?.stale).toEqual({ crm: expect.anything() });
    expect((await stack.calls('crm')).requests).toBe(0);
  });

  it("keeps today's typed error for a contact never cached, beside the stale ones", async () => {
    await stack.graphql(QUERY, { id: customerId(23) });
    await sleep(1100);
    await stack.fault('crm', { route: '*', mode: 'down' });
    const both = await stack.graphql(`query($a: ID!, $b: ID!) { a: customer(id: $a) { crm { email } } b: customer(id: $b) { crm { email } } }`, {
      a: customerId(23),
      b: customerId(24),
    });
    expect((both.body.data?.a as { crm: unknown }).crm).not.toBeNull();
    expect((both.body.data?.b as { crm: unknown }).crm).toBeNull();
    expect(both.body.errors).toEqual([expect.objectContaining({ path: ['b', 'crm'], extensions: expect.objectContaining({ code: 'UPSTREAM_UNAVAILABLE', system: 'crm', retryable: true }) })]);
    expect(both.body.extensions?.stale).toEqual({ crm: expect.anything() });
  });
});
