import { describe, expect, it } from 'vitest';
import { buildUblDocument } from '../../src/connectors/einvoicing/document/buildUblDocument.js';
import { checkPeppolRules } from '../../src/connectors/einvoicing/document/checkPeppolRules.js';
import { formatAmount } from '../../src/connectors/einvoicing/document/formatAmount.js';
import { UblGenerationError } from '../../src/connectors/einvoicing/document/UblGenerationError.js';
import type { EInvoiceSource } from '../../src/connectors/einvoicing/EInvoiceSource.js';

// A Leuven brewery invoicing a Dutch restaurant: Belgian enterprise number as Peppol id (0208), Dutch VAT
// number as the buyer's (9944), KvK number as its legal registration (0106).
const invoice: EInvoiceSource = {
  kind: 'invoice',
  number: 'INV-2025-0042',
  issueDate: '2025-03-03',
  dueDate: '2025-04-02',
  currency: 'EUR',
  buyerReference: 'PO-7781',
  orderReference: 'SO-2025-311',
  corrects: null,
  seller: {
    name: 'Brouwerij De Kroon BV',
    vatId: 'BE0123456749',
    legalId: { scheme: '0208', id: '0123456749' },
    endpoint: { scheme: '0208', id: '0123456749' },
    address: { street: 'Kerkstraat 12', city: 'Leuven', postalCode: '3000', country: 'BE' },
    email: 'billing@dekroon.example',
  },
  buyer: {
    name: 'Van Dijk Horeca B.V.',
    vatId: 'NL859999999B01',
    legalId: { scheme: '0106', id: '12345678' },
    endpoint: { scheme: '9944', id: 'NL859999999B01' },
    address: { street: 'Damrak 1', city: 'Amsterdam', postalCode: '1012 LG', country: 'NL' },
    email: 'inkoop@vandijk.example',
  },
  lines: [
    { id: '1', name: 'Tasting session & brewery tour', quantity: 10, unitCode: 'HUR', unitPrice: 95, netAmount: 950, vat: { category: 'S', rate: 21 } },
    { id: '2', name: 'Brewing handbook', quantity: 3, unitCode: 'C62', unitPrice: 24.5, netAmount: 73.5, vat: { category: 'S', rate: 6 } },
  ],
  paymentTerms: 'Net 30 days',
  payment: { meansCode: '30', accountId: 'BE68539007547034', reference: '+++090/9337/55493+++' },
  totals: { lineExtension: 1023.5, taxExclusive: 1023.5, tax: 203.91, taxInclusive: 1227.41, payable: 1227.41 },
  taxBreakdown: [
    { category: 'S', rate: 21, taxable: 950, tax: 199.5 },
    { category: 'S', rate: 6, taxable: 73.5, tax: 4.41 },
  ],
};

const creditNote: EInvoiceSource = {
  ...invoice,
  kind: 'credit_note',
  number: 'CN-2025-0007',
  issueDate: '2025-03-10',
  dueDate: '2025-03-24',
  corrects: { number: 'INV-2025-0042', issueDate: '2025-03-03' },
  paymentTerms: 'Refunded by bank transfer',
  lines: [{ ...invoice.lines[1]!, quantity: 1, netAmount: 24.5 }],
  totals: { lineExtension: 24.5, taxExclusive: 24.5, tax: 1.47, taxInclusive: 25.97, payable: 25.97 },
  taxBreakdown: [{ category: 'S', rate: 6, taxable: 24.5, tax: 1.47 }],
};

/** Every element's text, by element name, in document order (enough to read a generated document back). */
function texts(xml: string, element: string): string[] {
  return [...xml.matchAll(new RegExp(`<${element}(?: [^>]*)?>([^<]*)</${element}>`, 'g'))].map((match) => match[1]!);
}

describe('buildUblDocument', () => {
  it('writes a Peppol BIS Billing 3.0 invoice that keeps every checked rule', async () => {
    const xml = await buildUblDocument(invoice);
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\s*<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/);
    expect(texts(xml, 'cbc:CustomizationID')).toEqual(['urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0']);
    expect(texts(xml, 'cbc:ProfileID')).toEqual(['urn:fdc:peppol.eu:2017:poacc:billing:01:1.0']);
    expect(texts(xml, 'cbc:InvoiceTypeCode')).toEqual(['380']);
    expect(texts(xml, 'cbc:DueDate')).toEqual(['2025-04-02']);
    expect(checkPeppolRules(xml)).toEqual([]);
  });

  it('maps the parties, payment and references where Peppol expects them', async () => {
    const xml = await buildUblDocument(invoice);
    expect(xml).toContain('<cbc:EndpointID schemeID="0208">0123456749</cbc:EndpointID>');
    expect(xml).toContain('<cbc:EndpointID schemeID="9944">NL859999999B01</cbc:EndpointID>');
    expect(xml).toContain('<cbc:CompanyID schemeID="0106">12345678</cbc:CompanyID>');
    expect(texts(xml, 'cbc:RegistrationName')).toEqual(['Brouwerij De Kroon BV', 'Van Dijk Horeca B.V.']);
    expect(texts(xml, 'cbc:CompanyID')).toEqual(['BE0123456749', '0123456749', 'NL859999999B01', '12345678']);
    expect(texts(xml, 'cbc:ElectronicMail')).toEqual(['billing@dekroon.example', 'inkoop@vandijk.example']);
    expect(texts(xml, 'cbc:BuyerReference')).toEqual(['PO-7781']);
    expect(xml).toMatch(/<cac:OrderReference>\s*<cbc:ID>SO-2025-311<\/cbc:ID>/);
    expect(xml).toMatch(/<cac:PayeeFinancialAccount>\s*<cbc:ID>BE68539007547034<\/cbc:ID>/);
    expect(texts(xml, 'cbc:PaymentID')).toEqual(['+++090/9337/55493+++']);
    expect(texts(xml, 'cbc:Name')).toContain('Tasting session &amp; brewery tour');
  });

  it('writes a credit note as a UBL CreditNote correcting the invoice, its due date in the payment terms', async () => {
    const xml = await buildUblDocument(creditNote);
    expect(xml).toMatch(/<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"/);
    expect(texts(xml, 'cbc:CustomizationID')).toEqual(['urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0']);
    expect(texts(xml, 'cbc:ProfileID')).toEqual(['urn:fdc:peppol.eu:2017:poacc:billing:01:1.0']);
    expect(texts(xml, 'cbc:CreditNoteTypeCode')).toEqual(['381']);
    expect(xml).toMatch(/<cac:BillingReference>\s*<cac:InvoiceDocumentReference>\s*<cbc:ID>INV-2025-0042<\/cbc:ID>\s*<cbc:IssueDate>2025-03-03<\/cbc:IssueDate>/);
    expect(texts(xml, 'cbc:CreditedQuantity')).toEqual(['1']);
    expect(xml).toContain('<cac:CreditNoteLine>');
    expect(xml).not.toContain('InvoiceLine');
    expect(xml).not.toContain('cbc:DueDate');
    expect(texts(xml, 'cbc:Note')).toEqual(['Refunded by bank transfer (due date: 2025-03-24)']);
    expect(checkPeppolRules(xml)).toEqual([]);
  });

  it('carries the ERP figures with two decimals, rounded half away from zero, never recomputed', async () => {
    const xml = await buildUblDocument({ ...invoice, totals: { ...invoice.totals, tax: 203.905, taxInclusive: 1227.405, payable: 1227.405 } });
    expect(texts(xml, 'cbc:LineExtensionAmount')).toEqual(['1023.50', '950.00', '73.50']);
    expect(texts(xml, 'cbc:PriceAmount')).toEqual(['95.00', '24.50']);
    expect(texts(xml, 'cbc:TaxAmount')).toEqual(['203.91', '199.50', '4.41']);
    expect(texts(xml, 'cbc:PayableAmount')).toEqual(['1227.41']);
    // Figures that do not add up are written as they are, for the rules to refuse rather than to hide.
    const wrong = await buildUblDocument({ ...invoice, totals: { ...invoice.totals, tax: 204 } });
    expect(texts(wrong, 'cbc:TaxAmount')[0]).toBe('204.00');
    expect(checkPeppolRules(wrong).map((violation) => violation.rule)).toEqual(['BR-CO-14', 'BR-CO-15']);
  });

  it('rounds amounts half away from zero from the decimal the ERP meant', () => {
    expect([1.005, 2.675, -2.675, 0.125, 1e-9, -0.004, 0, 1234567.891].map(formatAmount)).toEqual([
      '1.01',
      '2.68',
      '-2.68',
      '0.13',
      '0.00',
      '0.00',
      '0.00',
      '1234567.89',
    ]);
  });

  it('writes no empty element when optional fields are null or blank', async () => {
    const sparse: EInvoiceSource = {
      ...invoice,
      dueDate: null,
      buyerReference: '  ',
      orderReference: 'SO-2025-311',
      seller: { ...invoice.seller, email: null, legalId: { scheme: null, id: '0123456749' } },
      buyer: {
        ...invoice.buyer,
        vatId: null,
        legalId: null,
        email: '',
        address: { street: null, city: 'Amsterdam', postalCode: null, country: 'NL' },
      },
      payment: { meansCode: '30', accountId: null, reference: null },
    };
    const xml = await buildUblDocument(sparse);
    expect(xml).not.toMatch(/<[^>/]+\/>|<([\w:]+)[^>]*>\s*<\/\1>/);
    for (const absent of ['cbc:DueDate', 'cbc:BuyerReference', 'cac:Contact', 'cac:PayeeFinancialAccount', 'cbc:PaymentID']) {
      expect(xml).not.toContain(absent);
    }
    expect(texts(xml, 'cbc:PostalZone')).toEqual(['3000']);
    expect(xml).toMatch(/<cac:PartyIdentification>\s*<cbc:ID>0123456749<\/cbc:ID>/);
    expect(checkPeppolRules(xml)).toEqual([]);
    const withoutPayment = await buildUblDocument({ ...sparse, payment: null, paymentTerms: null, dueDate: '2025-04-02' });
    expect(withoutPayment).not.toMatch(/<cac:PaymentMeans>|<cac:PaymentTerms>/);
    expect(checkPeppolRules(withoutPayment)).toEqual([]);
  });

  it('states why no VAT is charged on exempt categories, and no rate where VAT does not apply', async () => {
    const exempt: EInvoiceSource = {
      ...invoice,
      lines: [...invoice.lines, { id: '3', name: 'Brewing course (education)', quantity: 1, unitCode: 'C62', unitPrice: 200, netAmount: 200, vat: { category: 'E', rate: 0 } }],
      totals: { lineExtension: 1223.5, taxExclusive: 1223.5, tax: 203.91, taxInclusive: 1427.41, payable: 1427.41 },
      taxBreakdown: [...invoice.taxBreakdown, { category: 'E', rate: 0, taxable: 200, tax: 0, exemptionReason: 'Exempt under article 44 of the VAT Code' }],
    };
    const xml = await buildUblDocument(exempt);
    expect(texts(xml, 'cbc:TaxExemptionReason')).toEqual(['Exempt under article 44 of the VAT Code']);
    expect(checkPeppolRules(xml)).toEqual([]);
    const standardWithReason = await buildUblDocument({ ...invoice, taxBreakdown: [{ ...invoice.taxBreakdown[0]!, exemptionReason: 'n/a' }, invoice.taxBreakdown[1]!] });
    expect(standardWithReason).not.toContain('TaxExemptionReason');
    const notSubject = await buildUblDocument({
      ...invoice,
      lines: [{ ...invoice.lines[0]!, vat: { category: 'O', rate: 0 } }],
      taxBreakdown: [{ category: 'O', rate: 0, taxable: 950, tax: 0, exemptionReason: 'Not subject to VAT' }],
    });
    expect(notSubject).toMatch(/<cac:ClassifiedTaxCategory>\s*<cbc:ID>O<\/cbc:ID>\s*<cac:TaxScheme>/);
  });

  it('refuses a source the UBL schema cannot take, listing every problem and where it is', async () => {
    const broken: EInvoiceSource = {
      ...invoice,
      currency: 'EURO',
      seller: { ...invoice.seller, endpoint: null },
      buyer: { ...invoice.buyer, address: { ...invoice.buyer.address, country: null } },
      lines: [{ ...invoice.lines[0]!, name: ' ', unitCode: 'HOURS' }, invoice.lines[1]!],
    };
    const error = await buildUblDocument(broken).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UblGenerationError);
    const { documentNumber, problems, message } = error as UblGenerationError;
    expect(documentNumber).toBe('INV-2025-0042');
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'cbc:DocumentCurrencyCode', message: 'must be equal to one of the allowed values (got "EURO")' },
        { path: 'cac:AccountingSupplierParty/cac:Party', message: "must have required property 'cbc:EndpointID'" },
        { path: 'cac:AccountingCustomerParty/cac:Party/cac:PostalAddress', message: "must have required property 'cac:Country'" },
        { path: 'cac:InvoiceLine[1]/cac:Item', message: "must have required property 'cbc:Name'" },
        { path: 'cac:InvoiceLine[1]/cbc:InvoicedQuantity@unitCode', message: 'must be equal to one of the allowed values (got "HOURS")' },
      ]),
    );
    expect(message).toContain('Cannot generate the UBL document of INV-2025-0042:\n  - cbc:DocumentCurrencyCode: must be equal');
  });

  it('names a figure that is not a number', async () => {
    const error = await buildUblDocument({ ...invoice, totals: { ...invoice.totals, payable: Number.NaN } }).catch((caught: unknown) => caught);
    expect((error as UblGenerationError).problems).toEqual([
      { path: 'cac:LegalMonetaryTotal/cbc:PayableAmount', message: expect.stringMatching(/^must match pattern .* \(got "NaN"\)$/) },
    ]);
  });
});
