import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedData } from '../../src/sandbox/seed.js';
import { startSandbox } from '../../src/sandbox/startSandbox.js';
import type { Sandbox } from '../../src/sandbox/startSandbox.js';
import { api, call, executeKw } from './sandboxClient.js';

describe('shipping sandbox (EasyPost)', () => {
  let sandbox: Sandbox;
  let easypost: ReturnType<typeof api>;
  beforeAll(async () => {
    sandbox = await startSandbox();
    easypost = api(sandbox, 'shipping');
  });
  afterAll(() => sandbox.stop());

  it('requires the API key as the basic-auth username', async () => {
    const url = `${sandbox.urls.shipping}/v2/trackers`;
    const missing = await call(url);
    expect(missing.status).toBe(401);
    expect(missing.body.error).toMatchObject({ code: 'UNAUTHORIZED', errors: [] });
    const wrong = await call(url, { headers: { authorization: `Basic ${Buffer.from('EZTK_other:').toString('base64')}` } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('APIKEY.INACTIVE');
  });

  it('lists trackers newest first, 20 by default, with has_more and before_id paging', async () => {
    const first = await easypost.get('/v2/trackers');
    expect(first.status).toBe(200);
    expect(first.body.trackers).toHaveLength(20);
    expect(first.body.has_more).toBe(true);
    const created = first.body.trackers.map((tracker: { created_at: string }) => tracker.created_at);
    expect([...created].sort().reverse()).toEqual(created);
    const last = first.body.trackers[19];
    const next = await easypost.get(`/v2/trackers?page_size=5&before_id=${last.id}`);
    expect(next.body.trackers).toHaveLength(5);
    expect(next.body.trackers[0].created_at <= last.created_at).toBe(true);
    expect(next.body.trackers.map((tracker: { id: string }) => tracker.id)).not.toContain(last.id);
    expect((await easypost.get('/v2/trackers?page_size=101')).status).toBe(422);
  });

  it('lets a poller walk every tracker updated after a cursor, in updated_at order', async () => {
    const seen = new Set<string>();
    let cursor = '2025-12-01T00:00:00Z';
    for (;;) {
      const page = await easypost.get(`/v2/trackers?page_size=100&updated_after=${encodeURIComponent(cursor)}`);
      for (const tracker of page.body.trackers) {
        expect(tracker.updated_at > cursor).toBe(true);
        seen.add(tracker.id);
        cursor = tracker.updated_at;
      }
      if (!page.body.has_more) break;
    }
    // The sandbox serves seedData(42), so the expected set can be computed from the seed itself.
    const expected = [...seedData(42).shipping.trackers.values()].filter((tracker) => tracker.updated_at > '2025-12-01T00:00:00Z');
    expect(expected.length).toBeGreaterThan(100);
    expect([...seen].sort()).toEqual(expected.map((tracker) => tracker.id).sort());
  });

  it('reads a tracker with its tracking details, and 404s an unknown one', async () => {
    const [tracker] = (await easypost.get('/v2/trackers?page_size=1')).body.trackers;
    const response = await easypost.get(`/v2/trackers/${tracker.id}`);
    expect(response.body).toMatchObject({ id: tracker.id, object: 'Tracker', mode: 'test', fees: [] });
    expect(response.body.id).toMatch(/^trk_/);
    for (const detail of response.body.tracking_details) {
      expect(detail).toMatchObject({ object: 'TrackingDetail', tracking_location: { object: 'TrackingLocation' } });
    }
    const missing = await easypost.get('/v2/trackers/trk_nope');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: { code: 'NOT_FOUND', message: 'The requested resource could not be found.', errors: [] } });
  });

  it('batch-retrieves trackers by tracking code, leaving unknown codes out', async () => {
    const pickings = (await executeKw(sandbox, 'stock.picking', 'search_read', [[]], { fields: ['carrier_tracking_ref'], limit: 3, order: 'id asc' })).body.result;
    const codes = pickings.map((picking: { carrier_tracking_ref: string }) => picking.carrier_tracking_ref);
    const response = await easypost.post('/v2/trackers/batch', { tracking_codes: [...codes, 'EZ9999999999'] });
    expect(response.status).toBe(200);
    expect(response.body.trackers.map((tracker: { tracking_code: string }) => tracker.tracking_code)).toEqual(codes);
    const tooMany = await easypost.post('/v2/trackers/batch', { tracking_codes: Array.from({ length: 101 }, (_, index) => `EZ${index}`) });
    expect(tooMany.status).toBe(422);
  });
});
