import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSandbox } from '../../src/sandbox/startSandbox.js';
import type { Sandbox } from '../../src/sandbox/startSandbox.js';
import { api, control, requestCounts, resetAll } from './sandboxClient.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhookReceiver.js';

describe('carrier scans on demand (EasyPost)', () => {
  let sandbox: Sandbox;
  let receiver: WebhookReceiver;
  let easypost: ReturnType<typeof api>;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    sandbox = await startSandbox({ webhooks: { urls: { shipping: `${receiver.url}/carrier` } } });
    easypost = api(sandbox, 'shipping');
  });
  afterAll(async () => {
    await sandbox.stop();
    await receiver.close();
  });

  const scan = (code: string) => control(sandbox, 'shipping', `trackers/${code}/scan`, {});
  /** Trackers updated at or after this one, to the second, as a poller would list them. */
  const updatedFrom = async (updatedAt: string) => {
    const before = new Date(Date.parse(updatedAt) - 1000).toISOString();
    return (await easypost.get(`/v2/trackers?page_size=100&updated_after=${encodeURIComponent(before)}`)).body.trackers as { id: string }[];
  };

  it('appends a scan to a seeded tracker, keeps its status and dates it after every other tracker', async () => {
    const trackers = (await easypost.get('/v2/trackers?page_size=20&carrier=UPS')).body.trackers as { tracking_details: unknown[] }[];
    const tracker = trackers.find((candidate) => candidate.tracking_details.length > 0) as any;
    const scanned = await scan(tracker.tracking_code);
    expect(scanned.status).toBe(200);
    expect(scanned.body).toMatchObject({ id: tracker.id, tracking_code: tracker.tracking_code, status: tracker.status, status_detail: tracker.status_detail });
    expect(scanned.body.tracking_details).toHaveLength(tracker.tracking_details.length + 1);
    const detail = scanned.body.tracking_details.at(-1);
    expect(detail).toMatchObject({
      object: 'TrackingDetail', message: 'Arrived at sort facility', status: tracker.status, datetime: scanned.body.updated_at, source: 'UPS',
      tracking_location: tracker.tracking_details.at(-1).tracking_location,
    });
    expect(scanned.body.updated_at > tracker.updated_at).toBe(true);
    expect((await updatedFrom(scanned.body.updated_at)).map(({ id }) => id)).toEqual([tracker.id]);
    expect((await easypost.get(`/v2/trackers/${tracker.id}`)).body).toEqual(scanned.body);
  });

  it('scans a created tracker, and each scan comes after the last', async () => {
    const created = (await easypost.post('/v2/trackers', { tracker: { tracking_code: 'EZ1000098001' } })).body;
    const first = (await scan('EZ1000098001')).body;
    const second = (await scan('EZ1000098001')).body;
    expect(second.status).toBe('pre_transit');
    expect(second.tracking_details.map((detail: { message: string }) => detail.message)).toEqual(['Shipping Label Created', 'Arrived at sort facility', 'Arrived at sort facility']);
    expect(second.tracking_details.at(-1).tracking_location).toEqual(created.tracking_details[0].tracking_location);
    expect(first.updated_at > created.updated_at && second.updated_at > first.updated_at).toBe(true);
    expect((await updatedFrom(second.updated_at)).map(({ id }) => id)).toEqual([created.id]);
  });

  it('sends tracker.updated through the carrier’s webhooks, signed by Standard Webhooks', async () => {
    const [tracker] = (await easypost.get('/v2/trackers?page_size=1&carrier=FedEx')).body.trackers;
    receiver.deliveries.length = 0;
    const scanned = (await scan(tracker.tracking_code)).body;
    await vi.waitFor(() => expect(receiver.deliveries).toHaveLength(1), { timeout: 5000, interval: 10 });
    const [delivery] = receiver.deliveries;
    const headers = Object.fromEntries(Object.entries(delivery?.headers ?? {}).map(([name, value]) => [name, String(value)]));
    const event = new Webhook(sandbox.webhooks.secrets.shipping).verify(delivery?.body ?? '', headers) as Record<string, unknown>;
    expect(event).toMatchObject({ object: 'Event', description: 'tracker.updated', previous_attributes: {}, result: scanned });
  });

  it('answers 404 for a code no tracker has, and is not counted as a request to the carrier', async () => {
    await resetAll(sandbox);
    const missing = await scan('EZ9999999999');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toContain('EZ9999999999');
    expect(await requestCounts(sandbox, 'shipping')).toEqual({ requests: 0, byRoute: {} });
  });
});
