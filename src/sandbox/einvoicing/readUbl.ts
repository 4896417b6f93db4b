import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { UblAmount, UblDocument, UblLine, UblParty } from '../data/SandboxData.js';
import { isRecord } from '../server/requestBody.js';

/** Elements UBL allows more than once where the access point reads them; everything else is read as one. */
const REPEATED = new Set(['InvoiceLine', 'CreditNoteLine', 'TaxTotal', 'TaxSubtotal', 'PartyIdentification', 'PartyTaxScheme', 'PaymentMeans']);

// Values stay text: amounts are decimals to compare exactly, and identifiers keep their leading zeros.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  isArray: (name) => REPEATED.has(name),
});

type Node = unknown;

/** The first `name` child of an element (repeated elements come as lists). */
function child(node: Node, ...path: string[]): Node {
  let current = node;
  for (const name of path) {
    const next = isRecord(current) ? current[name] : undefined;
    current = Array.isArray(next) ? next[0] : next;
  }
  return current;
}

function children(node: Node, name: string): Node[] {
  const value = isRecord(node) ? node[name] : undefined;
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/** An element's text, whether or not it has attributes; null when absent or empty. */
function text(node: Node): string | null {
  const value = isRecord(node) ? node['#text'] : node;
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function attribute(node: Node, name: string): string | null {
  const value = isRecord(node) ? node[`@_${name}`] : undefined;
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function identifier(node: Node): { id: string; scheme: string | null } | null {
  const id = text(node);
  return id === null ? null : { id, scheme: attribute(node, 'schemeID') };
}

function readParty(party: Node): UblParty {
  const vatScheme = children(party, 'PartyTaxScheme').find((scheme) => text(child(scheme, 'TaxScheme', 'ID')) === 'VAT');
  return {
    registrationName: text(child(party, 'PartyLegalEntity', 'RegistrationName')),
    tradingName: text(child(party, 'PartyName', 'Name')),
    endpoint: identifier(child(party, 'EndpointID')),
    vatId: text(child(vatScheme, 'CompanyID')),
    legalId: identifier(child(party, 'PartyLegalEntity', 'CompanyID')),
    identifiers: children(party, 'PartyIdentification').flatMap((entry) => identifier(child(entry, 'ID')) ?? []),
    countryCode: text(child(party, 'PostalAddress', 'Country', 'IdentificationCode')),
  };
}

function readLine(line: Node, quantityElement: string): UblLine {
  const quantity = child(line, quantityElement);
  return {
    name: text(child(line, 'Item', 'Name')),
    quantity: text(quantity),
    unitCode: attribute(quantity, 'unitCode'),
    unitPrice: text(child(line, 'Price', 'PriceAmount')),
    amount: text(child(line, 'LineExtensionAmount')),
    taxRate: text(child(line, 'Item', 'ClassifiedTaxCategory', 'Percent')),
  };
}

export type UblReading = { ok: true; document: UblDocument } | { ok: false; reason: string };

/** Reads a UBL 2.1 Invoice or CreditNote (Peppol BIS Billing 3.0) into what the access point keeps of it. */
export function readUbl(xml: string): UblReading {
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) return { ok: false, reason: `The file is not well-formed XML: ${wellFormed.err.msg} (line ${wellFormed.err.line})` };
  const parsed: unknown = parser.parse(xml);
  const root = isRecord(parsed) ? Object.keys(parsed).find((name) => !name.startsWith('?')) : undefined;
  if (root !== 'Invoice' && root !== 'CreditNote') {
    return { ok: false, reason: `The file is not a UBL Invoice or CreditNote (its root element is ${root ?? 'missing'})` };
  }
  const document = child(parsed, root);
  const isInvoice = root === 'Invoice';
  const totals = child(document, 'LegalMonetaryTotal');
  const amount = (name: string): UblAmount => text(child(totals, name));
  // The VAT breakdown is the TaxTotal with subtotals; a second one, without, states the tax in the accounting currency.
  const taxTotal = children(document, 'TaxTotal').find((total) => children(total, 'TaxSubtotal').length > 0) ?? child(document, 'TaxTotal');
  return {
    ok: true,
    document: {
      documentType: isInvoice ? 'INVOICE' : 'CREDIT_NOTE',
      invoiceId: text(child(document, 'ID')),
      issueDate: text(child(document, 'IssueDate')),
      dueDate: text(child(document, 'DueDate')) ?? text(child(document, 'PaymentMeans', 'PaymentDueDate')),
      currency: text(child(document, 'DocumentCurrencyCode')),
      buyerReference: text(child(document, 'BuyerReference')),
      orderReference: text(child(document, 'OrderReference', 'ID')),
      paymentTerms: text(child(document, 'PaymentTerms', 'Note')),
      seller: readParty(child(document, 'AccountingSupplierParty', 'Party')),
      buyer: readParty(child(document, 'AccountingCustomerParty', 'Party')),
      lines: children(document, isInvoice ? 'InvoiceLine' : 'CreditNoteLine').map((line) => readLine(line, isInvoice ? 'InvoicedQuantity' : 'CreditedQuantity')),
      totals: {
        lineExtension: amount('LineExtensionAmount'), taxExclusive: amount('TaxExclusiveAmount'), taxInclusive: amount('TaxInclusiveAmount'),
        allowances: amount('AllowanceTotalAmount'), charges: amount('ChargeTotalAmount'), prepaid: amount('PrepaidAmount'),
        rounding: amount('PayableRoundingAmount'), payable: amount('PayableAmount'),
      },
      taxTotal: text(child(taxTotal, 'TaxAmount')),
      taxSubtotals: children(taxTotal, 'TaxSubtotal').map((subtotal) => ({
        taxable: text(child(subtotal, 'TaxableAmount')), tax: text(child(subtotal, 'TaxAmount')), rate: text(child(subtotal, 'TaxCategory', 'Percent')),
      })),
    },
  };
}
