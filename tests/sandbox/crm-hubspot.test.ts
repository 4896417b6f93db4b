import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/startSandbox.js';
import type { Sandbox } from '../../src/sandbox/startSandbox.js';
import { api, call } from './sandboxClient.js';

describe('CRM sandbox (HubSpot)', () => {
  let sandbox: Sandbox;
  let crm: ReturnType<typeof api>;
  beforeAll(async () => {
    sandbox = await startSandbox();
    crm = api(sandbox, 'crm');
  });
  afterAll(() => sandbox.stop());

  it('rejects missing or wrong bearer tokens with HubSpot’s 401', async () => {
    for (const headers of [{}, { authorization: 'Bearer nope' }] as Record<string, string>[]) {
      const response = await call(`${sandbox.urls.crm}/crm/v3/objects/contacts/101`, { headers });
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ status: 'error', category: 'INVALID_AUTHENTICATION' });
      expect(response.body.message).toMatch(/^Authentication credentials not found/);
      expect(response.body.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('reads a contact with requested properties, nulls for empty ones and unknown ones left out', async () => {
    const response = await crm.get('/crm/v3/objects/contacts/101?properties=email,phone,lifecyclestage,nope');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: '101', archived: false });
    expect(Object.keys(response.body.properties).sort()).toEqual(
      ['createdate', 'email', 'hs_object_id', 'lastmodifieddate', 'lifecyclestage', 'phone'],
    );
    expect(response.body.properties.hs_object_id).toBe('101');
    expect(response.body.createdAt).toBe(response.body.properties.createdate);
  });

  it('returns the default properties when none are asked for', async () => {
    const { body } = await crm.get('/crm/v3/objects/companies/7');
    expect(Object.keys(body.properties).sort()).toEqual(['createdate', 'domain', 'hs_object_id', 'lastmodifieddate', 'name']);
  });

  it('reads a contact by email with idProperty=email, and 404s an unknown one', async () => {
    const byId = await crm.get('/crm/v3/objects/contacts/250');
    const email = byId.body.properties.email as string;
    const byEmail = await crm.get(`/crm/v3/objects/contacts/${encodeURIComponent(email)}?idProperty=email`);
    expect(byEmail.body.id).toBe('250');
    expect(byEmail.body.properties.email).toBe(email);
    const missing = await crm.get('/crm/v3/objects/contacts/nobody@example.com?idProperty=email');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ status: 'error', category: 'OBJECT_NOT_FOUND', message: 'Object not found.  objectId are usually numeric.' });
  });

  it('pages contact lists with an after cursor and a link, and no paging on the last page', async () => {
    const first = await crm.get('/crm/v3/objects/contacts?limit=100');
    expect(first.body.results).toHaveLength(100);
    expect(first.body.paging.next.after).toBe('201');
    expect(first.body.paging.next.link).toContain(`${sandbox.urls.crm}/crm/v3/objects/contacts?`);
    const ids: string[] = first.body.results.map((contact: { id: string }) => contact.id);
    let after: string | undefined = first.body.paging.next.after;
    while (after) {
      const page = await crm.get(`/crm/v3/objects/contacts?limit=100&after=${after}`);
      ids.push(...page.body.results.map((contact: { id: string }) => contact.id));
      after = page.body.paging?.next.after;
    }
    expect(new Set(ids).size).toBe(500);
    expect((await crm.get('/crm/v3/objects/contacts?limit=101')).status).toBe(400);
  });

  it('batch-reads by id, answering 207 with the found results and an error for the missing ids', async () => {
    const complete = await crm.post('/crm/v3/objects/contacts/batch/read', { properties: ['email'], inputs: [{ id: '101' }, { id: '102' }] });
    expect(complete.status).toBe(200);
    expect(complete.body.status).toBe('COMPLETE');
    expect(complete.body.results.map((result: { id: string }) => result.id)).toEqual(['101', '102']);

    const partial = await crm.post('/crm/v3/objects/contacts/batch/read', { properties: ['email'], inputs: [{ id: '101' }, { id: '9999' }, { id: '9998' }] });
    expect(partial.status).toBe(207);
    expect(partial.body.results).toHaveLength(1);
    expect(partial.body.numErrors).toBe(1);
    expect(partial.body.errors[0]).toMatchObject({
      status: 'error',
      category: 'OBJECT_NOT_FOUND',
      message: 'Could not get some CONTACT objects, they may be deleted or not exist. Check that ids are valid.',
      context: { ids: ['9999', '9998'] },
    });
  });

  it('batch-reads by email with idProperty, returning numeric ids', async () => {
    const one = await crm.get('/crm/v3/objects/contacts/333');
    const email = one.body.properties.email;
    const response = await crm.post('/crm/v3/objects/contacts/batch/read', { idProperty: 'email', properties: ['firstname'], inputs: [{ id: email }] });
    expect(response.status).toBe(200);
    expect(response.body.results[0].id).toBe('333');
    expect(response.body.results[0].properties.email).toBe(email);
  });

  it('rejects batches of more than 100 inputs and malformed JSON with VALIDATION_ERROR', async () => {
    const inputs = Array.from({ length: 101 }, (_, index) => ({ id: String(101 + index) }));
    const tooMany = await crm.post('/crm/v3/objects/contacts/batch/read', { inputs });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
    const malformed = await crm.post('/crm/v3/objects/contacts/batch/read', '{"inputs": [');
    expect(malformed.status).toBe(400);
    expect(malformed.body.category).toBe('VALIDATION_ERROR');
  });

  it('answers a batch read of the maximum 100 inputs', async () => {
    const inputs = Array.from({ length: 100 }, (_, index) => ({ id: String(101 + index) }));
    const response = await crm.post('/crm/v3/objects/contacts/batch/read', { properties: ['email', 'firstname'], inputs });
    expect(response.status).toBe(200);
    expect(response.body.results).toHaveLength(100);
  });

  it('reads contact→company associations (v4) with the Primary label, consistent with the company property', async () => {
    const response = await crm.post('/crm/v4/associations/contacts/companies/batch/read', { inputs: [{ id: '101' }, { id: '102' }] });
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('COMPLETE');
    const [first] = response.body.results;
    expect(first.from).toEqual({ id: '101' });
    expect(first.to).toHaveLength(1);
    expect(first.to[0].associationTypes).toEqual([{ category: 'HUBSPOT_DEFINED', typeId: 1, label: 'Primary' }]);
    const company = await crm.get(`/crm/v3/objects/companies/${first.to[0].toObjectId}`);
    const contact = await crm.get('/crm/v3/objects/contacts/101?properties=company');
    expect(contact.body.properties.company).toBe(company.body.properties.name);

    const single = await crm.get('/crm/v4/objects/contacts/101/associations/companies');
    expect(single.body.results).toEqual(first.to);
  });

  it('lists the five owners', async () => {
    const response = await crm.get('/crm/v3/owners?limit=100');
    expect(response.body.results).toHaveLength(5);
    expect(response.body.results[0]).toMatchObject({ id: '1', archived: false });
    expect(response.body.results[0].email).toContain('@');
  });
});
