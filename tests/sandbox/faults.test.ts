import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/startSandbox.js';
import type { Sandbox } from '../../src/sandbox/startSandbox.js';
import { addFault, api, call, executeKw, resetAll, stats } from './sandboxClient.js';

describe('sandbox fault injection', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterEach(() => resetAll(sandbox));
  afterAll(() => sandbox.stop());

  it('validates fault bodies with a clear message', async () => {
    const bad = await addFault(sandbox, 'crm', { route: '*', mode: 'explode' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/mode/);
    const slow = await addFault(sandbox, 'crm', { route: '*', mode: 'slow' });
    expect(slow.status).toBe(400);
    expect(slow.body.error).toMatch(/latencyMs is required/);
    const rate = await addFault(sandbox, 'crm', { route: '*', mode: 'error', rate: 2 });
    expect(rate.status).toBe(400);
    const notJson = await call(`${sandbox.urls.crm}/_control/faults`, { method: 'POST', body: 'nope' });
    expect(notJson.status).toBe(400);
  });

  it('answers injected errors in each product’s own format, with Retry-After', async () => {
    await addFault(sandbox, 'crm', { route: 'GET /crm/v3/objects/contacts/{id}', mode: 'error', status: 429, retryAfter: 3 });
    const crm = await api(sandbox, 'crm').get('/crm/v3/objects/contacts/101');
    expect(crm.status).toBe(429);
    expect(crm.headers.get('retry-after')).toBe('3');
    expect(crm.body).toMatchObject({ status: 'error', message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' });

    await addFault(sandbox, 'payments', { route: 'GET /v1/customers/*', mode: 'error', status: 500 });
    const stripe = await api(sandbox, 'payments').get('/v1/customers/cus_anything');
    expect(stripe.status).toBe(500);
    expect(stripe.body.error.type).toBe('api_error');
    expect(stripe.headers.get('retry-after')).toBeNull();

    await addFault(sandbox, 'shipping', { route: '*', mode: 'error' });
    const easypost = await api(sandbox, 'shipping').get('/v2/trackers');
    expect(easypost.status).toBe(503);
    expect(easypost.body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', errors: [] });

    await addFault(sandbox, 'erp', { route: 'POST /jsonrpc object.execute_kw res.partner read', mode: 'error', status: 502 });
    const proxy = await executeKw(sandbox, 'res.partner', 'read', [[1]]);
    expect(proxy.status).toBe(502);
    expect(proxy.headers.get('content-type')).toMatch(/text\/html/);
    expect(proxy.text).toContain('502 Bad Gateway');
    expect((await executeKw(sandbox, 'sale.order', 'read', [[1]])).status).toBe(200);

    await addFault(sandbox, 'erp', { route: 'POST /jsonrpc object.execute_kw sale.order *', mode: 'error', status: 200 });
    const rpcError = await executeKw(sandbox, 'sale.order', 'search_read', [[]], { limit: 1 });
    expect(rpcError.status).toBe(200);
    expect(rpcError.body).toMatchObject({ jsonrpc: '2.0', id: expect.any(Number), error: { code: 200, message: 'Odoo Server Error' } });
  });

  it('drops the connection in down mode', async () => {
    await addFault(sandbox, 'payments', { route: '*', mode: 'down' });
    const error = await api(sandbox, 'payments').get('/v1/customers?limit=1', { signal: AbortSignal.timeout(2000) }).then(
      () => undefined,
      (failure: Error & { cause?: { code?: string } }) => failure,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(error?.cause?.code).toMatch(/ECONNRESET|UND_ERR_SOCKET/);
  });

  it('never answers in timeout mode, and the sandbox still stops promptly', async () => {
    const own = await startSandbox({ seed: 3 });
    await addFault(own, 'shipping', { route: 'GET /v2/trackers', mode: 'timeout' });
    const started = Date.now();
    const error = await api(own, 'shipping').get('/v2/trackers', { signal: AbortSignal.timeout(200) }).then(() => undefined, (failure: Error) => failure);
    expect(error?.name).toBe('TimeoutError');
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);

    const pending = api(own, 'shipping').get('/v2/trackers').then(() => 'answered', () => 'failed');
    await new Promise((resolve) => setTimeout(resolve, 50));
    // A held request must not keep the server from stopping (the test's timeout would catch that).
    await own.stop();
    expect(await pending).toBe('failed');
  });

  it('delays in slow mode, then answers normally', async () => {
    await addFault(sandbox, 'crm', { route: 'GET /crm/v3/owners', mode: 'slow', latencyMs: 150 });
    const started = Date.now();
    const response = await api(sandbox, 'crm').get('/crm/v3/owners');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(response.status).toBe(200);
    expect(response.body.results).toHaveLength(5);
  });

  it('expires a fault after count applications', async () => {
    await addFault(sandbox, 'crm', { route: 'GET /crm/v3/owners', mode: 'error', status: 503, count: 2 });
    const statuses: number[] = [];
    for (let index = 0; index < 4; index++) statuses.push((await api(sandbox, 'crm').get('/crm/v3/owners')).status);
    expect(statuses).toEqual([503, 503, 200, 200]);
    expect((await call(`${sandbox.urls.crm}/_control/faults`)).body.faults).toEqual([]);
  });

  it('faults roughly `rate` of the matching requests, reproducibly', async () => {
    const run = async (): Promise<number[]> => {
      await resetAll(sandbox);
      await addFault(sandbox, 'shipping', { route: 'GET /v2/trackers/{id}', mode: 'error', status: 500, rate: 0.3 });
      const statuses: number[] = [];
      for (let index = 0; index < 100; index++) statuses.push((await api(sandbox, 'shipping').get('/v2/trackers/trk_nope')).status);
      return statuses;
    };
    const first = await run();
    const failed = first.filter((status) => status === 500).length;
    expect(failed).toBeGreaterThan(15);
    expect(failed).toBeLessThan(45);
    expect(first.filter((status) => status !== 500).every((status) => status === 404)).toBe(true);
    expect(await run()).toEqual(first);
  });

  it('lets the newest matching rule win and removes rules with mode ok', async () => {
    await addFault(sandbox, 'payments', { route: '*', mode: 'error', status: 500 });
    await addFault(sandbox, 'payments', { route: 'GET /v1/customers/{id}', mode: 'error', status: 429 });
    const stripe = api(sandbox, 'payments');
    expect((await stripe.get('/v1/customers/cus_x')).status).toBe(429);
    expect((await stripe.get('/v1/refunds')).status).toBe(500);
    const afterOk = await addFault(sandbox, 'payments', { route: 'GET /v1/customers/{id}', mode: 'ok' });
    expect(afterOk.body.faults.map((fault: { route: string }) => fault.route)).toEqual(['*']);
    expect((await stripe.get('/v1/customers/cus_x')).status).toBe(500);
    await addFault(sandbox, 'payments', { route: '*', mode: 'ok' });
    expect((await stripe.get('/v1/customers/cus_x')).status).toBe(404);
  });

  it('keeps faults per system and clears them on reset', async () => {
    await addFault(sandbox, 'crm', { route: '*', mode: 'error' });
    expect((await api(sandbox, 'payments').get('/v1/customers?limit=1')).status).toBe(200);
    expect((await api(sandbox, 'crm').get('/crm/v3/owners')).status).toBe(503);
    await call(`${sandbox.urls.crm}/_control/reset`, { method: 'POST' });
    expect((await api(sandbox, 'crm').get('/crm/v3/owners')).status).toBe(200);
    expect((await stats(sandbox, 'crm')).requests).toBe(1);
  });
});
