import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/startSandbox.js';
import type { Sandbox } from '../../src/sandbox/startSandbox.js';
import { advanceClock, api, control, resetAll, requestCounts } from './sandboxClient.js';

describe('CRM sandbox updates and archiving (HubSpot)', () => {
  let sandbox: Sandbox;
  let crm: ReturnType<typeof api>;
  beforeAll(async () => {
    sandbox = await startSandbox();
    crm = api(sandbox, 'crm');
  });
  afterAll(() => sandbox.stop());

  it('updates a contact: 200 with the properties it set and HubSpot’s own, dated by the sandbox clock', async () => {
    const before = await crm.get('/crm/v3/objects/contacts/120?properties=firstname,phone,lifecyclestage');
    await advanceClock(sandbox, 60_000);
    const now = Date.parse((await control(sandbox, 'crm', 'clock')).body.now);
    const updated = await crm.patch('/crm/v3/objects/contacts/120', { properties: { phone: '+31 20 555 0101', lifecyclestage: 'customer', switchyard_note: 'vip' } });
    expect(updated.status).toBe(200);
    expect(Object.keys(updated.body.properties).sort()).toEqual(['createdate', 'hs_object_id', 'lastmodifieddate', 'lifecyclestage', 'phone', 'switchyard_note']);
    expect(updated.body).toMatchObject({ id: '120', archived: false, createdAt: before.body.createdAt, properties: { phone: '+31 20 555 0101', lifecyclestage: 'customer', switchyard_note: 'vip' } });
    expect(updated.body.properties.lastmodifieddate).toBe(updated.body.updatedAt);
    expect(Date.parse(updated.body.updatedAt)).toBeGreaterThanOrEqual(now);
    expect(Date.parse(updated.body.updatedAt)).toBeGreaterThan(Date.parse(before.body.updatedAt));

    const read = await crm.get('/crm/v3/objects/contacts/120?properties=firstname,phone,switchyard_note');
    expect(read.body.properties).toMatchObject({ firstname: before.body.properties.firstname, phone: '+31 20 555 0101', switchyard_note: 'vip' });
    expect(read.body.updatedAt).toBe(updated.body.updatedAt);
  });

  it('clears a property given an empty value, and leaves the dates alone when nothing changes', async () => {
    const cleared = await crm.patch('/crm/v3/objects/contacts/121', { properties: { phone: '' } });
    expect(cleared.body.properties.phone).toBeNull();
    expect((await crm.get('/crm/v3/objects/contacts/121?properties=phone')).body.properties.phone).toBeNull();
    await advanceClock(sandbox, 60_000);
    const again = await crm.patch('/crm/v3/objects/contacts/121', { properties: { phone: null } });
    expect(again.status).toBe(200);
    expect(again.body.updatedAt).toBe(cleared.body.updatedAt);
  });

  it('changes a contact’s email, lower-cased, so it is found by the new one only', async () => {
    const updated = await crm.patch('/crm/v3/objects/contacts/122', { properties: { email: 'Ada.Lovelace@Example.org' } });
    expect(updated.body.properties.email).toBe('ada.lovelace@example.org');
    expect((await crm.get('/crm/v3/objects/contacts/ADA.LOVELACE@example.org?idProperty=email')).body.id).toBe('122');
    const search = await crm.post('/crm/v3/objects/contacts/search', { filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ', value: 'ada.lovelace@example.org' }] }] });
    expect(search.body.results.map((contact: { id: string }) => contact.id)).toEqual(['122']);
    // Its own email again is no conflict.
    expect((await crm.patch('/crm/v3/objects/contacts/122', { properties: { email: 'ada.lovelace@example.org' } })).status).toBe(200);
  });

  it('answers 409 when the new email belongs to another contact', async () => {
    const other = (await crm.get('/crm/v3/objects/contacts/123')).body.properties.email as string;
    const conflict = await crm.patch('/crm/v3/objects/contacts/124', { properties: { email: other.toUpperCase() } });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ status: 'error', category: 'CONFLICT', message: 'Contact already exists. Existing ID: 123' });
  });

  it('validates an update like a creation', async () => {
    const invalid = await crm.patch('/crm/v3/objects/contacts/125', { properties: { email: 'not-an-email' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.message).toContain('INVALID_EMAIL');
    expect((await crm.patch('/crm/v3/objects/contacts/125', { properties: { lastmodifieddate: '1' } })).body.message).toContain('READ_ONLY_VALUE');
    expect((await crm.patch('/crm/v3/objects/companies/5', { properties: { 'Company Name': 'x' } })).body.message).toContain('PROPERTY_DOESNT_EXIST');
    expect((await crm.patch('/crm/v3/objects/contacts/125', { firstname: 'no envelope' })).body.category).toBe('VALIDATION_ERROR');
    expect((await crm.patch('/crm/v3/objects/contacts/125', '{oops')).status).toBe(400);
  });

  it('answers HubSpot’s 404 for an unknown id', async () => {
    for (const path of ['/crm/v3/objects/contacts/999999', '/crm/v3/objects/companies/999999']) {
      const missing = await crm.patch(path, { properties: { name: 'x' } });
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({ status: 'error', category: 'OBJECT_NOT_FOUND' });
    }
  });

  it('updates a company', async () => {
    const updated = await crm.patch('/crm/v3/objects/companies/7', { properties: { industry: 'RETAIL', city: 'Leiden' } });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id: '7', properties: { industry: 'RETAIL', city: 'Leiden', hs_object_id: '7' } });
    expect((await crm.get('/crm/v3/objects/companies/7?properties=city')).body.properties.city).toBe('Leiden');
  });

  it('archives a contact: 204, and every read treats it as missing from then on', async () => {
    const [company] = (await crm.get('/crm/v4/objects/contacts/130/associations/companies')).body.results;
    expect((await crm.delete('/crm/v3/objects/contacts/130')).status).toBe(204);
    expect((await crm.get('/crm/v3/objects/contacts/130')).status).toBe(404);
    const batch = await crm.post('/crm/v3/objects/contacts/batch/read', { inputs: [{ id: '130' }, { id: '131' }] });
    expect(batch.status).toBe(207);
    expect(batch.body.results.map((contact: { id: string }) => contact.id)).toEqual(['131']);
    expect(batch.body.errors[0].context.ids).toEqual(['130']);
    const page = await crm.get('/crm/v3/objects/contacts?limit=3&after=129');
    expect(page.body.results.map((contact: { id: string }) => contact.id)).toEqual(['129', '131', '132']);
    const contacts = await crm.get(`/crm/v4/objects/companies/${company.toObjectId}/associations/contacts`);
    expect(contacts.body.results.map((target: { toObjectId: number }) => target.toObjectId)).not.toContain(130);
    expect((await crm.patch('/crm/v3/objects/contacts/130', { properties: { firstname: 'x' } })).status).toBe(404);
  });

  it('frees an archived contact’s email for a new contact, and answers 204 for an id already gone', async () => {
    const email = (await crm.get('/crm/v3/objects/contacts/132')).body.properties.email as string;
    await crm.delete('/crm/v3/objects/contacts/132');
    expect((await crm.delete('/crm/v3/objects/contacts/132')).status).toBe(204);
    expect((await crm.delete('/crm/v3/objects/contacts/999999')).status).toBe(204);
    const created = await crm.post('/crm/v3/objects/contacts', { properties: { email } });
    expect(created.status).toBe(201);
    expect(created.body.id).not.toBe('132');
  });

  it('counts updates and archives under their route keys', async () => {
    await resetAll(sandbox);
    await crm.patch('/crm/v3/objects/contacts/140', { properties: { firstname: 'Counted' } });
    await crm.patch('/crm/v3/objects/companies/8', { properties: { city: 'Delft' } });
    await crm.delete('/crm/v3/objects/contacts/141');
    expect(await requestCounts(sandbox, 'crm')).toEqual({
      requests: 3,
      byRoute: { 'PATCH /crm/v3/objects/contacts/{id}': 1, 'PATCH /crm/v3/objects/companies/{id}': 1, 'DELETE /crm/v3/objects/contacts/{id}': 1 },
    });
  });
});
