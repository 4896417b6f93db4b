import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startSandbox } from '../../src/sandbox/startSandbox.js';
import type { Sandbox } from '../../src/sandbox/startSandbox.js';
import { api, call, control } from './sandboxClient.js';
import { ublDocument, uploadUbl } from './ublDocument.js';

/** Seeded Peppol ids (seed 42, see src/sandbox/README.md): a customer whose access point rejects, one not on the network. */
const REJECTING = { id: '0863366910', name: 'Nora Bakker' };
const UNREGISTERED = '0208:0762423661';

describe('e-invoicing access point: sending over Peppol and the participant directory', () => {
  let sandbox: Sandbox;
  let einvoice: ReturnType<typeof api>;
  beforeAll(async () => {
    sandbox = await startSandbox({ deliveryDelayMs: 0 });
    einvoice = api(sandbox, 'einvoicing');
  });
  beforeEach(() => call(`${sandbox.urls.einvoicing}/_control/reset?data=true`, { method: 'POST' }));
  afterAll(() => sandbox.stop());

  const upload = async (xml = ublDocument()) => (await uploadUbl(sandbox, xml)).body.id as string;
  const send = (id: string, query = '') => einvoice.post(`/api/documents/${id}/send${query}`, '');
  const advance = async () => (await control(sandbox, 'einvoicing', 'advance-documents', {})).body.advanced;
  const participants = (body: Record<string, unknown>) => control(sandbox, 'einvoicing', 'participants', body);

  it('moves a valid document to TRANSIT, then to SENT when the receiver’s access point takes it', async () => {
    const id = await upload();
    const sent = await send(id);
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ id, state: 'TRANSIT', document_type: 'INVOICE' });
    expect((await einvoice.get(`/api/documents/${id}`)).body.state).toBe('TRANSIT');
    expect(await advance()).toEqual([{ id, state: 'SENT', receiver: '0208:0785857079' }]);
    expect((await einvoice.get(`/api/documents/${id}`)).body.state).toBe('SENT');
    expect(await advance()).toEqual([]);
  });

  it('answers a document already on its way or delivered unchanged when it is sent again', async () => {
    const id = await upload();
    await send(id);
    const again = await send(id, '?receiver_peppol_scheme=0208&receiver_peppol_id=0863366910');
    expect(again.status).toBe(200);
    expect(again.body.state).toBe('TRANSIT');
    expect(await advance()).toEqual([{ id, state: 'SENT', receiver: '0208:0785857079' }]);
    expect((await send(id)).body.state).toBe('SENT');
    expect(await advance()).toEqual([]);
  });

  it('refuses to send a document that fails the rules, naming the rules', async () => {
    const id = await upload(ublDocument({ buyerEndpoint: { scheme: '0208', id: '0785857078' }, totals: { payable: 1 } }));
    const refused = await send(id);
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toBe(`Document ${id} does not pass Peppol BIS Billing 3.0 validation: [PEPPOL-COMMON-R043] Belgian enterprise number MUST be stated in the correct format; [BR-CO-16] Amount due for payment (BT-115) = Invoice total amount with VAT (BT-112) -Paid amount (BT-113) +Rounding amount (BT-114)`);
    expect((await einvoice.get(`/api/documents/${id}`)).body.state).toBe('DRAFT');
  });

  it('refuses a receiver the directory does not know', async () => {
    const [scheme, number] = UNREGISTERED.split(':') as [string, string];
    const id = await upload(ublDocument({ buyerEndpoint: { scheme, id: number } }));
    const refused = await send(id);
    expect(refused.status).toBe(422);
    expect(refused.body).toEqual({ detail: `Receiver ${UNREGISTERED} is not registered on the Peppol network` });
    expect((await einvoice.get(`/api/documents/${id}`)).body.state).toBe('DRAFT');
  });

  it('sends to the receiver the query names instead of the document’s own address', async () => {
    const id = await upload(ublDocument({ buyerEndpoint: { scheme: '0208', id: '0762423661' } }));
    const sent = await send(id, '?receiver_peppol_scheme=0106&receiver_peppol_id=59834793&sender_peppol_scheme=0208&sender_peppol_id=0792465155');
    expect(sent.body.state).toBe('TRANSIT');
    expect(await advance()).toEqual([{ id, state: 'SENT', receiver: '0106:59834793' }]);
    const unknown = await upload();
    expect((await send(unknown, '?receiver_peppol_id=0123456749')).body.detail).toBe('Receiver 0208:0123456749 is not registered on the Peppol network');
  });

  it('ends in FAILED when the receiver’s access point rejects the document, and a failed document may be sent again', async () => {
    const id = await upload(ublDocument({ buyerName: REJECTING.name, buyerEndpoint: { scheme: '0208', id: REJECTING.id } }));
    expect((await send(id)).body.state).toBe('TRANSIT');
    expect(await advance()).toEqual([{ id, state: 'FAILED', receiver: `0208:${REJECTING.id}` }]);
    expect((await einvoice.get(`/api/documents/${id}`)).body.state).toBe('FAILED');

    expect((await participants({ peppolId: `0208:${REJECTING.id}`, rejects: false })).body.participant).toEqual({
      peppolId: `0208:${REJECTING.id}`, name: REJECTING.name, countryCode: 'BE', rejects: false,
    });
    expect((await send(id)).body.state).toBe('TRANSIT');
    expect(await advance()).toEqual([{ id, state: 'SENT', receiver: `0208:${REJECTING.id}` }]);
  });

  it('fails a document whose receiver left the network while it was in transit', async () => {
    const id = await upload();
    await send(id);
    expect((await participants({ peppolId: '0208:0785857079', registered: false })).body).toEqual({ participant: null });
    expect(await advance()).toEqual([{ id, state: 'FAILED', receiver: '0208:0785857079' }]);
  });

  it('delivers by itself after deliveryDelayMs', async () => {
    const timed = await startSandbox({ deliveryDelayMs: 50 });
    try {
      const id = (await uploadUbl(timed, ublDocument())).body.id;
      const client = api(timed, 'einvoicing');
      expect((await client.post(`/api/documents/${id}/send`, '')).body.state).toBe('TRANSIT');
      await vi.waitFor(async () => expect((await client.get(`/api/documents/${id}`)).body.state).toBe('SENT'), { timeout: 3000, interval: 20 });
    } finally {
      await timed.stop();
    }
  });

  it('looks participants up by Peppol id, by identifier or by name, optionally in one country', async () => {
    const byId = await einvoice.get('/api/lookup/participants?query=0208:0785857079');
    expect(byId.status).toBe(200);
    expect(byId.body).toEqual({
      query_terms: '0208:0785857079', search_date: expect.stringMatching(/^2026-01-01T/), total_count: 1, used_count: 1,
      participants: [{
        peppol_id: '0785857079', peppol_scheme: '0208',
        document_types: [
          { scheme: 'busdox-docid-qns', value: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2::Invoice##urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1' },
          { scheme: 'busdox-docid-qns', value: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2::CreditNote##urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1' },
        ],
        entities: [{ name: 'Ruby Koch', country_code: 'BE' }],
      }],
    });
    expect((await einvoice.get('/api/lookup/participants?query=0785857079')).body.total_count).toBe(1);
    expect((await einvoice.get(`/api/lookup/participants?query=${UNREGISTERED}`)).body).toMatchObject({ total_count: 0, used_count: 0, participants: [] });
    const company = await einvoice.get('/api/lookup/participants?query=switchyard');
    expect(company.body.participants.map((participant: { peppol_scheme: string; peppol_id: string }) => `${participant.peppol_scheme}:${participant.peppol_id}`)).toEqual(['0208:0792465155']);
    expect((await einvoice.get('/api/lookup/participants?query=9944:nl475822158b01')).body.participants[0]).toMatchObject({ peppol_scheme: '9944', peppol_id: 'NL475822158B01' });
    const dutch = (await einvoice.get('/api/lookup/participants?query=a&country_code=NL')).body;
    expect(dutch.total_count).toBeGreaterThan(20);
    expect(dutch.used_count).toBe(20);
    expect(dutch.participants.every((participant: { entities: { country_code: string }[] }) => participant.entities[0]?.country_code === 'NL')).toBe(true);
    expect((await einvoice.get('/api/lookup/participants?query=Koch&country_code=NL')).body.total_count).toBe(0);
    expect((await einvoice.get('/api/lookup/participants')).body).toEqual({ detail: [{ type: 'missing', loc: ['query', 'query'], msg: 'Field required', input: null }] });
  });

  it('registers, marks and removes participants over the control API', async () => {
    expect((await participants({ peppolId: '0208:0123456749', name: 'Test Receiver BV', countryCode: 'BE' })).body.participant).toEqual({
      peppolId: '0208:0123456749', name: 'Test Receiver BV', countryCode: 'BE', rejects: false,
    });
    const id = await upload(ublDocument({ buyerEndpoint: { scheme: '0208', id: '0123456749' } }));
    expect((await send(id)).body.state).toBe('TRANSIT');
    expect((await participants({ peppolId: '0208:0123456749', rejects: true })).body.participant.rejects).toBe(true);
    expect(await advance()).toEqual([{ id, state: 'FAILED', receiver: '0208:0123456749' }]);
    await participants({ peppolId: '0208:0123456749', registered: false });
    expect((await einvoice.get('/api/lookup/participants?query=0208:0123456749')).body.total_count).toBe(0);

    for (const body of [{ peppolId: '0208:9999999999' }, { peppolId: 'nope', name: 'X', countryCode: 'BE' }, { peppolId: '0208:1', name: 'X', countryCode: 'Belgium' }, { peppolId: '0208:1', extra: true }]) {
      const refused = await participants(body);
      expect(refused.status).toBe(400);
      expect(refused.body.error).toBeTypeOf('string');
    }
  });
});
