import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/startSandbox.js';
import type { Sandbox } from '../../src/sandbox/startSandbox.js';
import { addFault, api, resetAll, stats } from './sandboxClient.js';

const NOTE_TO_CONTACT = { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 202 };

describe('CRM sandbox writes (HubSpot)', () => {
  let sandbox: Sandbox;
  let crm: ReturnType<typeof api>;
  let contactId: string;
  beforeAll(async () => {
    sandbox = await startSandbox();
    crm = api(sandbox, 'crm');
    const created = await crm.post('/crm/v3/objects/contacts', { properties: { email: 'Grace.Hopper@Example.com', firstname: 'Grace', lastname: 'Hopper', phone: '', lifecyclestage: 'customer' } });
    contactId = created.body.id;
  });
  afterAll(() => sandbox.stop());

  const note = (key: string, body = 'Order confirmed') => ({
    properties: { hs_timestamp: '2026-01-02T10:00:00Z', hs_note_body: body, switchyard_idempotency_key: key },
    associations: [{ to: { id: contactId }, types: [NOTE_TO_CONTACT] }],
  });

  it('creates a contact: 201 with its properties, the email lower-cased and HubSpot’s own properties added', async () => {
    expect(contactId).toBe('601');
    const read = await crm.get(`/crm/v3/objects/contacts/${contactId}?properties=email,firstname,phone,lifecyclestage`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: '601', archived: false, properties: { email: 'grace.hopper@example.com', firstname: 'Grace', phone: null, lifecyclestage: 'customer', hs_object_id: '601' } });
    expect(read.body.properties.createdate).toBe(read.body.createdAt);
    const created = await crm.post('/crm/v3/objects/contacts', { properties: { email: 'alan@example.com', firstname: 'Alan' } });
    expect(created.status).toBe(201);
    expect(Object.keys(created.body.properties).sort()).toEqual(['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate']);
    const byEmail = await crm.get('/crm/v3/objects/contacts/ALAN@example.com?idProperty=email');
    expect(byEmail.body.id).toBe(created.body.id);
  });

  it('answers 409 CONFLICT naming the existing contact for a duplicate email, whatever its case', async () => {
    const seeded = (await crm.get('/crm/v3/objects/contacts/250')).body.properties.email as string;
    for (const [email, existing] of [[seeded.toUpperCase(), '250'], ['grace.hopper@example.com', contactId]]) {
      const duplicate = await crm.post('/crm/v3/objects/contacts', { properties: { email } });
      expect(duplicate.status).toBe(409);
      expect(duplicate.body).toMatchObject({ status: 'error', message: `Contact already exists. Existing ID: ${existing}`, category: 'CONFLICT' });
      expect(duplicate.body.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('validates property values as HubSpot does', async () => {
    const invalid = await crm.post('/crm/v3/objects/contacts', { properties: { email: 'not-an-email' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
    expect(invalid.body.message).toMatch(/^Property values were not valid: /);
    expect(JSON.parse(invalid.body.message.slice('Property values were not valid: '.length))).toEqual([
      { isValid: false, message: 'Email address not-an-email is invalid', error: 'INVALID_EMAIL', name: 'email', localizedErrorMessage: 'Email address not-an-email is invalid' },
    ]);
    expect((await crm.post('/crm/v3/objects/contacts', { properties: { hs_object_id: '5' } })).body.message).toContain('READ_ONLY_VALUE');
    expect((await crm.post('/crm/v3/objects/contacts', { properties: { 'First Name': 'x' } })).body.message).toContain('PROPERTY_DOESNT_EXIST');
    expect((await crm.post('/crm/v3/objects/contacts', '{oops')).status).toBe(400);
    expect((await crm.post('/crm/v3/objects/notes', { properties: { hs_note_body: 'no time' } })).body.message).toContain('hs_timestamp is required');
  });

  it('creates a note with a custom property, associated with a contact (type 202)', async () => {
    const created = await crm.post('/crm/v3/objects/notes', note('key-1', 'Payment captured'));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      archived: false,
      properties: { hs_note_body: 'Payment captured', switchyard_idempotency_key: 'key-1', hs_timestamp: '2026-01-02T10:00:00.000Z', hs_object_id: created.body.id },
    });
    expect(created.body.properties.hs_createdate).toBe(created.body.createdAt);
    const read = await crm.get(`/crm/v3/objects/notes/${created.body.id}?properties=hs_note_body,switchyard_idempotency_key&associations=contacts`);
    expect(read.body.properties).toMatchObject({ hs_note_body: 'Payment captured', switchyard_idempotency_key: 'key-1' });
    expect(read.body.associations).toEqual({ contacts: { results: [{ id: contactId, type: 'note_to_contact' }] } });
    const fromContact = await crm.get(`/crm/v3/objects/contacts/${contactId}?associations=notes`);
    expect(fromContact.body.associations.notes.results).toEqual([{ id: created.body.id, type: 'contact_to_note' }]);
  });

  it('refuses a note associated with a contact that does not exist, or by an unknown type', async () => {
    const missing = await crm.post('/crm/v3/objects/notes', { ...note('key-x'), associations: [{ to: { id: '999999' }, types: [NOTE_TO_CONTACT] }] });
    expect(missing.status).toBe(400);
    expect(missing.body.category).toBe('VALIDATION_ERROR');
    const badType = await crm.post('/crm/v3/objects/notes', { ...note('key-x'), associations: [{ to: { id: contactId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 1 }] }] });
    expect(badType.status).toBe(400);
    const search = await crm.post('/crm/v3/objects/notes/search', { filterGroups: [{ filters: [{ propertyName: 'switchyard_idempotency_key', operator: 'EQ', value: 'key-x' }] }] });
    expect(search.body.total).toBe(0);
  });

  it('finds a note by a custom property with search, at once', async () => {
    await crm.post('/crm/v3/objects/notes', note('key-2'));
    const search = await crm.post('/crm/v3/objects/notes/search', {
      filterGroups: [{ filters: [{ propertyName: 'switchyard_idempotency_key', operator: 'EQ', value: 'key-2' }] }],
      properties: ['switchyard_idempotency_key', 'hs_note_body'],
      limit: 1,
    });
    expect(search.status).toBe(200);
    expect(search.body.total).toBe(1);
    expect(search.body.results[0].properties).toMatchObject({ switchyard_idempotency_key: 'key-2', hs_note_body: 'Order confirmed' });
    expect(search.body.paging).toBeUndefined();
    const byContact = await crm.post('/crm/v3/objects/notes/search', { filterGroups: [{ filters: [{ propertyName: 'associations.contact', operator: 'EQ', value: contactId }] }] });
    expect(byContact.body.total).toBeGreaterThanOrEqual(2);
  });

  it('lists notes with paging, and 404s an unknown one', async () => {
    for (const key of ['key-3', 'key-4']) await crm.post('/crm/v3/objects/notes', note(key));
    const first = await crm.get('/crm/v3/objects/notes?limit=2&properties=switchyard_idempotency_key');
    expect(first.body.results).toHaveLength(2);
    expect(first.body.results[0].properties.switchyard_idempotency_key).toBe('key-1');
    const rest = await crm.get(`/crm/v3/objects/notes?limit=100&after=${first.body.paging.next.after}`);
    expect(rest.body.results.length).toBeGreaterThanOrEqual(2);
    expect(rest.body.paging).toBeUndefined();
    expect((await crm.get('/crm/v3/objects/notes/123')).status).toBe(404);
  });

  it('searches contacts with OR groups, IN, sorting and offset paging', async () => {
    const byEmail = await crm.post('/crm/v3/objects/contacts/search', { filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ', value: 'GRACE.HOPPER@example.com' }] }] });
    expect(byEmail.body.total).toBe(1);
    expect(byEmail.body.results[0]).toMatchObject({ id: contactId, properties: { email: 'grace.hopper@example.com', firstname: 'Grace', lastname: 'Hopper' } });
    const either = await crm.post('/crm/v3/objects/contacts/search', {
      filterGroups: [
        { filters: [{ propertyName: 'hs_object_id', operator: 'IN', values: ['101', '102'] }] },
        { filters: [{ propertyName: 'email', operator: 'EQ', value: 'alan@example.com' }] },
      ],
      sorts: [{ propertyName: 'hs_object_id', direction: 'DESCENDING' }],
      limit: 2,
    });
    expect(either.body.total).toBe(3);
    expect(either.body.results.map((contact: { id: string }) => contact.id)).toEqual(['602', '102']);
    expect(either.body.paging).toEqual({ next: { after: '2' } });
    const tooMany = await crm.post('/crm/v3/objects/contacts/search', { filterGroups: Array.from({ length: 6 }, () => ({ filters: [] })) });
    expect(tooMany.status).toBe(400);
    const badOperator = await crm.post('/crm/v3/objects/contacts/search', { filterGroups: [{ filters: [{ propertyName: 'email', operator: 'LIKE', value: 'x' }] }] });
    expect(badOperator.body.category).toBe('VALIDATION_ERROR');
  });

  it('creates the default contact→company association with PUT (v4), the first one becoming primary', async () => {
    const response = await crm.put(`/crm/v4/objects/contacts/${contactId}/associations/default/companies/7`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      status: 'COMPLETE',
      results: [
        { from: { id: contactId }, to: { id: '7' }, associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 279 } },
        { from: { id: '7' }, to: { id: contactId }, associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 280 } },
      ],
    });
    expect((await crm.put(`/crm/v4/objects/contacts/${contactId}/associations/default/companies/8`)).status).toBe(200);
    const links = await crm.get(`/crm/v4/objects/contacts/${contactId}/associations/companies`);
    expect(links.body.results).toEqual([
      { toObjectId: 7, associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 1, label: 'Primary' }] },
      { toObjectId: 8, associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 279, label: null }] },
    ]);
    const back = await crm.get('/crm/v4/objects/companies/8/associations/contacts');
    expect(back.body.results.map((target: { toObjectId: number }) => target.toObjectId)).toContain(Number(contactId));
    expect((await crm.put(`/crm/v4/objects/contacts/${contactId}/associations/default/companies/999`)).status).toBe(404);
  });

  it('counts and faults write routes by their route keys', async () => {
    await resetAll(sandbox);
    await addFault(sandbox, 'crm', { route: 'POST /crm/v3/objects/notes', mode: 'error', status: 503, count: 1 });
    const faulted = await crm.post('/crm/v3/objects/notes', note('key-faulted'));
    expect(faulted.status).toBe(503);
    const search = await crm.post('/crm/v3/objects/notes/search', { filterGroups: [{ filters: [{ propertyName: 'switchyard_idempotency_key', operator: 'EQ', value: 'key-faulted' }] }] });
    expect(search.body.total).toBe(0);
    await crm.put(`/crm/v4/objects/contacts/${contactId}/associations/default/companies/9`);
    expect((await stats(sandbox, 'crm')).byRoute).toEqual({
      'POST /crm/v3/objects/notes': 1,
      'POST /crm/v3/objects/notes/search': 1,
      'PUT /crm/v4/objects/contacts/{id}/associations/default/companies/{companyId}': 1,
    });
  });
});
