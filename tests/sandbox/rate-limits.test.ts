import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, VENDOR_RATE_LIMITS } from '../../src/sandbox/startSandbox.js';
import type { Sandbox } from '../../src/sandbox/startSandbox.js';
import { addFault, advanceClock, api, call, control, executeKw, resetAll, stats } from './sandboxClient.js';

describe('vendor rate limits in the sandbox', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ rateLimits: { crm: { requests: 3, windowMs: 10_000 } } });
  });
  beforeEach(async () => {
    await resetAll(sandbox);
    for (const system of ['payments', 'shipping', 'erp'] as const) await control(sandbox, system, 'rate-limit', undefined, 'DELETE');
  });
  afterAll(() => sandbox.stop());

  const hubspotHeaders = (response: { headers: Headers }) => [
    response.headers.get('x-hubspot-ratelimit-interval-milliseconds'),
    response.headers.get('x-hubspot-ratelimit-max'),
    response.headers.get('x-hubspot-ratelimit-remaining'),
  ];

  it('publishes the vendors’ own limits as presets', () => {
    expect(VENDOR_RATE_LIMITS).toEqual({
      crm: { requests: 100, windowMs: 10_000 },
      payments: { requests: 25, windowMs: 1000 },
      shipping: { requests: 5, windowMs: 1000 },
    });
  });

  it('answers HubSpot’s 429 past the limit set at start, with its rate-limit headers on every answer', async () => {
    const crm = api(sandbox, 'crm');
    const answers = [];
    for (const id of [101, 102, 103, 104]) answers.push(await crm.get(`/crm/v3/objects/contacts/${id}`));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 429]);
    expect(answers.map(hubspotHeaders)).toEqual([
      ['10000', '3', '2'], ['10000', '3', '1'], ['10000', '3', '0'], ['10000', '3', '0'],
    ]);
    expect(answers[3]?.body).toEqual({
      status: 'error', message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT',
      correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/), policyName: 'TEN_SECONDLY_ROLLING', groupName: 'publicapi:private-app:ten_secondly_rolling',
    });
    expect(await stats(sandbox, 'crm')).toMatchObject({
      requests: 4,
      byRoute: { 'GET /crm/v3/objects/contacts/{id}': 4 },
      rateLimited: { total: 1, byRoute: { 'GET /crm/v3/objects/contacts/{id}': 1 } },
    });
    expect((await control(sandbox, 'crm', 'rate-limit')).body).toEqual({ rateLimit: { requests: 3, windowMs: 10_000 } });
  });

  it('slides its window on the sandbox clock, and counts only the requests it let through', async () => {
    const crm = api(sandbox, 'crm');
    for (let index = 0; index < 5; index++) await crm.get('/crm/v3/owners');
    await advanceClock(sandbox, 9_000);
    expect((await crm.get('/crm/v3/owners')).status).toBe(429);
    await advanceClock(sandbox, 1_001);
    const after = await crm.get('/crm/v3/owners');
    expect(after.status).toBe(200);
    expect(hubspotHeaders(after)[2]).toBe('2');
  });

  it('limits in front of faults, auth and Stripe’s idempotency keys', async () => {
    await control(sandbox, 'payments', 'rate-limit', { requests: 1, windowMs: 60_000 });
    const stripe = api(sandbox, 'payments');
    expect((await stripe.get('/v1/customers?limit=1')).status).toBe(200);
    await addFault(sandbox, 'payments', { route: '*', mode: 'error', status: 503, count: 1 });
    const limited = await stripe.form('/v1/customers', { name: 'Limited' }, { headers: { 'idempotency-key': 'rate-limited-1' } });
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({
      error: { code: 'rate_limit', message: 'Request rate limit exceeded. You can learn more about rate limits here https://stripe.com/docs/rate-limits.', type: 'invalid_request_error' },
    });
    expect(limited.headers.get('x-hubspot-ratelimit-max')).toBeNull();
    expect((await call(`${sandbox.urls.payments}/v1/customers`)).status).toBe(429);
    // The fault was not used up and the key was not claimed by the refused requests.
    expect((await control(sandbox, 'payments', 'faults')).body.faults).toHaveLength(1);
    await control(sandbox, 'payments', 'rate-limit', undefined, 'DELETE');
    expect((await stripe.get('/v1/customers?limit=1')).status).toBe(503);
    const created = await stripe.form('/v1/customers', { name: 'Limited' }, { headers: { 'idempotency-key': 'rate-limited-1' } });
    expect(created.status).toBe(200);
    expect(created.headers.get('idempotent-replayed')).toBeNull();
  });

  it('answers EasyPost’s and a proxy’s (for Odoo) 429 under limits set at run time', async () => {
    expect((await control(sandbox, 'shipping', 'rate-limit', { requests: 1, windowMs: 60_000 })).body).toEqual({ rateLimit: { requests: 1, windowMs: 60_000 } });
    const easypost = api(sandbox, 'shipping');
    await easypost.get('/v2/trackers?page_size=1');
    const shipping = await easypost.get('/v2/trackers?page_size=1');
    expect(shipping.status).toBe(429);
    expect(shipping.body).toEqual({ error: { code: 'RATE_LIMITED', message: expect.any(String), errors: [] } });

    await control(sandbox, 'erp', 'rate-limit', { requests: 1, windowMs: 60_000 });
    expect((await executeKw(sandbox, 'res.partner', 'read', [[1]])).status).toBe(200);
    const erp = await executeKw(sandbox, 'res.partner', 'read', [[1]]);
    expect(erp.status).toBe(429);
    expect(erp.text).toContain('429 Too Many Requests');
    expect((await stats(sandbox, 'erp')).rateLimited).toEqual({ total: 1, byRoute: { 'POST /jsonrpc object.execute_kw res.partner read': 1 } });
  });

  it('never limits the control API; reset empties the window and the counts but keeps the limit', async () => {
    const crm = api(sandbox, 'crm');
    for (let index = 0; index < 4; index++) await crm.get('/crm/v3/owners');
    for (let index = 0; index < 5; index++) expect((await control(sandbox, 'crm', 'stats')).status).toBe(200);
    expect((await stats(sandbox, 'crm')).rateLimited.total).toBe(1);
    await control(sandbox, 'crm', 'reset', {});
    expect((await stats(sandbox, 'crm')).rateLimited).toEqual({ total: 0, byRoute: {} });
    expect((await crm.get('/crm/v3/owners')).status).toBe(200);
    expect((await control(sandbox, 'crm', 'rate-limit')).body.rateLimit).toEqual({ requests: 3, windowMs: 10_000 });
  });

  it('turns a limit off with DELETE and refuses a malformed one', async () => {
    expect((await control(sandbox, 'shipping', 'rate-limit', { requests: 0, windowMs: 1000 })).status).toBe(400);
    expect((await control(sandbox, 'shipping', 'rate-limit', { requests: 5 })).status).toBe(400);
    expect((await control(sandbox, 'shipping', 'rate-limit', { requests: 5, windowMs: 1000, burst: 2 })).status).toBe(400);
    await control(sandbox, 'shipping', 'rate-limit', { requests: 1, windowMs: 60_000 });
    expect((await control(sandbox, 'shipping', 'rate-limit', undefined, 'DELETE')).body).toEqual({ rateLimit: null });
    const easypost = api(sandbox, 'shipping');
    for (let index = 0; index < 3; index++) expect((await easypost.get('/v2/trackers?page_size=1')).status).toBe(200);
  });

  it('refuses rate limits that make no sense at start', async () => {
    await expect(startSandbox({ rateLimits: { crm: { requests: -1, windowMs: 1000 } } })).rejects.toThrow();
  });
});
