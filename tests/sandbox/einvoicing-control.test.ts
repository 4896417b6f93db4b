import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/startSandbox.js';
import type { Sandbox } from '../../src/sandbox/startSandbox.js';
import { addFault, api, call, control, requestCounts, stats } from './sandboxClient.js';
import { ublDocument, uploadUbl } from './ublDocument.js';

describe('e-invoicing access point: faults, stats, rate limit and reset', () => {
  let sandbox: Sandbox;
  let einvoice: ReturnType<typeof api>;
  beforeAll(async () => {
    sandbox = await startSandbox({ deliveryDelayMs: 0 });
    einvoice = api(sandbox, 'einvoicing');
  });
  beforeEach(async () => {
    await call(`${sandbox.urls.einvoicing}/_control/reset`, { method: 'POST' });
    await control(sandbox, 'einvoicing', 'rate-limit', undefined, 'DELETE');
  });
  afterAll(() => sandbox.stop());

  it('counts requests by route key, with the document id as a parameter, and not control calls', async () => {
    const id = (await uploadUbl(sandbox, ublDocument())).body.id;
    await einvoice.get(`/api/documents/${id}`);
    await einvoice.get('/api/documents/doc_missing');
    await einvoice.post(`/api/documents/${id}/validate`, '');
    await einvoice.post(`/api/documents/${id}/send`, '');
    await einvoice.get('/api/lookup/participants?query=koch');
    await control(sandbox, 'einvoicing', 'advance-documents', {});
    expect(await requestCounts(sandbox, 'einvoicing')).toEqual({
      requests: 6,
      byRoute: {
        'POST /api/documents/ubl': 1,
        'GET /api/documents/{document_id}': 2,
        'POST /api/documents/{document_id}/validate': 1,
        'POST /api/documents/{document_id}/send': 1,
        'GET /api/lookup/participants': 1,
      },
    });
    expect((await stats(sandbox, 'einvoicing')).bytes.total).toBeGreaterThan(0);
  });

  it('answers injected errors with FastAPI’s detail and Retry-After, and drops or holds requests', async () => {
    await addFault(sandbox, 'einvoicing', { route: 'POST /api/documents/{document_id}/send', mode: 'error', status: 503, retryAfter: 5, count: 1 });
    const failed = await einvoice.post('/api/documents/doc_x/send', '');
    expect(failed.status).toBe(503);
    expect(failed.body).toEqual({ detail: 'Service Unavailable' });
    expect(failed.headers.get('retry-after')).toBe('5');
    expect((await einvoice.post('/api/documents/doc_x/send', '')).status).toBe(404);

    await addFault(sandbox, 'einvoicing', { route: 'GET /api/lookup/*', mode: 'down', count: 1 });
    const dropped = await einvoice.get('/api/lookup/participants?query=x').then(() => undefined, (error: Error & { cause?: { code?: string } }) => error);
    expect(dropped?.cause?.code).toMatch(/ECONNRESET|UND_ERR_SOCKET/);

    await addFault(sandbox, 'einvoicing', { route: 'GET /api/documents/{document_id}', mode: 'timeout', count: 1 });
    const held = await einvoice.get('/api/documents/doc_x', { signal: AbortSignal.timeout(100) }).then(() => undefined, (error: Error) => error);
    expect(held?.name).toBe('TimeoutError');
  });

  it('answers an upload with the injected fault, and the next one as usual', async () => {
    await addFault(sandbox, 'einvoicing', { route: 'POST /api/documents/ubl', mode: 'error', status: 502, count: 1 });
    const xml = ublDocument({ number: 'INV/2026/09001' });
    expect((await uploadUbl(sandbox, xml)).status).toBe(502);
    const created = await uploadUbl(sandbox, xml);
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ state: 'DRAFT' });
  });

  it('answers 429 in FastAPI’s shape once its rate limit is spent', async () => {
    await control(sandbox, 'einvoicing', 'rate-limit', { requests: 1, windowMs: 60_000 });
    expect((await einvoice.get('/api/documents/doc_x')).status).toBe(404);
    const limited = await einvoice.get('/api/documents/doc_x');
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ detail: 'Too Many Requests' });
    expect((await stats(sandbox, 'einvoicing')).rateLimited.total).toBe(1);
  });

  it('forgets documents, events and participants added at run time on a data reset', async () => {
    const id = (await uploadUbl(sandbox, ublDocument())).body.id;
    await control(sandbox, 'einvoicing', 'participants', { peppolId: '0208:0123456749', name: 'Temporary BV', countryCode: 'BE' });
    expect((await call(`${sandbox.urls.einvoicing}/_control/reset?data=true`, { method: 'POST' })).body).toEqual({ reset: true, data: true });
    expect((await einvoice.get(`/api/documents/${id}`)).status).toBe(404);
    expect((await einvoice.get('/api/lookup/participants?query=0208:0123456749')).body.total_count).toBe(0);
    expect((await einvoice.get('/api/lookup/participants?query=0208:0785857079')).body.total_count).toBe(1);
  });
});
