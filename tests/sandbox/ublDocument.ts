import { COMPANY_ENTERPRISE_NUMBER } from '../../src/sandbox/data/setupIds.js';
import type { Sandbox } from '../../src/sandbox/startSandbox.js';
import { call, type JsonResponse } from './sandboxClient.js';

/** The sandbox company's Peppol address (0208 and its enterprise number), registered in the directory. */
export const SELLER_ENDPOINT = { scheme: '0208', id: COMPANY_ENTERPRISE_NUMBER };
/** Customer 27 (Ruby Koch): a Belgian customer the seeded directory reaches. */
export const REACHABLE_BUYER = { name: 'Ruby Koch', vat: 'BE0785857079', endpoint: { scheme: '0208', id: '0785857079' } };

export interface UblOptions {
  kind?: 'Invoice' | 'CreditNote';
  number?: string;
  sellerName?: string | null;
  sellerEndpoint?: { scheme: string | null; id: string } | null;
  buyerName?: string | null;
  buyerEndpoint?: { scheme: string | null; id: string } | null;
  buyerVat?: string;
  buyerLegalId?: { scheme: string; id: string };
  buyerReference?: string | null;
  orderReference?: string | null;
  /** Net unit prices in cents, all taxed at `rate`. */
  lines?: { name: string; quantity: number; unitCents: number }[];
  rate?: number;
  /** Replaces a computed total (in cents), to make the document's figures disagree. */
  totals?: Partial<Record<'lineExtension' | 'taxExclusive' | 'tax' | 'taxInclusive' | 'payable' | 'subtotalTax', number>>;
}

const money = (cents: number) => (cents / 100).toFixed(2);

interface PartyXml {
  name: string | null;
  endpoint: UblOptions['sellerEndpoint'];
  identification?: string;
  vat: string;
  legalId?: { scheme: string; id: string } | undefined;
}

/** A cac:Party with its children in UBL's order. */
function party({ name, endpoint, identification, vat, legalId }: PartyXml): string {
  const legal = [
    name === null ? '' : `<cbc:RegistrationName>${name}</cbc:RegistrationName>`,
    legalId ? `<cbc:CompanyID schemeID="${legalId.scheme}">${legalId.id}</cbc:CompanyID>` : '',
  ].join('');
  return `<cac:Party>
      ${endpoint ? `<cbc:EndpointID${endpoint.scheme ? ` schemeID="${endpoint.scheme}"` : ''}>${endpoint.id}</cbc:EndpointID>` : ''}
      ${identification ? `<cac:PartyIdentification><cbc:ID>${identification}</cbc:ID></cac:PartyIdentification>` : ''}
      <cac:PostalAddress><cac:Country><cbc:IdentificationCode>BE</cbc:IdentificationCode></cac:Country></cac:PostalAddress>
      <cac:PartyTaxScheme><cbc:CompanyID>${vat}</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
      ${legal ? `<cac:PartyLegalEntity>${legal}</cac:PartyLegalEntity>` : ''}
    </cac:Party>`;
}

/**
 * A Peppol BIS Billing 3.0 invoice or credit note from the sandbox company, as the gateway would build one;
 * its figures add up (tax rounded per line, as Odoo does) unless `totals` says otherwise.
 */
export function ublDocument(options: UblOptions = {}): string {
  const kind = options.kind ?? 'Invoice';
  const rate = options.rate ?? 20;
  const lines = (options.lines ?? [{ name: 'Compact Desk Lamp', quantity: 2, unitCents: 4999 }, { name: 'Smart Headset', quantity: 1, unitCents: 12950 }])
    .map((line) => ({ ...line, amount: line.quantity * line.unitCents }));
  const lineExtension = options.totals?.lineExtension ?? lines.reduce((sum, line) => sum + line.amount, 0);
  const subtotalTax = options.totals?.subtotalTax ?? lines.reduce((sum, line) => sum + Math.round((line.amount * rate) / 100), 0);
  const tax = options.totals?.tax ?? subtotalTax;
  const taxExclusive = options.totals?.taxExclusive ?? lineExtension;
  const taxInclusive = options.totals?.taxInclusive ?? taxExclusive + tax;
  const payable = options.totals?.payable ?? taxInclusive;
  const buyerReference = options.buyerReference === undefined ? 'PO-4711' : options.buyerReference;
  const orderReference = options.orderReference === undefined ? 'S00042' : options.orderReference;
  const buyerEndpoint = options.buyerEndpoint === undefined ? REACHABLE_BUYER.endpoint : options.buyerEndpoint;
  const lineTag = kind === 'Invoice' ? 'InvoiceLine' : 'CreditNoteLine';
  const quantityTag = kind === 'Invoice' ? 'InvoicedQuantity' : 'CreditedQuantity';
  return `<?xml version="1.0" encoding="UTF-8"?>
<${kind} xmlns="urn:oasis:names:specification:ubl:schema:xsd:${kind}-2"
  xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>
  <cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>
  <cbc:ID>${options.number ?? 'INV/2026/00001'}</cbc:ID>
  <cbc:IssueDate>2026-01-02</cbc:IssueDate>
  ${kind === 'Invoice' ? '<cbc:DueDate>2026-02-01</cbc:DueDate><cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>' : '<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>'}
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
  ${buyerReference === null ? '' : `<cbc:BuyerReference>${buyerReference}</cbc:BuyerReference>`}
  ${orderReference === null ? '' : `<cac:OrderReference><cbc:ID>${orderReference}</cbc:ID></cac:OrderReference>`}
  <cac:AccountingSupplierParty>
    ${party({ name: options.sellerName === undefined ? 'Switchyard NV' : options.sellerName, endpoint: options.sellerEndpoint === undefined ? SELLER_ENDPOINT : options.sellerEndpoint, vat: 'BE0792465155' })}
  </cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty>
    ${party({ name: options.buyerName === undefined ? REACHABLE_BUYER.name : options.buyerName, endpoint: buyerEndpoint, identification: 'CUST-0027', vat: options.buyerVat ?? REACHABLE_BUYER.vat, legalId: options.buyerLegalId })}
  </cac:AccountingCustomerParty>
  <cac:PaymentTerms><cbc:Note>Payment terms: 30 Days</cbc:Note></cac:PaymentTerms>
  <cac:TaxTotal>
    <cbc:TaxAmount currencyID="EUR">${money(tax)}</cbc:TaxAmount>
    <cac:TaxSubtotal>
      <cbc:TaxableAmount currencyID="EUR">${money(taxExclusive)}</cbc:TaxableAmount>
      <cbc:TaxAmount currencyID="EUR">${money(subtotalTax)}</cbc:TaxAmount>
      <cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>${rate}</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory>
    </cac:TaxSubtotal>
  </cac:TaxTotal>
  <cac:LegalMonetaryTotal>
    <cbc:LineExtensionAmount currencyID="EUR">${money(lineExtension)}</cbc:LineExtensionAmount>
    <cbc:TaxExclusiveAmount currencyID="EUR">${money(taxExclusive)}</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="EUR">${money(taxInclusive)}</cbc:TaxInclusiveAmount>
    <cbc:PayableAmount currencyID="EUR">${money(payable)}</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>
  ${lines.map((line, index) => `<cac:${lineTag}>
    <cbc:ID>${index + 1}</cbc:ID>
    <cbc:${quantityTag} unitCode="C62">${line.quantity}</cbc:${quantityTag}>
    <cbc:LineExtensionAmount currencyID="EUR">${money(line.amount)}</cbc:LineExtensionAmount>
    <cac:Item><cbc:Name>${line.name}</cbc:Name>
      <cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>${rate}</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory>
    </cac:Item>
    <cac:Price><cbc:PriceAmount currencyID="EUR">${money(line.unitCents)}</cbc:PriceAmount></cac:Price>
  </cac:${lineTag}>`).join('\n  ')}
</${kind}>
`;
}

/** `POST /api/documents/ubl` with the file as multipart/form-data, as the e-invoice-api SDK sends it. */
export function uploadUbl(sandbox: Sandbox, xml: string, headers: Record<string, string> = {}, fileName = 'invoice.xml'): Promise<JsonResponse> {
  const form = new FormData();
  form.append('file', new Blob([xml], { type: 'application/xml' }), fileName);
  return call(`${sandbox.urls.einvoicing}/api/documents/ubl`, {
    method: 'POST',
    headers: { authorization: `Bearer ${sandbox.credentials.einvoicing.apiKey}`, ...headers },
    body: form,
  });
}
