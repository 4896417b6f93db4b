import { beforeAll, describe, expect, it } from 'vitest';
import { buildUblDocument } from '../../src/connectors/einvoicing/document/buildUblDocument.js';
import { checkPeppolRules, PEPPOL_RULE_IDS } from '../../src/connectors/einvoicing/document/checkPeppolRules.js';
import type { EInvoiceLine, EInvoiceSource } from '../../src/connectors/einvoicing/EInvoiceSource.js';

// A Brussels design studio invoicing a Belgian bakery, both reachable on Peppol by enterprise number (0208).
const invoice: EInvoiceSource = {
  kind: 'invoice',
  number: 'F2025-0117',
  issueDate: '2025-05-31',
  dueDate: '2025-06-30',
  currency: 'EUR',
  buyerReference: 'DUPONT-2025-17',
  orderReference: 'PO-4471',
  corrects: null,
  seller: {
    name: 'Atelier Lumière SRL',
    vatId: 'BE0123456749',
    legalId: { scheme: '0208', id: '0123456749' },
    endpoint: { scheme: '0208', id: '0123456749' },
    address: { street: 'Rue de la Loi 16', city: 'Bruxelles', postalCode: '1000', country: 'BE' },
    email: 'facturation@atelier-lumiere.example',
  },
  buyer: {
    name: 'Boulangerie Dupont SA',
    vatId: 'BE0477472701',
    legalId: { scheme: '0208', id: '0477472701' },
    endpoint: { scheme: '0208', id: '0477472701' },
    address: { street: 'Chaussée de Wavre 220', city: 'Ixelles', postalCode: '1050', country: 'BE' },
    email: 'compta@dupont.example',
  },
  lines: [
    { id: '1', name: 'Lighting design', quantity: 12, unitCode: 'HUR', unitPrice: 85, netAmount: 1020, vat: { category: 'S', rate: 21 } },
    { id: '2', name: 'LED spots', quantity: 8, unitCode: 'C62', unitPrice: 32.5, netAmount: 260, vat: { category: 'S', rate: 21 } },
    { id: '3', name: 'Design catalogue', quantity: 2, unitCode: 'C62', unitPrice: 18.75, netAmount: 37.5, vat: { category: 'S', rate: 6 } },
  ],
  paymentTerms: 'Payment within 30 days of the invoice date',
  payment: { meansCode: '30', accountId: 'BE71096123456769', reference: '+++090/9337/55493+++' },
  totals: { lineExtension: 1317.5, taxExclusive: 1317.5, tax: 271.05, taxInclusive: 1588.55, payable: 1588.55 },
  taxBreakdown: [
    { category: 'S', rate: 21, taxable: 1280, tax: 268.8 },
    { category: 'S', rate: 6, taxable: 37.5, tax: 2.25 },
  ],
};

const creditNote: EInvoiceSource = {
  ...invoice,
  kind: 'credit_note',
  number: 'C2025-0009',
  issueDate: '2025-06-04',
  dueDate: null,
  corrects: { number: 'F2025-0117', issueDate: '2025-05-31' },
  paymentTerms: 'Refund by bank transfer',
  lines: [invoice.lines[1]!],
  totals: { lineExtension: 260, taxExclusive: 260, tax: 54.6, taxInclusive: 314.6, payable: 314.6 },
  taxBreakdown: [{ category: 'S', rate: 21, taxable: 260, tax: 54.6 }],
};

/** The totals moved by `by`, from the named one down to what is payable, as an ERP that adds up would. */
function shiftTotals(source: EInvoiceSource, from: keyof EInvoiceSource['totals'], by: number): EInvoiceSource {
  const order = ['lineExtension', 'taxExclusive', 'tax', 'taxInclusive', 'payable'] as const;
  const moved = order.slice(order.indexOf(from)).filter((total) => total !== 'tax' || from === 'tax');
  const totals = { ...source.totals };
  for (const total of moved) totals[total] = Math.round((totals[total] + by) * 100) / 100;
  return { ...source, totals };
}

function withLine(source: EInvoiceSource, index: number, change: Partial<EInvoiceLine>): EInvoiceSource {
  return { ...source, lines: source.lines.map((line, at) => (at === index ? { ...line, ...change } : line)) };
}

/** The text with `search` replaced, failing the test if it is not there (a mutation that missed proves nothing). */
function edit(xml: string, search: string | RegExp, replacement: string): string {
  const found = typeof search === 'string' ? xml.includes(search) : search.test(xml);
  if (!found) throw new Error(`Mutation target not found: ${String(search)}`);
  return xml.replace(search, replacement);
}

/** The first `tag` element (with its leading whitespace) removed. */
const remove = (xml: string, tag: string) => edit(xml, new RegExp(`\\s*<${tag}[ >][\\s\\S]*?</${tag}>`), '');

/** The first `tag` element repeated right after itself. */
const duplicate = (xml: string, tag: string) => edit(xml, new RegExp(`(\\s*)(<${tag}[ >][\\s\\S]*?</${tag}>)`), '$1$2$1$2');

/** `change` applied to the content of the `occurrence`-th `tag` element only. */
function inside(xml: string, tag: string, change: (content: string) => string, occurrence = 1): string {
  const pattern = new RegExp(`(<${tag}>)([\\s\\S]*?)(</${tag}>)`, 'g');
  let seen = 0;
  const result = xml.replace(pattern, (whole, open: string, content: string, close: string) =>
    ++seen === occurrence ? `${open}${change(content)}${close}` : whole,
  );
  if (seen < occurrence) throw new Error(`Mutation target not found: <${tag}> #${occurrence}`);
  return result;
}

const seller = (xml: string, change: (content: string) => string) => inside(xml, 'cac:AccountingSupplierParty', change);
const buyer = (xml: string, change: (content: string) => string) => inside(xml, 'cac:AccountingCustomerParty', change);
const firstLine = (xml: string, change: (content: string) => string) => inside(xml, 'cac:InvoiceLine', change);
const firstBreakdown = (xml: string, change: (content: string) => string) => inside(xml, 'cac:TaxSubtotal', change);

interface Bases {
  readonly invoice: string;
  readonly creditNote: string;
}

/** How a case breaks a valid document: from the source, or by editing the XML generated from it. */
type Breakage = (bases: Bases) => string | Promise<string>;

const fromSource = (source: EInvoiceSource): Breakage => () => buildUblDocument(source);

/** [rule, how to break it, the other rules the same breakage necessarily breaks]. */
const cases: readonly (readonly [string, Breakage, readonly string[]])[] = [
  // Identifiers
  ['BR-01', (b) => remove(b.invoice, 'cbc:CustomizationID'), ['PEPPOL-EN16931-R004', 'UBL-CARD-CustomizationID']],
  ['BR-02', (b) => remove(b.invoice, 'cbc:ID'), ['UBL-CARD-ID']],
  ['BR-03', (b) => remove(b.invoice, 'cbc:IssueDate'), ['UBL-CARD-IssueDate']],
  ['BR-04', (b) => remove(b.invoice, 'cbc:InvoiceTypeCode'), ['UBL-CARD-TypeCode']],
  ['BR-05', (b) => remove(b.invoice, 'cbc:DocumentCurrencyCode'), ['PEPPOL-EN16931-R051', 'UBL-CARD-DocumentCurrencyCode']],
  ['BR-16', (b) => edit(b.invoice, /\s*<cac:InvoiceLine>[\s\S]*?<\/cac:InvoiceLine>/g, ''), ['BR-CO-10', 'BR-S-01', 'BR-S-08']],
  ['PEPPOL-EN16931-F001', fromSource({ ...invoice, issueDate: '2025-02-29' }), []],
  // Lines
  ['BR-21', (b) => firstLine(b.invoice, (line) => remove(line, 'cbc:ID')), []],
  ['BR-22', (b) => firstLine(b.invoice, (line) => remove(line, 'cbc:InvoicedQuantity')), ['BR-23', 'PEPPOL-EN16931-R120']],
  ['BR-23', (b) => edit(b.invoice, '<cbc:InvoicedQuantity unitCode="HUR">', '<cbc:InvoicedQuantity>'), []],
  ['BR-24', (b) => firstLine(b.invoice, (line) => remove(line, 'cbc:LineExtensionAmount')), ['BR-CO-10', 'BR-S-08', 'PEPPOL-EN16931-R120']],
  ['BR-25', (b) => firstLine(b.invoice, (line) => remove(line, 'cbc:Name')), []],
  ['BR-26', (b) => firstLine(b.invoice, (line) => remove(line, 'cac:Price')), ['BR-27', 'PEPPOL-EN16931-R120']],
  ['BR-27', fromSource(withLine(invoice, 0, { quantity: -12, unitPrice: -85 })), []],
  // Code lists
  ['BR-CL-01', (b) => edit(b.invoice, '<cbc:InvoiceTypeCode>380<', '<cbc:InvoiceTypeCode>999<'), ['PEPPOL-EN16931-P0100']],
  ['PEPPOL-EN16931-P0100', (b) => edit(b.invoice, '<cbc:InvoiceTypeCode>380<', '<cbc:InvoiceTypeCode>130<'), []],
  ['PEPPOL-EN16931-P0101', (b) => edit(b.creditNote, '<cbc:CreditNoteTypeCode>381<', '<cbc:CreditNoteTypeCode>261<'), []],
  ['BR-CL-04', (b) => b.invoice.replaceAll('EUR', 'EUX'), []],
  ['BR-CL-14', (b) => buyer(b.invoice, (party) => edit(party, '<cbc:IdentificationCode>BE<', '<cbc:IdentificationCode>XX<')), []],
  ['BR-CL-23', (b) => edit(b.invoice, 'unitCode="HUR"', 'unitCode="HOURS"'), []],
  ['BR-CL-25', (b) => buyer(b.invoice, (party) => edit(party, 'schemeID="0208">0477472701</cbc:EndpointID>', 'schemeID="9999">0477472701</cbc:EndpointID>')), []],
  // Parties
  ['BR-06', (b) => seller(b.invoice, (party) => remove(party, 'cbc:RegistrationName')), ['UBL-CARD-SellerRegistrationName']],
  ['BR-07', (b) => buyer(b.invoice, (party) => remove(party, 'cbc:RegistrationName')), ['UBL-CARD-BuyerRegistrationName']],
  ['BR-08', (b) => seller(b.invoice, (party) => remove(party, 'cac:PostalAddress')), ['UBL-CARD-SellerPostalAddress']],
  ['BR-09', (b) => seller(b.invoice, (party) => remove(party, 'cac:Country')), []],
  ['BR-10', (b) => buyer(b.invoice, (party) => remove(party, 'cac:PostalAddress')), ['UBL-CARD-BuyerPostalAddress']],
  ['BR-11', (b) => buyer(b.invoice, (party) => remove(party, 'cac:Country')), []],
  ['BR-S-02', (b) => seller(b.invoice, (party) => remove(party, 'cac:PartyTaxScheme')), []],
  ['BR-CO-09', fromSource({ ...invoice, buyer: { ...invoice.buyer, vatId: 'QQ0477472701' } }), []],
  ['BR-CO-26', fromSource({ ...invoice, seller: { ...invoice.seller, vatId: null, legalId: null } }), ['BR-S-02']],
  ['BR-62', (b) => seller(b.invoice, (party) => edit(party, '<cbc:EndpointID schemeID="0208">', '<cbc:EndpointID>')), []],
  ['BR-63', (b) => buyer(b.invoice, (party) => edit(party, '<cbc:EndpointID schemeID="0208">', '<cbc:EndpointID>')), []],
  ['PEPPOL-EN16931-R010', (b) => buyer(b.invoice, (party) => remove(party, 'cbc:EndpointID')), ['UBL-CARD-BuyerEndpointID']],
  ['PEPPOL-EN16931-R020', (b) => seller(b.invoice, (party) => remove(party, 'cbc:EndpointID')), ['UBL-CARD-SellerEndpointID']],
  ['PEPPOL-COMMON-R043', fromSource({ ...invoice, seller: { ...invoice.seller, legalId: { scheme: '0208', id: '0123456748' } } }), []],
  // Totals
  ['BR-12', (b) => inside(b.invoice, 'cac:LegalMonetaryTotal', (total) => remove(total, 'cbc:LineExtensionAmount')), ['BR-CO-10', 'BR-CO-13']],
  ['BR-13', (b) => remove(b.invoice, 'cbc:TaxExclusiveAmount'), ['BR-CO-13', 'BR-CO-15']],
  ['BR-14', (b) => remove(b.invoice, 'cbc:TaxInclusiveAmount'), ['BR-CO-15', 'BR-CO-16']],
  ['BR-15', (b) => remove(b.invoice, 'cbc:PayableAmount'), ['BR-CO-16']],
  ['BR-CO-10', fromSource(shiftTotals(invoice, 'lineExtension', 0.01)), []],
  ['BR-CO-13', fromSource(shiftTotals(invoice, 'taxExclusive', 0.01)), []],
  ['BR-CO-14', fromSource(shiftTotals(invoice, 'tax', 0.01)), []],
  ['BR-CO-15', fromSource(shiftTotals(invoice, 'taxInclusive', 0.01)), []],
  ['BR-CO-16', fromSource(shiftTotals(invoice, 'payable', 0.01)), []],
  ['BR-CO-25', fromSource({ ...invoice, dueDate: null, paymentTerms: null }), []],
  // VAT breakdown
  ['BR-CO-18', (b) => edit(b.invoice, /\s*<cac:TaxSubtotal>[\s\S]*?<\/cac:TaxSubtotal>/g, ''), ['BR-S-01', 'PEPPOL-EN16931-R053']],
  ['BR-45', (b) => firstBreakdown(b.invoice, (group) => remove(group, 'cbc:TaxableAmount')), ['BR-CO-17', 'BR-S-08', 'BR-S-09']],
  ['BR-46', (b) => firstBreakdown(b.invoice, (group) => remove(group, 'cbc:TaxAmount')), ['BR-CO-14', 'BR-CO-17', 'BR-S-09']],
  ['BR-47', (b) => firstBreakdown(b.invoice, (group) => remove(group, 'cbc:ID')), []],
  ['BR-48', (b) => firstBreakdown(b.invoice, (group) => remove(group, 'cbc:Percent')), ['BR-CO-17', 'BR-S-09']],
  [
    'BR-CO-17',
    fromSource({
      ...shiftTotals(shiftTotals(invoice, 'lineExtension', 100), 'tax', 1),
      lines: [...invoice.lines, { id: '4', name: 'Export crate', quantity: 1, unitCode: 'XCR', unitPrice: 100, netAmount: 100, vat: { category: 'Z', rate: 0 } }],
      taxBreakdown: [...invoice.taxBreakdown, { category: 'Z', rate: 0, taxable: 100, tax: 1 }],
    }),
    [],
  ],
  ['BR-S-08', fromSource({ ...invoice, taxBreakdown: [{ ...invoice.taxBreakdown[0]!, taxable: 1281 }, invoice.taxBreakdown[1]!] }), []],
  [
    'BR-S-09',
    fromSource({ ...shiftTotals(invoice, 'tax', -1), taxBreakdown: [{ ...invoice.taxBreakdown[0]!, tax: 267.8 }, invoice.taxBreakdown[1]!] }),
    ['BR-CO-17'],
  ],
  [
    'BR-S-05',
    fromSource({
      ...invoice,
      lines: [...invoice.lines, { id: '4', name: 'Sample swatch', quantity: 1, unitCode: 'C62', unitPrice: 0, netAmount: 0, vat: { category: 'S', rate: 0 } }],
    }),
    [],
  ],
  ['BR-CO-04', (b) => firstLine(b.invoice, (line) => edit(line, '<cbc:ID>VAT</cbc:ID>', '<cbc:ID>GST</cbc:ID>')), []],
  ['BR-S-01', (b) => inside(b.invoice, 'cac:TaxTotal', (total) => total.replaceAll('<cbc:ID>S</cbc:ID>', '<cbc:ID>AA</cbc:ID>')), []],
  // Peppol
  ['PEPPOL-EN16931-R001', (b) => remove(b.invoice, 'cbc:ProfileID'), ['PEPPOL-EN16931-R007', 'UBL-CARD-ProfileID']],
  ['PEPPOL-EN16931-R002', (b) => edit(b.invoice, '<cbc:DocumentCurrencyCode>', '<cbc:Note>Thank you</cbc:Note><cbc:Note>Merci</cbc:Note><cbc:DocumentCurrencyCode>'), []],
  ['PEPPOL-EN16931-R003', fromSource({ ...invoice, buyerReference: null, orderReference: null }), []],
  ['PEPPOL-EN16931-R004', (b) => edit(b.invoice, /<cbc:CustomizationID>[^<]*</, '<cbc:CustomizationID>urn:cen.eu:en16931:2017<'), []],
  ['PEPPOL-EN16931-R007', (b) => edit(b.invoice, 'poacc:billing:01:1.0', 'poacc:billing:1:1.0'), []],
  ['PEPPOL-EN16931-R008', (b) => edit(b.invoice, '<cbc:DocumentCurrencyCode>', '<cbc:AccountingCost/><cbc:DocumentCurrencyCode>'), []],
  ['PEPPOL-EN16931-R051', (b) => edit(b.invoice, '<cbc:PriceAmount currencyID="EUR">', '<cbc:PriceAmount currencyID="USD">'), []],
  ['PEPPOL-EN16931-R053', (b) => duplicate(b.invoice, 'cac:TaxTotal'), ['BR-CO-15']],
  ['PEPPOL-EN16931-R120', fromSource(withLine(invoice, 0, { unitPrice: 85.01 })), []],
  [
    'PEPPOL-EN16931-R121',
    (b) => edit(b.invoice, '85.00</cbc:PriceAmount>', '85.00</cbc:PriceAmount><cbc:BaseQuantity unitCode="HUR">0</cbc:BaseQuantity>'),
    [],
  ],
  // Cardinalities
  ['UBL-CARD-CustomizationID', (b) => duplicate(b.invoice, 'cbc:CustomizationID'), []],
  ['UBL-CARD-ProfileID', (b) => duplicate(b.invoice, 'cbc:ProfileID'), []],
  ['UBL-CARD-ID', (b) => duplicate(b.invoice, 'cbc:ID'), []],
  ['UBL-CARD-IssueDate', (b) => duplicate(b.invoice, 'cbc:IssueDate'), []],
  ['UBL-CARD-TypeCode', (b) => duplicate(b.invoice, 'cbc:InvoiceTypeCode'), []],
  ['UBL-CARD-DocumentCurrencyCode', (b) => duplicate(b.invoice, 'cbc:DocumentCurrencyCode'), []],
  ['UBL-CARD-AccountingSupplierParty', (b) => seller(b.invoice, (party) => duplicate(party, 'cac:Party')), []],
  ['UBL-CARD-AccountingCustomerParty', (b) => buyer(b.invoice, (party) => duplicate(party, 'cac:Party')), []],
  [
    'UBL-CARD-TaxTotal',
    (b) => {
      const inAccountingCurrency = '<cac:TaxTotal><cbc:TaxAmount currencyID="USD">290.00</cbc:TaxAmount></cac:TaxTotal>';
      return edit(b.invoice, '<cac:LegalMonetaryTotal>', `${inAccountingCurrency}${inAccountingCurrency}<cac:LegalMonetaryTotal>`);
    },
    [],
  ],
  ['UBL-CARD-LegalMonetaryTotal', (b) => duplicate(b.invoice, 'cac:LegalMonetaryTotal'), []],
  ['UBL-CARD-SellerEndpointID', (b) => seller(b.invoice, (party) => duplicate(party, 'cbc:EndpointID')), []],
  ['UBL-CARD-SellerPostalAddress', (b) => seller(b.invoice, (party) => duplicate(party, 'cac:PostalAddress')), []],
  ['UBL-CARD-SellerPartyLegalEntity', (b) => seller(b.invoice, (party) => duplicate(party, 'cac:PartyLegalEntity')), []],
  ['UBL-CARD-SellerRegistrationName', (b) => seller(b.invoice, (party) => duplicate(party, 'cbc:RegistrationName')), []],
  ['UBL-CARD-BuyerEndpointID', (b) => buyer(b.invoice, (party) => duplicate(party, 'cbc:EndpointID')), []],
  ['UBL-CARD-BuyerPostalAddress', (b) => buyer(b.invoice, (party) => duplicate(party, 'cac:PostalAddress')), []],
  ['UBL-CARD-BuyerPartyLegalEntity', (b) => buyer(b.invoice, (party) => duplicate(party, 'cac:PartyLegalEntity')), []],
  ['UBL-CARD-BuyerRegistrationName', (b) => buyer(b.invoice, (party) => duplicate(party, 'cbc:RegistrationName')), []],
];

const ruleIds = (xml: string) => [...new Set(checkPeppolRules(xml).map((violation) => violation.rule))].sort();

let bases: Bases;

beforeAll(async () => {
  bases = { invoice: await buildUblDocument(invoice), creditNote: await buildUblDocument(creditNote) };
});

describe('checkPeppolRules', () => {
  it('finds nothing wrong in a valid Belgian invoice at 21% and 6% VAT, nor in a credit note', () => {
    expect(checkPeppolRules(bases.invoice)).toEqual([]);
    expect(checkPeppolRules(bases.creditNote)).toEqual([]);
  });

  it('has one case below for every rule it checks', () => {
    expect(new Set(PEPPOL_RULE_IDS).size).toBe(PEPPOL_RULE_IDS.length);
    expect(cases.map(([rule]) => rule).sort()).toEqual([...PEPPOL_RULE_IDS].sort());
  });

  it.each(cases)('refuses a document that breaks %s', async (rule, breakage, alsoBroken) => {
    const xml = await breakage(bases);
    expect(ruleIds(xml)).toEqual([rule, ...alsoBroken].sort());
  });

  it('checks credit notes by their own names: CreditNoteLine, CreditedQuantity, CreditNoteTypeCode', () => {
    const noQuantity = inside(bases.creditNote, 'cac:CreditNoteLine', (line) => remove(line, 'cbc:CreditedQuantity'));
    expect(ruleIds(noQuantity)).toEqual(['BR-22', 'BR-23', 'PEPPOL-EN16931-R120']);
    const invoiceCode = edit(bases.creditNote, '<cbc:CreditNoteTypeCode>381<', '<cbc:CreditNoteTypeCode>380<');
    expect(ruleIds(invoiceCode)).toEqual(['BR-CL-01', 'PEPPOL-EN16931-P0101']);
    // The document total comes before the lines, so this is the sum of the line net amounts (BT-106).
    const offByACent = edit(bases.creditNote, '<cbc:LineExtensionAmount currencyID="EUR">260.00', '<cbc:LineExtensionAmount currencyID="EUR">260.01');
    expect(ruleIds(offByACent)).toEqual(['BR-CO-10', 'BR-CO-13']);
  });

  it('asks a due date or payment terms of an invoice only, as a UBL CreditNote has no due date', async () => {
    expect(ruleIds(await buildUblDocument({ ...creditNote, paymentTerms: null }))).toEqual([]);
  });

  it('reports each problem of a document by its rule id and where it is', async () => {
    const xml = await buildUblDocument({ ...shiftTotals(invoice, 'payable', 0.05), buyerReference: null, orderReference: null });
    const broken = edit(inside(xml, 'cac:InvoiceLine', (line) => edit(line, 'unitCode="C62"', 'unitCode="PIECES"'), 2), '>2025-05-31<', '>31/05/2025<');
    expect(checkPeppolRules(broken)).toEqual([
      expect.objectContaining({ rule: 'PEPPOL-EN16931-F001', location: '/Invoice/cbc:IssueDate', message: 'A date MUST be formatted YYYY-MM-DD.' }),
      expect.objectContaining({ rule: 'BR-CL-23', location: '/Invoice/cac:InvoiceLine[2]/cbc:InvoicedQuantity' }),
      expect.objectContaining({ rule: 'BR-CO-16', location: '/Invoice/cac:LegalMonetaryTotal' }),
      expect.objectContaining({ rule: 'PEPPOL-EN16931-R003', location: '/Invoice' }),
    ]);
  });

  it('compares totals at the cent and allows the schematron’s tolerances, no more', async () => {
    // A line may be 2 cents off quantity × price (R120): 8 × 32.4975 = 259.98 passes, 8 × 32.4962 = 259.9696 does not.
    const price = '<cbc:PriceAmount currencyID="EUR">32.50';
    expect(ruleIds(edit(bases.invoice, price, '<cbc:PriceAmount currencyID="EUR">32.4975'))).toEqual([]);
    expect(ruleIds(edit(bases.invoice, price, '<cbc:PriceAmount currencyID="EUR">32.4962'))).toEqual(['PEPPOL-EN16931-R120']);
    // A category's VAT may be less than a unit off taxable × rate (BR-CO-17, BR-S-09), as VAT rounded line by line is.
    const vatRoundedPerLine = { ...shiftTotals(invoice, 'tax', 0.99), taxBreakdown: [{ ...invoice.taxBreakdown[0]!, tax: 269.79 }, invoice.taxBreakdown[1]!] };
    expect(ruleIds(await buildUblDocument(vatRoundedPerLine))).toEqual([]);
    // Totals have no tolerance: half a cent off is off (BR-CO-10, and BR-CO-13 as the total without VAT is unchanged).
    expect(ruleIds(edit(bases.invoice, '<cbc:LineExtensionAmount currencyID="EUR">1317.50', '<cbc:LineExtensionAmount currencyID="EUR">1317.505'))).toEqual(['BR-CO-10', 'BR-CO-13']);
  });

  it('refuses what is not a well-formed UBL Invoice or CreditNote, and checks nothing else', () => {
    expect(checkPeppolRules(bases.invoice.slice(0, -20))).toEqual([{ rule: 'UBL-SYNTAX', message: expect.stringContaining('not well-formed XML') }]);
    expect(checkPeppolRules('<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"/>')).toEqual([
      { rule: 'UBL-SYNTAX', message: 'The document is not a UBL Invoice or CreditNote (its root is Order)' },
    ]);
  });

  it('reads the document whatever namespace prefixes its producer chose', () => {
    const prefixed = bases.invoice
      .replace('<Invoice xmlns=', '<ubl:Invoice xmlns:ubl=')
      .replace('</Invoice>', '</ubl:Invoice>')
      .replaceAll('cbc:', 'b:')
      .replaceAll('cac:', 'a:');
    expect(checkPeppolRules(prefixed)).toEqual([]);
  });
});
