import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { createBreakerRegistry } from '../../src/connectors/core/createBreakerRegistry.js';
import { createUpstreamClient } from '../../src/connectors/core/createUpstreamClient.js';
import { UpstreamError } from '../../src/connectors/core/UpstreamError.js';
import { startStack, type Stack } from '../helpers/startStack.js';

const BATCH_READ = 'POST /crm/v3/objects/contacts/batch/read';
const QUERY = `query($id: ID!) { customer(id: $id) { crm { email } } }`;
const customerId = Buffer.from('Customer:2').toString('base64url');

describe('upstream retries', () => {
  let stack: Stack;
  beforeAll(async () => {
    // Three retries, 10 ms apart at first; a Retry-After of up to 3 s is honoured.
    stack = await startStack({ env: { CRM_RETRY_LIMIT: '3', CRM_BREAKER_VOLUME_THRESHOLD: '1000' } });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.resetSandbox());

  const contactCalls = async () => (await stack.calls('crm')).byRoute[BATCH_READ] ?? 0;

  it('retries a read answered 503 until it succeeds', async () => {
    await stack.fault('crm', { route: BATCH_READ, mode: 'error', status: 503, count: 2 });
    const result = await stack.graphql(QUERY, { id: customerId });
    expect(result.body.errors).toBeUndefined();
    expect(await contactCalls()).toBe(3);
  });

  it('retries a read that timed out', async () => {
    await stack.fault('crm', { route: BATCH_READ, mode: 'timeout', count: 1 });
    const result = await stack.graphql(QUERY, { id: customerId });
    expect(result.body.errors).toBeUndefined();
    expect(await contactCalls()).toBe(2);
  });

  it('retries a dropped connection', async () => {
    await stack.fault('crm', { route: BATCH_READ, mode: 'down', count: 1 });
    const result = await stack.graphql(QUERY, { id: customerId });
    expect(result.body.errors).toBeUndefined();
    expect(await contactCalls()).toBe(2);
  });

  it.each([400, 401, 404, 422])('never retries a %i', async (status) => {
    await stack.fault('crm', { route: BATCH_READ, mode: 'error', status, count: 1 });
    const result = await stack.graphql(QUERY, { id: customerId });
    expect(result.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_REJECTED');
    expect(await contactCalls()).toBe(1);
  });

  it('gives up after the retry limit and says so', async () => {
    await stack.fault('crm', { route: BATCH_READ, mode: 'error', status: 500 });
    const result = await stack.graphql(QUERY, { id: customerId });
    expect(result.body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true });
    expect(await contactCalls()).toBe(4);
  });

  it('waits what Retry-After says before retrying a 429', async () => {
    await stack.fault('crm', { route: BATCH_READ, mode: 'error', status: 429, retryAfter: 1, count: 1 });
    const started = Date.now();
    const result = await stack.graphql(QUERY, { id: customerId });
    expect(result.body.errors).toBeUndefined();
    expect(await contactCalls()).toBe(2);
    // The backoff alone would have retried after ~10 ms; the system asked for a second.
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('never retries a request that is not safe to repeat', async () => {
    await stack.fault('crm', { route: '*', mode: 'error', status: 503 });
    const config = stack.app.config.systems.crm;
    const breakers = createBreakerRegistry({ crm: config.resilience.breaker } as never, pino({ level: 'silent' }));
    const client = createUpstreamClient({
      system: 'crm',
      baseUrl: stack.sandbox.urls.crm,
      resilience: config.resilience,
      breakers,
      headers: { authorization: `Bearer ${stack.sandbox.credentials.crm.token}` },
      describeError: () => ({ message: 'failed' }),
    });
    const context = { requestId: 'test', log: pino({ level: 'silent' }) };
    const write = client.request(context, {
      method: 'POST',
      path: 'crm/v3/objects/notes',
      route: 'POST /crm/v3/objects/notes',
      json: { properties: {} },
      idempotent: false,
    });
    await expect(write).rejects.toBeInstanceOf(UpstreamError);
    expect((await stack.calls('crm')).requests).toBe(1);
    breakers.shutdown();
  });
});
