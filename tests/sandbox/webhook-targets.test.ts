import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSandbox } from '../../src/sandbox/startSandbox.js';
import type { Sandbox } from '../../src/sandbox/startSandbox.js';
import { api, control } from './sandboxClient.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhookReceiver.js';

describe('webhook targets over the control API', () => {
  let sandbox: Sandbox;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox.stop();
    await receiver.close();
  });

  it('starts with no target on the three systems that push events', async () => {
    for (const system of ['crm', 'payments', 'shipping'] as const) {
      expect((await control(sandbox, system, 'webhooks')).body).toEqual({ url: null, pending: 0 });
    }
    expect((await control(sandbox, 'erp', 'webhooks')).status).toBe(404);
  });

  it('sends a system’s events to the target set over its control API, and stops on { url: null }', async () => {
    const target = `${receiver.url}/from-control`;
    expect((await control(sandbox, 'crm', 'webhooks', { url: target })).body).toEqual({ url: target, pending: 0 });
    expect((await control(sandbox, 'crm', 'webhooks')).body.url).toBe(target);
    await api(sandbox, 'crm').post('/crm/v3/objects/companies', { properties: { name: 'Control Target BV' } });
    await vi.waitFor(() => expect(receiver.deliveries).toHaveLength(1), { timeout: 5000, interval: 10 });
    expect(receiver.deliveries[0]?.url).toBe(target);
    expect(JSON.parse(receiver.deliveries[0]?.body ?? '[]')[0]).toMatchObject({ subscriptionType: 'company.creation' });

    expect((await control(sandbox, 'crm', 'webhooks', { url: null })).body).toEqual({ url: null, pending: 0 });
    const unheard = await api(sandbox, 'crm').post('/crm/v3/objects/companies', { properties: { name: 'Unheard BV' } });
    await control(sandbox, 'crm', 'webhooks', { url: target });
    const heard = await api(sandbox, 'crm').post('/crm/v3/objects/companies', { properties: { name: 'Heard BV' } });
    const objectIds = () => receiver.deliveries.flatMap((delivery) => (JSON.parse(delivery.body) as { objectId: number }[]).map((event) => event.objectId));
    await vi.waitFor(() => expect(objectIds()).toContain(Number(heard.body.id)), { timeout: 5000, interval: 10 });
    expect(objectIds()).not.toContain(Number(unheard.body.id));
  });

  it('sets Stripe’s and the carrier’s targets the same way', async () => {
    await control(sandbox, 'payments', 'webhooks', { url: `${receiver.url}/stripe` });
    await api(sandbox, 'payments').form('/v1/customers', { name: 'Heard' });
    await vi.waitFor(() => expect(receiver.deliveries.map((delivery) => delivery.url)).toContain(`${receiver.url}/stripe`), { timeout: 5000, interval: 10 });
    const stripe = receiver.deliveries.find((delivery) => delivery.url === `${receiver.url}/stripe`);
    expect(stripe?.headers['stripe-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(JSON.parse(stripe?.body ?? '{}')).toMatchObject({ type: 'customer.created', data: { object: { name: 'Heard' } } });
    await control(sandbox, 'payments', 'webhooks', { url: null });

    expect((await control(sandbox, 'shipping', 'webhooks', { url: `${receiver.url}/carrier` })).body).toEqual({ url: `${receiver.url}/carrier`, pending: 0 });
    await control(sandbox, 'shipping', 'webhooks', { url: null });
  });

  it('shares the target with sandbox.webhooks.setTarget, for the CRM too', async () => {
    sandbox.webhooks.setTarget('crm', `${receiver.url}/set-in-process`);
    sandbox.webhooks.setTarget('shipping', `${receiver.url}/carrier`);
    expect((await control(sandbox, 'crm', 'webhooks')).body.url).toBe(`${receiver.url}/set-in-process`);
    expect((await control(sandbox, 'shipping', 'webhooks')).body.url).toBe(`${receiver.url}/carrier`);
    sandbox.webhooks.setTarget('crm', undefined);
    expect((await control(sandbox, 'crm', 'webhooks')).body.url).toBeNull();
  });

  it('refuses a target that is not an http(s) URL', async () => {
    for (const body of [{ url: 'ftp://example.com/hooks' }, { url: 'not a url' }, {}, { url: 'http://example.com', extra: 1 }]) {
      expect((await control(sandbox, 'shipping', 'webhooks', body)).status).toBe(400);
    }
  });
});
