import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/startSandbox.js';
import type { Sandbox } from '../../src/sandbox/startSandbox.js';
import { api, executeKw, requestCounts, resetAll } from './sandboxClient.js';

describe('shipping sandbox writes (EasyPost)', () => {
  let sandbox: Sandbox;
  let easypost: ReturnType<typeof api>;
  beforeAll(async () => {
    sandbox = await startSandbox();
    easypost = api(sandbox, 'shipping');
  });
  afterAll(() => sandbox.stop());

  it('creates a tracker: 201, pre_transit with one tracking detail', async () => {
    const response = await easypost.post('/v2/trackers', { tracker: { tracking_code: 'EZ1000099001', carrier: 'usps' } });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      object: 'Tracker', mode: 'test', tracking_code: 'EZ1000099001', carrier: 'USPS', status: 'pre_transit', status_detail: 'label_created',
      signed_by: null, finalized: false, is_return: false, fees: [],
    });
    expect(response.body.id).toMatch(/^trk_[0-9a-f]{32}$/);
    expect(response.body.tracking_details).toHaveLength(1);
    expect(response.body.tracking_details[0]).toMatchObject({ object: 'TrackingDetail', status: 'pre_transit', tracking_location: { object: 'TrackingLocation' } });
    expect(response.body.updated_at).toBe(response.body.created_at);
    expect((await easypost.get(`/v2/trackers/${response.body.id}`)).body).toEqual(response.body);
  });

  it('answers the existing tracker (same id, 200) for a code it already tracks, seeded or created', async () => {
    const created = await easypost.post('/v2/trackers', { tracker: { tracking_code: 'EZ1000099002' } });
    const again = await easypost.post('/v2/trackers', { tracker: { tracking_code: 'EZ1000099002' } });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(created.body);

    const [picking] = (await executeKw(sandbox, 'stock.picking', 'search_read', [[['state', '=', 'done']]], { fields: ['carrier_tracking_ref'], limit: 1 })).body.result;
    const [seeded] = (await easypost.post('/v2/trackers/batch', { tracking_codes: [picking.carrier_tracking_ref] })).body.trackers;
    const dedup = await easypost.post('/v2/trackers', { tracker: { tracking_code: picking.carrier_tracking_ref, carrier: seeded.carrier.toLowerCase() } });
    expect(dedup.status).toBe(200);
    expect(dedup.body.id).toBe(seeded.id);
    expect(dedup.body.status).toBe(seeded.status);
  });

  it('keeps one tracker per code and carrier: another carrier is another tracker', async () => {
    const usps = await easypost.post('/v2/trackers', { tracker: { tracking_code: 'EZ1000099003', carrier: 'USPS' } });
    const ups = await easypost.post('/v2/trackers', { tracker: { tracking_code: 'EZ1000099003', carrier: 'UPS' } });
    expect(ups.status).toBe(201);
    expect(ups.body.id).not.toBe(usps.body.id);
    expect(ups.body.carrier).toBe('UPS');
  });

  it('shows new trackers in the list, the batch and to an updated_after poller', async () => {
    const newest = (await easypost.get('/v2/trackers?page_size=1')).body.trackers[0];
    const created = await easypost.post('/v2/trackers', { tracker: { tracking_code: 'EZ1000099004' } });
    expect((await easypost.get('/v2/trackers?page_size=1')).body.trackers[0].id).toBe(created.body.id);
    expect(created.body.updated_at > newest.updated_at).toBe(true);
    const batch = await easypost.post('/v2/trackers/batch', { tracking_codes: ['EZ1000099004'] });
    expect(batch.body.trackers.map((tracker: { id: string }) => tracker.id)).toEqual([created.body.id]);
    const polled = await easypost.get(`/v2/trackers?page_size=100&updated_after=${encodeURIComponent(newest.updated_at)}`);
    expect(polled.body.trackers.map((tracker: { id: string }) => tracker.id)).toContain(created.body.id);
    const updated = polled.body.trackers.map((tracker: { updated_at: string }) => tracker.updated_at);
    expect(new Set(updated).size).toBe(updated.length);
  });

  it('tracks the code of a delivery the ERP created on confirmation', async () => {
    const orderId = (await executeKw(sandbox, 'sale.order', 'create', [{ partner_id: 3, order_line: [[0, 0, { product_id: 4, product_uom_qty: 1 }]] }])).body.result;
    await executeKw(sandbox, 'sale.order', 'action_confirm', [[orderId]]);
    const [picking] = (await executeKw(sandbox, 'stock.picking', 'search_read', [[['sale_id', '=', orderId]]], { fields: ['carrier_tracking_ref'] })).body.result;
    expect((await easypost.post('/v2/trackers/batch', { tracking_codes: [picking.carrier_tracking_ref] })).body.trackers).toEqual([]);
    const tracker = await easypost.post('/v2/trackers', { tracker: { tracking_code: picking.carrier_tracking_ref } });
    expect(tracker.status).toBe(201);
    expect(tracker.body).toMatchObject({ tracking_code: picking.carrier_tracking_ref, status: 'pre_transit' });
  });

  it('refuses a tracker without a tracking code as EasyPost does', async () => {
    const missing = await easypost.post('/v2/trackers', { tracker: { carrier: 'USPS' } });
    expect(missing.status).toBe(422);
    expect(missing.body.error).toMatchObject({ code: 'PARAMETER.REQUIRED', errors: [{ field: 'tracking_code', message: 'cannot be blank' }] });
    expect((await easypost.post('/v2/trackers', { tracking_code: 'EZ1' })).status).toBe(422);
    expect((await easypost.post('/v2/trackers', '{oops')).status).toBe(400);
  });

  it('counts tracker creation under its route key', async () => {
    await resetAll(sandbox);
    await easypost.post('/v2/trackers', { tracker: { tracking_code: 'EZ1000099005' } });
    expect(await requestCounts(sandbox, 'shipping')).toEqual({ requests: 1, byRoute: { 'POST /v2/trackers': 1 } });
  });
});
