import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/startSandbox.js';
import type { Sandbox } from '../../src/sandbox/startSandbox.js';
import { api, call } from './sandboxClient.js';
import { REACHABLE_BUYER, ublDocument, uploadUbl } from './ublDocument.js';

describe('e-invoicing access point: documents (e-invoice.be API)', () => {
  let sandbox: Sandbox;
  let einvoice: ReturnType<typeof api>;
  beforeAll(async () => {
    sandbox = await startSandbox({ deliveryDelayMs: 0 });
    einvoice = api(sandbox, 'einvoicing');
  });
  afterAll(() => sandbox.stop());

  const validate = async (xml: string) => {
    const uploaded = await uploadUbl(sandbox, xml);
    expect(uploaded.status).toBe(200);
    return (await einvoice.post(`/api/documents/${uploaded.body.id}/validate`, '')).body;
  };
  const ruleIds = (validation: { issues: { rule_id: string; type: string }[] }, type = 'error') =>
    validation.issues.filter((issue) => issue.type === type).map((issue) => issue.rule_id);

  it('refuses a missing or wrong API key with FastAPI’s detail', async () => {
    const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer wrong-key' }, { authorization: `Basic ${Buffer.from('sandbox-einvoice-key:').toString('base64')}` }];
    for (const headers of attempts) {
      const response = await call(`${sandbox.urls.einvoicing}/api/documents/doc_x`, { headers });
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ detail: 'Invalid or missing API key' });
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
    }
  });

  it('creates a DRAFT document from a UBL invoice and answers the DocumentResponse, amounts as decimal strings', async () => {
    const uploaded = await uploadUbl(sandbox, ublDocument({ number: 'INV/2026/00042' }), {}, 'INV_2026_00042.xml');
    expect(uploaded.status).toBe(200);
    expect(uploaded.body).toEqual({
      id: expect.stringMatching(/^doc_[A-Za-z0-9]{22}$/), state: 'DRAFT', direction: 'OUTBOUND', document_type: 'INVOICE',
      invoice_id: 'INV/2026/00042', invoice_date: '2026-01-02', due_date: '2026-02-01', currency: 'EUR',
      purchase_order: 'S00042', payment_term: 'Payment terms: 30 Days',
      subtotal: '229.48', total_tax: '45.90', invoice_total: '275.38', amount_due: '275.38',
      vendor_name: 'Switchyard NV', vendor_tax_id: 'BE0792465155', vendor_company_id: null,
      customer_name: REACHABLE_BUYER.name, customer_tax_id: REACHABLE_BUYER.vat, customer_company_id: null, customer_id: 'CUST-0027',
      items: [
        { description: 'Compact Desk Lamp', quantity: '2', unit: 'C62', unit_price: '49.99', amount: '99.98', tax_rate: '20' },
        { description: 'Smart Headset', quantity: '1', unit: 'C62', unit_price: '129.50', amount: '129.50', tax_rate: '20' },
      ],
      created_at: expect.stringMatching(/^2026-01-01T/),
    });
    const read = await einvoice.get(`/api/documents/${uploaded.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(uploaded.body);
  });

  it('reads a UBL credit note as a CREDIT_NOTE', async () => {
    const uploaded = await uploadUbl(sandbox, ublDocument({ kind: 'CreditNote', number: 'RINV/2026/00001', lines: [{ name: 'Returned lamp', quantity: 1, unitCents: 4999 }] }));
    expect(uploaded.body).toMatchObject({ document_type: 'CREDIT_NOTE', invoice_id: 'RINV/2026/00001', subtotal: '49.99', total_tax: '10.00', invoice_total: '59.99' });
    expect(uploaded.body.items).toEqual([{ description: 'Returned lamp', quantity: '1', unit: 'C62', unit_price: '49.99', amount: '49.99', tax_rate: '20' }]);
    expect((await einvoice.post(`/api/documents/${uploaded.body.id}/validate`, '')).body.is_valid).toBe(true);
  });

  it('answers 422 for a missing file (FastAPI’s list), and for a file that is not a UBL invoice (a message)', async () => {
    const noFile = await einvoice.post('/api/documents/ubl', { file: 'not a form' });
    expect(noFile.status).toBe(422);
    expect(noFile.body).toEqual({ detail: [{ type: 'missing', loc: ['body', 'file'], msg: 'Field required', input: null }] });

    const form = new FormData();
    form.append('document', new Blob([ublDocument()]), 'invoice.xml');
    const otherField = await call(`${sandbox.urls.einvoicing}/api/documents/ubl`, { method: 'POST', headers: { authorization: 'Bearer sandbox-einvoice-key' }, body: form });
    expect(otherField.status).toBe(422);
    expect(otherField.body.detail[0].loc).toEqual(['body', 'file']);

    const broken = await uploadUbl(sandbox, '<Invoice><cbc:ID>1</Invoice>');
    expect(broken.status).toBe(422);
    expect(broken.body.detail).toMatch(/^The file is not well-formed XML/);
    const order = await uploadUbl(sandbox, '<?xml version="1.0"?><Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"><ID>1</ID></Order>');
    expect(order.status).toBe(422);
    expect(order.body.detail).toBe('The file is not a UBL Invoice or CreditNote (its root element is Order)');
  });

  it('makes a new draft of every upload, as e-invoice.be, which takes no idempotency key', async () => {
    const xml = ublDocument({ number: 'INV/2026/00777' });
    const first = await uploadUbl(sandbox, xml, { 'idempotency-key': 'einvoice-key-1' });
    const again = await uploadUbl(sandbox, xml, { 'idempotency-key': 'einvoice-key-1' });
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.body.id).not.toBe(first.body.id);
  });

  it('answers 404 {"detail":"Document not found"} for an unknown document on every document route', async () => {
    for (const response of [
      await einvoice.get('/api/documents/doc_missing'),
      await einvoice.post('/api/documents/doc_missing/validate', ''),
      await einvoice.post('/api/documents/doc_missing/send', ''),
    ]) {
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ detail: 'Document not found' });
    }
    expect((await einvoice.get('/api/nothing-here')).body).toEqual({ detail: 'Not Found' });
  });

  it('validates a sound document with no issues, in UblDocumentValidation’s shape', async () => {
    const uploaded = await uploadUbl(sandbox, ublDocument(), {}, 'sound.xml');
    const validation = await einvoice.post(`/api/documents/${uploaded.body.id}/validate`, '');
    expect(validation.status).toBe(200);
    expect(validation.body).toEqual({ id: uploaded.body.id, file_name: 'sound.xml', is_valid: true, issues: [], ubl_document: null });
  });

  it('reports totals that do not add up (BR-CO-10, -13, -14, -15, -16) with the Schematron’s messages', async () => {
    const lineSum = await validate(ublDocument({ totals: { lineExtension: 20000, taxExclusive: 20000 } }));
    expect(lineSum.is_valid).toBe(false);
    expect(ruleIds(lineSum)).toEqual(['BR-CO-10']);
    expect(lineSum.issues[0]).toEqual({
      message: '[BR-CO-10]-Sum of Invoice line net amount (BT-106) = Σ Invoice line net amount (BT-131).', schematron: 'EN16931',
      type: 'error', flag: 'fatal', location: '/Invoice[1]/LegalMonetaryTotal[1]', rule_id: 'BR-CO-10', test: null,
    });
    expect(ruleIds(await validate(ublDocument({ totals: { taxExclusive: 22947 } })))).toEqual(['BR-CO-13']);
    expect(ruleIds(await validate(ublDocument({ totals: { tax: 4591 } })))).toEqual(['BR-CO-14']);
    expect(ruleIds(await validate(ublDocument({ totals: { taxInclusive: 27539 } })))).toEqual(['BR-CO-15']);
    expect(ruleIds(await validate(ublDocument({ totals: { payable: 27537 } })))).toEqual(['BR-CO-16']);
  });

  it('tolerates per-line tax rounding (BR-CO-17 warns only beyond one currency unit)', async () => {
    // Three lines of 0.03 at 20 %: 0.01 tax each, 0.03 in all, where the category's 0.09 x 20 % rounds to 0.02.
    const line = { name: 'Washer', quantity: 1, unitCents: 3 };
    const perLine = await validate(ublDocument({ lines: [line, line, line] }));
    expect(perLine.issues).toEqual([]);
    const wrongTax = await validate(ublDocument({ totals: { tax: 6000, subtotalTax: 6000 } }));
    expect(wrongTax.is_valid).toBe(true);
    expect(ruleIds(wrongTax)).toEqual([]);
    expect(wrongTax.issues).toEqual([expect.objectContaining({ rule_id: 'BR-CO-17', type: 'warning', flag: 'warning', location: '/Invoice[1]/TaxTotal[1]/TaxSubtotal[1]' })]);
  });

  it('reports missing names (BR-06, BR-07), electronic addresses (R010, R020), their schemes (BR-62, BR-63) and references (R003)', async () => {
    expect(ruleIds(await validate(ublDocument({ sellerName: null, buyerName: null })))).toEqual(['BR-06', 'BR-07']);
    const noAddresses = await validate(ublDocument({ sellerEndpoint: null, buyerEndpoint: null }));
    expect(ruleIds(noAddresses)).toEqual(['PEPPOL-EN16931-R010', 'PEPPOL-EN16931-R020']);
    expect(noAddresses.issues.map((issue: { location: string }) => issue.location)).toEqual([
      '/Invoice[1]/AccountingCustomerParty[1]/Party[1]', '/Invoice[1]/AccountingSupplierParty[1]/Party[1]',
    ]);
    expect(ruleIds(await validate(ublDocument({ sellerEndpoint: { scheme: null, id: '0792465155' }, buyerEndpoint: { scheme: null, id: '0785857079' } })))).toEqual(['BR-63', 'BR-62']);
    expect(ruleIds(await validate(ublDocument({ buyerReference: null, orderReference: null })))).toEqual(['PEPPOL-EN16931-R003']);
    expect(ruleIds(await validate(ublDocument({ buyerReference: null })))).toEqual([]);
    expect(ruleIds(await validate(ublDocument({ orderReference: null })))).toEqual([]);
  });

  it('checks Belgian enterprise numbers (PEPPOL-COMMON-R043): ten digits, the last two 97 - (first eight mod 97)', async () => {
    expect(ruleIds(await validate(ublDocument({ buyerEndpoint: { scheme: '0208', id: '0123456749' } })))).toEqual([]);
    const checkDigits = await validate(ublDocument({ buyerEndpoint: { scheme: '0208', id: '0123456748' } }));
    expect(checkDigits.issues).toEqual([expect.objectContaining({
      rule_id: 'PEPPOL-COMMON-R043', schematron: 'PEPPOL-EN16931', message: 'Belgian enterprise number MUST be stated in the correct format.',
      location: '/Invoice[1]/AccountingCustomerParty[1]/Party[1]/EndpointID[1]',
    })]);
    expect(ruleIds(await validate(ublDocument({ buyerEndpoint: { scheme: '0208', id: '123456749' } })))).toEqual(['PEPPOL-COMMON-R043']);
    const legalId = await validate(ublDocument({ buyerLegalId: { scheme: '0208', id: '0785857078' } }));
    expect(legalId.issues.map((issue: { location: string }) => issue.location)).toEqual(['/Invoice[1]/AccountingCustomerParty[1]/Party[1]/PartyLegalEntity[1]/CompanyID[1]']);
    // Other schemes are not Belgian enterprise numbers.
    expect(ruleIds(await validate(ublDocument({ buyerEndpoint: { scheme: '0106', id: '12345678' } })))).toEqual([]);
  });
});
