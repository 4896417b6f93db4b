import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/startSandbox.js';
import type { Sandbox } from '../../src/sandbox/startSandbox.js';
import { addFault, api, call, executeKw, requestCounts, resetAll, rpc, stats } from './sandboxClient.js';

describe('sandbox request stats', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  beforeEach(() => resetAll(sandbox));
  afterAll(() => sandbox.stop());

  it('counts every request by route key, including rejected, faulted and unknown ones, but not control calls', async () => {
    const crm = api(sandbox, 'crm');
    await crm.get('/crm/v3/objects/contacts/101');
    await crm.get('/crm/v3/objects/contacts/102');
    await call(`${sandbox.urls.crm}/crm/v3/objects/contacts/103`);
    await crm.post('/crm/v3/objects/contacts/batch/read', '{not json');
    await crm.post('/crm/v3/objects/companies/batch/read', { inputs: [{ id: '1' }] });
    await crm.get('/crm/v3/nothing-here');
    await addFault(sandbox, 'crm', { route: 'GET /crm/v3/owners', mode: 'error' });
    await crm.get('/crm/v3/owners');
    await call(`${sandbox.urls.crm}/_control/faults`);

    expect(await requestCounts(sandbox, 'crm')).toEqual({
      requests: 7,
      byRoute: {
        'GET /crm/v3/objects/contacts/{id}': 3,
        'POST /crm/v3/objects/contacts/batch/read': 1,
        'POST /crm/v3/objects/companies/batch/read': 1,
        'GET /crm/v3/nothing-here': 1,
        'GET /crm/v3/owners': 1,
      },
    });
  });

  it('names the JSON-RPC target in ERP route keys', async () => {
    const { db, username, password } = sandbox.credentials.erp;
    await rpc(sandbox, 'common', 'login', [db, username, password]);
    await executeKw(sandbox, 'res.partner', 'read', [[1, 2]]);
    await executeKw(sandbox, 'res.partner', 'read', [[99999]]);
    await executeKw(sandbox, 'sale.order', 'search_read', [[]], { limit: 1 });
    await call(`${sandbox.urls.erp}/jsonrpc`, { method: 'POST', body: '{oops' });
    expect(await requestCounts(sandbox, 'erp')).toEqual({
      requests: 5,
      byRoute: {
        'POST /jsonrpc common.login': 1,
        'POST /jsonrpc object.execute_kw res.partner read': 2,
        'POST /jsonrpc object.execute_kw sale.order search_read': 1,
        'POST /jsonrpc': 1,
      },
    });
  });

  it('counts requests that time out or are dropped', async () => {
    await addFault(sandbox, 'shipping', { route: 'GET /v2/trackers/{id}', mode: 'down', count: 1 });
    await addFault(sandbox, 'shipping', { route: 'GET /v2/trackers', mode: 'timeout', count: 1 });
    const easypost = api(sandbox, 'shipping');
    await easypost.get('/v2/trackers/trk_1').catch(() => undefined);
    await easypost.get('/v2/trackers', { signal: AbortSignal.timeout(100) }).catch(() => undefined);
    await easypost.get('/v2/trackers?page_size=1');
    expect(await requestCounts(sandbox, 'shipping')).toEqual({ requests: 3, byRoute: { 'GET /v2/trackers/{id}': 1, 'GET /v2/trackers': 2 } });
  });

  it('counts the body bytes each route answered, errors included, control calls not', async () => {
    const crm = api(sandbox, 'crm');
    const contact = await crm.get('/crm/v3/objects/contacts/101');
    const batch = await crm.post('/crm/v3/objects/companies/batch/read', { inputs: [{ id: '1' }, { id: '2' }] });
    const missing = await crm.get('/crm/v3/nothing-here');
    await call(`${sandbox.urls.crm}/_control/faults`);
    const size = (answer: { text: string }) => Buffer.byteLength(answer.text);
    expect(size(contact)).toBeGreaterThan(0);
    expect((await stats(sandbox, 'crm')).bytes).toEqual({
      total: size(contact) + size(batch) + size(missing),
      byRoute: {
        'GET /crm/v3/objects/contacts/{id}': size(contact),
        'POST /crm/v3/objects/companies/batch/read': size(batch),
        'GET /crm/v3/nothing-here': size(missing),
      },
    });
  });

  it('resets stats without touching data, and re-seeds data on request', async () => {
    const stripe = api(sandbox, 'payments');
    await stripe.get('/v1/customers?limit=1');
    expect((await stats(sandbox, 'payments')).requests).toBe(1);
    await call(`${sandbox.urls.payments}/_control/reset`, { method: 'POST' });
    expect(await stats(sandbox, 'payments')).toEqual({ requests: 0, byRoute: {}, bytes: { total: 0, byRoute: {} }, rateLimited: { total: 0, byRoute: {} } });

    const before = (await executeKw(sandbox, 'sale.order', 'read', [[1]], { fields: ['name', 'amount_total'] })).body.result;
    const reset = await call(`${sandbox.urls.erp}/_control/reset?data=true`, { method: 'POST' });
    expect(reset.body).toEqual({ reset: true, data: true });
    expect((await executeKw(sandbox, 'sale.order', 'read', [[1]], { fields: ['name', 'amount_total'] })).body.result).toEqual(before);
  });
});
