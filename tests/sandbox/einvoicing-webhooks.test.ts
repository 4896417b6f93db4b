import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { accessPointSignature, pythonJson } from '../../src/connectors/einvoicing/accessPointSignature.js';
import { SANDBOX_WEBHOOK_SECRETS, startSandbox } from '../../src/sandbox/startSandbox.js';
import type { Sandbox } from '../../src/sandbox/startSandbox.js';
import { eInvoiceSignatureHeaders, pythonJsonDumps } from '../../src/sandbox/webhooks/webhookSignatures.js';
import { api, control } from './sandboxClient.js';
import { ublDocument, uploadUbl } from './ublDocument.js';
import { startWebhookReceiver, type ReceivedDelivery, type WebhookReceiver } from './webhookReceiver.js';

// The sandbox signs with its own serialiser and the gateway verifies with another: both are held to the same vectors.
describe('e-invoice.be webhook signatures', () => {
  it('reproduces the example e-invoice.be publishes: its sorted serialisation and HMAC', () => {
    const payload = { document: { id: 'doc-1', name: 'test.xml', type: 'application/xml', size: 100, url: 'https://example.com/test.xml' } };
    expect(pythonJsonDumps(payload)).toBe('{"document": {"id": "doc-1", "name": "test.xml", "size": 100, "type": "application/xml", "url": "https://example.com/test.xml"}}');
    expect(eInvoiceSignatureHeaders('secret', payload)).toEqual({ 'x-signature': 'sha256=6722b498bf28ce7ca5a6f21c0fca9166e24dea480978b276725ff46e503dd70f' });
    expect(accessPointSignature('secret', payload)).toBe('sha256=6722b498bf28ce7ca5a6f21c0fca9166e24dea480978b276725ff46e503dd70f');
  });

  it('writes what Python’s json.dumps(sort_keys=True) writes: keys sorted at every level, its separators and escapes', () => {
    const payload = {
      type: 'document.sent', b: [3, { z: null, a: true }, []], a: { y: 'Café ⚡️ 𝄞', x: 'line\nbreak "quoted" back\\slash\ttab\u0001\u007f' }, empty: {},
    };
    expect(pythonJsonDumps(payload)).toBe(
      '{"a": {"x": "line\\nbreak \\"quoted\\" back\\\\slash\\ttab\\u0001\\u007f", "y": "Caf\\u00e9 \\u26a1\\ufe0f \\ud834\\udd1e"}, '
      + '"b": [3, {"a": true, "z": null}, []], "empty": {}, "type": "document.sent"}',
    );
    expect(pythonJson(payload)).toBe(pythonJsonDumps(payload));
    // By code point, as Python compares: U+FF5E sorts before U+1D11E although its UTF-16 units sort after.
    expect(pythonJsonDumps({ '\u{1D11E}': 1, '\uFF5E': 2 })).toBe('{"\\uff5e": 2, "\\ud834\\udd1e": 1}');
    expect(pythonJson({ '\u{1D11E}': 1, '\uFF5E': 2 })).toBe('{"\\uff5e": 2, "\\ud834\\udd1e": 1}');
  });
});

describe('e-invoicing access point: status webhooks', () => {
  let sandbox: Sandbox;
  let receiver: WebhookReceiver;
  let einvoice: ReturnType<typeof api>;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    sandbox = await startSandbox({ deliveryDelayMs: 0, webhooks: { urls: { einvoicing: `${receiver.url}/webhooks/einvoicing` }, retryDelaysMs: [20, 40] } });
    einvoice = api(sandbox, 'einvoicing');
  });
  beforeEach(() => {
    receiver.deliveries.length = 0;
    receiver.answer = () => 200;
  });
  afterAll(async () => {
    await sandbox.stop();
    await receiver.close();
  });

  /** The check a receiver makes, the gateway's own: the signature over the parsed body re-serialised as Python does. */
  const verified = (delivery: ReceivedDelivery, secret = SANDBOX_WEBHOOK_SECRETS.einvoicing): boolean =>
    delivery.headers['x-signature'] === accessPointSignature(secret, JSON.parse(delivery.body));
  const sendAndDeliver = async (xml = ublDocument()) => {
    const id = (await uploadUbl(sandbox, xml)).body.id as string;
    await einvoice.post(`/api/documents/${id}/send`, '');
    await control(sandbox, 'einvoicing', 'advance-documents', {});
    return id;
  };
  const events = () => receiver.deliveries.map((delivery) => JSON.parse(delivery.body) as { id: string; type: string; data: { document_id: string } });

  it('posts document.sent, signed with X-Signature over the sorted serialisation rather than the body bytes', async () => {
    const id = await sendAndDeliver();
    await vi.waitFor(() => expect(receiver.deliveries).toHaveLength(1), { timeout: 5000, interval: 10 });
    const [delivery] = receiver.deliveries as [ReceivedDelivery];
    expect(delivery.url).toBe(`${receiver.url}/webhooks/einvoicing`);
    expect(delivery.headers['content-type']).toMatch(/^application\/json/);
    const event = JSON.parse(delivery.body);
    expect(event).toEqual({ id: expect.stringMatching(/^evt_[A-Za-z0-9]{24}$/), tenant_id: 'ten_sandbox', created_at: expect.any(Number), type: 'document.sent', data: { document_id: id } });
    expect(new Date(event.created_at * 1000).toISOString()).toMatch(/^2026-01-01T/);
    expect(delivery.body).not.toBe(pythonJsonDumps(event));
    expect(verified(delivery)).toBe(true);
    expect(verified(delivery, 'another-secret')).toBe(false);
    expect(createHmac('sha256', SANDBOX_WEBHOOK_SECRETS.einvoicing).update(delivery.body).digest('hex')).not.toBe(String(delivery.headers['x-signature']).slice(7));
  });

  it('posts document.sent.failed with the reason when the receiver’s access point rejects the document', async () => {
    const id = await sendAndDeliver(ublDocument({ buyerName: 'Nora Bakker', buyerEndpoint: { scheme: '0208', id: '0863366910' } }));
    await vi.waitFor(() => expect(receiver.deliveries).toHaveLength(1), { timeout: 5000, interval: 10 });
    expect(JSON.parse(receiver.deliveries[0]?.body ?? '')).toMatchObject({
      type: 'document.sent.failed', data: { document_id: id, reason: 'The access point of 0208:0863366910 rejected the document' },
    });
    expect(verified(receiver.deliveries[0] as ReceivedDelivery)).toBe(true);
  });

  it('retries a delivery the endpoint did not take, signing each attempt', async () => {
    receiver.answer = (delivery) => (delivery === 1 ? 503 : 200);
    await sendAndDeliver();
    await vi.waitFor(() => expect(receiver.deliveries).toHaveLength(2), { timeout: 5000, interval: 10 });
    expect(receiver.deliveries[1]?.body).toBe(receiver.deliveries[0]?.body);
    expect(receiver.deliveries.every((delivery) => verified(delivery))).toBe(true);
  });

  it('replays the last events, in order or reversed, with their ids unchanged', async () => {
    const first = await sendAndDeliver();
    const second = await sendAndDeliver();
    await vi.waitFor(() => expect(receiver.deliveries).toHaveLength(2), { timeout: 5000, interval: 10 });
    const [one, two] = events();
    const replayed = await control(sandbox, 'einvoicing', 'webhooks/replay', { count: 2, reverse: true });
    expect(replayed.status).toBe(200);
    expect(replayed.body).toEqual({ replayed: [{ id: two?.id, type: 'document.sent', document_id: second }, { id: one?.id, type: 'document.sent', document_id: first }] });
    await vi.waitFor(() => expect(receiver.deliveries).toHaveLength(4), { timeout: 5000, interval: 10 });
    expect(events().map((event) => event.id)).toEqual([one?.id, two?.id, two?.id, one?.id]);
    expect(receiver.deliveries.every((delivery) => verified(delivery))).toBe(true);

    await control(sandbox, 'einvoicing', 'webhooks/replay', { count: 1 });
    await vi.waitFor(() => expect(receiver.deliveries).toHaveLength(5), { timeout: 5000, interval: 10 });
    expect(events()[4]?.id).toBe(two?.id);
  });

  it('sets the target over the control API, and refuses a replay with nowhere to send or a bad body', async () => {
    expect((await control(sandbox, 'einvoicing', 'webhooks')).body).toEqual({ url: `${receiver.url}/webhooks/einvoicing`, pending: 0 });
    expect((await control(sandbox, 'einvoicing', 'webhooks/replay', { count: 0 })).status).toBe(400);
    expect((await control(sandbox, 'einvoicing', 'webhooks/replay', { count: 1, extra: 1 })).status).toBe(400);
    expect((await control(sandbox, 'einvoicing', 'webhooks', { url: null })).body).toEqual({ url: null, pending: 0 });
    const nowhere = await control(sandbox, 'einvoicing', 'webhooks/replay', { count: 1 });
    expect(nowhere.status).toBe(409);
    await sendAndDeliver();
    await control(sandbox, 'einvoicing', 'webhooks', { url: `${receiver.url}/from-control` });
    await sendAndDeliver();
    await vi.waitFor(() => expect(receiver.deliveries).toHaveLength(1), { timeout: 5000, interval: 10 });
    expect(receiver.deliveries[0]?.url).toBe(`${receiver.url}/from-control`);
    sandbox.webhooks.setTarget('einvoicing', `${receiver.url}/webhooks/einvoicing`);
  });
});
