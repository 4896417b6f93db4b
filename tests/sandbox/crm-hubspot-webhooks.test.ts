import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { hubSpotSignature, verifyHubSpotSignature } from '../../src/integrations/webhooks/verifyHubSpotSignature.js';
import { SANDBOX_WEBHOOK_SECRETS, startSandbox } from '../../src/sandbox/startSandbox.js';
import type { Sandbox } from '../../src/sandbox/startSandbox.js';
import { hubSpotSignatureHeaders } from '../../src/sandbox/webhooks/webhookSignatures.js';
import { api } from './sandboxClient.js';
import { startWebhookReceiver, type ReceivedDelivery, type WebhookReceiver } from './webhookReceiver.js';

interface HubSpotEvent {
  eventId: number;
  subscriptionType: string;
  objectId?: number;
  [field: string]: unknown;
}

const CONTACT_TO_COMPANY_PRIMARY = { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 1 };

/** The gateway's own check of a delivery (the sandbox signs with its own implementation). */
function verifiedByGateway(delivery: ReceivedDelivery, secret = SANDBOX_WEBHOOK_SECRETS.crm): boolean {
  try {
    verifyHubSpotSignature(
      { method: delivery.method, url: delivery.url, headers: delivery.headers, body: Buffer.from(delivery.body) },
      [secret],
      { toleranceSeconds: 300, nowMs: Date.now() },
    );
    return true;
  } catch {
    return false;
  }
}

describe('CRM sandbox webhooks (HubSpot Webhooks API v3)', () => {
  let sandbox: Sandbox;
  let receiver: WebhookReceiver;
  let crm: ReturnType<typeof api>;
  /** A query with escapes HubSpot decodes before signing, so both implementations must agree on them. */
  const targetPath = '/webhooks/hubspot?portal=sandbox%3Amain&scope=%2Fcrm';

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    sandbox = await startSandbox({ webhooks: { urls: { crm: `${receiver.url}${targetPath}` }, retryDelaysMs: [20, 40, 80] } });
    crm = api(sandbox, 'crm');
  });
  beforeEach(() => {
    receiver.deliveries.length = 0;
    receiver.answer = () => 204;
  });
  afterAll(async () => {
    await sandbox.stop();
    await receiver.close();
  });

  const events = (): HubSpotEvent[] => receiver.deliveries.flatMap((delivery) => JSON.parse(delivery.body) as HubSpotEvent[]);
  const eventsOf = (type: string, objectId?: number) =>
    events().filter((event) => event.subscriptionType === type && (objectId === undefined || event.objectId === objectId || event.fromObjectId === objectId));
  const waitForEvents = (type: string, count: number, objectId?: number) =>
    vi.waitFor(() => expect(eventsOf(type, objectId)).toHaveLength(count), { timeout: 5000, interval: 10 });

  it('posts one signed batch for a created contact and its company association, seen from both sides', async () => {
    const created = await crm.post('/crm/v3/objects/contacts', {
      properties: { email: 'webhook.one@example.com', firstname: 'Web' },
      associations: [{ to: { id: '12' }, types: [CONTACT_TO_COMPANY_PRIMARY] }],
    });
    const contactId = Number(created.body.id);
    await vi.waitFor(() => expect(receiver.deliveries).toHaveLength(1), { timeout: 5000, interval: 10 });
    const [delivery] = receiver.deliveries as [ReceivedDelivery];
    expect(delivery.method).toBe('POST');
    expect(delivery.url).toBe(`${receiver.url}${targetPath}`);
    expect(delivery.headers['content-type']).toMatch(/^application\/json/);
    expect(delivery.headers['x-hubspot-request-timestamp']).toMatch(/^\d{13}$/);
    expect(verifiedByGateway(delivery)).toBe(true);

    const batch = JSON.parse(delivery.body) as HubSpotEvent[];
    expect(batch.map((event) => event.subscriptionType)).toEqual(['contact.creation', 'contact.associationChange', 'company.associationChange']);
    const [creation, contactSide, companySide] = batch;
    const common = { portalId: expect.any(Number), appId: expect.any(Number), subscriptionId: expect.any(Number), attemptNumber: 0, changeSource: 'API' };
    expect(creation).toEqual({ ...common, eventId: expect.any(Number), occurredAt: expect.any(Number), subscriptionType: 'contact.creation', objectId: contactId, changeFlag: 'CREATED' });
    expect(creation?.occurredAt).toBe(Date.parse(created.body.createdAt));
    expect(contactSide).toMatchObject({ ...common, associationType: 'CONTACT_TO_COMPANY', fromObjectId: contactId, toObjectId: 12, associationRemoved: false, isPrimaryAssociation: true });
    expect(companySide).toMatchObject({ ...common, associationType: 'COMPANY_TO_CONTACT', fromObjectId: 12, toObjectId: contactId, associationRemoved: false, isPrimaryAssociation: true });
    expect(new Set(batch.map((event) => event.eventId)).size).toBe(3);
  });

  it('signs as the gateway verifies: the same base64 HMAC over method, decoded URI, body and timestamp', () => {
    const url = 'https://gateway.example/webhooks/hubspot?a=b%3Ac%2Cd';
    const body = '[{"eventId":1}]';
    const headers = hubSpotSignatureHeaders('client-secret', 'POST', url, body, 1_767_225_600_000);
    expect(headers['x-hubspot-request-timestamp']).toBe('1767225600000');
    expect(headers['x-hubspot-signature-v3']).toBe(hubSpotSignature('client-secret', 'POST', url, Buffer.from(body), '1767225600000'));
  });

  it('sends one propertyChange per changed property on an update, none for unchanged ones', async () => {
    const current = (await crm.get('/crm/v3/objects/contacts/150?properties=firstname,phone')).body.properties;
    await crm.patch('/crm/v3/objects/contacts/150', { properties: { firstname: current.firstname, phone: '+31 6 1234 5678', lifecyclestage: 'lead' } });
    await crm.patch('/crm/v3/objects/contacts/150', { properties: { phone: '' } });
    await crm.patch('/crm/v3/objects/companies/20', { properties: { city: 'Haarlem' } });
    await waitForEvents('contact.propertyChange', 3, 150);
    await waitForEvents('company.propertyChange', 1, 20);
    const changes = eventsOf('contact.propertyChange', 150).map(({ propertyName, propertyValue }) => [propertyName, propertyValue]);
    expect(changes).toEqual([['phone', '+31 6 1234 5678'], ['lifecyclestage', 'lead'], ['phone', '']]);
    expect(eventsOf('company.propertyChange', 20)[0]).toMatchObject({ objectId: 20, propertyName: 'city', propertyValue: 'Haarlem', changeSource: 'API' });
    expect(receiver.deliveries.every((delivery) => verifiedByGateway(delivery))).toBe(true);
  });

  it('sends contact.deletion when a contact is archived, and nothing when it was gone already', async () => {
    await crm.delete('/crm/v3/objects/contacts/151');
    await crm.delete('/crm/v3/objects/contacts/151');
    await crm.patch('/crm/v3/objects/contacts/152', { properties: { firstname: 'After' } });
    await waitForEvents('contact.propertyChange', 1, 152);
    await waitForEvents('contact.deletion', 1, 151);
    expect(eventsOf('contact.deletion', 151)[0]).toMatchObject({ objectId: 151, changeFlag: 'DELETED', changeSource: 'API' });
  });

  it('reports an association made through the v4 PUT once, from both sides; linking again changes nothing', async () => {
    const contact = (await crm.post('/crm/v3/objects/contacts', { properties: { email: 'webhook.two@example.com' } })).body.id as string;
    await crm.put(`/crm/v4/objects/contacts/${contact}/associations/default/companies/30`);
    await crm.put(`/crm/v4/objects/companies/30/associations/default/contacts/${contact}`);
    await crm.patch(`/crm/v3/objects/contacts/${contact}`, { properties: { firstname: 'Linked' } });
    await waitForEvents('contact.propertyChange', 1, Number(contact));
    await waitForEvents('contact.associationChange', 1, Number(contact));
    await waitForEvents('company.associationChange', 1, 30);
    expect(eventsOf('contact.associationChange', Number(contact))).toEqual([
      expect.objectContaining({ associationType: 'CONTACT_TO_COMPANY', fromObjectId: Number(contact), toObjectId: 30, isPrimaryAssociation: true, associationRemoved: false }),
    ]);
    expect(eventsOf('company.associationChange', 30)).toEqual([
      expect.objectContaining({ associationType: 'COMPANY_TO_CONTACT', fromObjectId: 30, toObjectId: Number(contact), isPrimaryAssociation: true }),
    ]);
  });

  it('splits a write of more than 100 events into batches of at most 100; notes send nothing', async () => {
    const properties = Object.fromEntries(Array.from({ length: 150 }, (_, index) => [`switchyard_field_${index}`, `value ${index}`]));
    await crm.patch('/crm/v3/objects/companies/40', { properties });
    await crm.post('/crm/v3/objects/notes', { properties: { hs_timestamp: '2026-01-02T10:00:00Z', hs_note_body: 'quiet' } });
    await crm.post('/crm/v3/objects/companies', { properties: { name: 'Batch Closing BV' } });
    await waitForEvents('company.creation', 1);
    await waitForEvents('company.propertyChange', 150, 40);
    expect(receiver.deliveries.length).toBeGreaterThanOrEqual(2);
    for (const delivery of receiver.deliveries) expect((JSON.parse(delivery.body) as unknown[]).length).toBeLessThanOrEqual(100);
    expect(events().map((event) => event.subscriptionType.split('.')[0])).not.toContain('note');
    const ids = events().map((event) => event.eventId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('retries a batch the endpoint refused, signed afresh', async () => {
    receiver.answer = (delivery) => (delivery === 1 ? 503 : 204);
    await crm.post('/crm/v3/objects/companies', { properties: { name: 'Retry Me BV' } });
    await vi.waitFor(() => expect(receiver.deliveries).toHaveLength(2), { timeout: 5000, interval: 10 });
    const [first, second] = receiver.deliveries as [ReceivedDelivery, ReceivedDelivery];
    expect(second.body).toBe(first.body);
    expect(verifiedByGateway(second)).toBe(true);
    expect(verifiedByGateway(second, 'another-client-secret')).toBe(false);
  });
});
