import type { EInvoiceLine, EInvoiceParty, EInvoiceSource, EInvoiceTaxGroup, VatCategory } from '../EInvoiceSource.js';
import { formatAmount } from './formatAmount.js';
import { PEPPOL_CUSTOMIZATION_ID, PEPPOL_PROFILE_ID } from './peppolIdentifiers.js';

/**
 * @e-invoice-eu/core's JSON shape of a UBL document: element names as keys, `element@attribute` for an
 * attribute, arrays where UBL repeats. Loose until the library's schema has checked it.
 */
export interface UblObject {
  readonly [key: string]: string | UblObject | readonly UblObject[];
}

type Member = UblObject[string];

type Members = Readonly<Record<string, Member | undefined>>;

/** An amount element and its currencyID attribute. */
type AmountOf = (key: string, value: number) => Members;

/** Categories whose breakdown states why no VAT is charged (BR-E-10, BR-AE-10, BR-IC-10, BR-G-10, BR-O-10). */
const EXEMPT_CATEGORIES: ReadonlySet<VatCategory> = new Set(['E', 'AE', 'K', 'G', 'O']);

const VAT_SCHEME: UblObject = { 'cbc:ID': 'VAT' };

/** The ERP's invoice or credit note in the library's shape: mapped only, every figure as the ERP computed it. */
export function toUblInvoice(source: EInvoiceSource): UblObject {
  const currency = text(source.currency);
  const amount: AmountOf = (key, value) =>
    currency === undefined
      ? { [key]: formatAmount(value) }
      : { [key]: formatAmount(value), [`${key}@currencyID`]: currency };
  const isInvoice = source.kind === 'invoice';

  const document = compact({
    'cbc:CustomizationID': PEPPOL_CUSTOMIZATION_ID,
    'cbc:ProfileID': PEPPOL_PROFILE_ID,
    'cbc:ID': text(source.number),
    'cbc:IssueDate': text(source.issueDate),
    'cbc:DueDate': isInvoice ? text(source.dueDate) : undefined,
    // The library writes a CreditNote, with CreditNoteLine and CreditedQuantity, for a credit-note type code.
    'cbc:InvoiceTypeCode': isInvoice ? '380' : '381',
    'cbc:DocumentCurrencyCode': currency,
    'cbc:BuyerReference': text(source.buyerReference),
    'cac:OrderReference': present({ 'cbc:ID': text(source.orderReference) }),
    'cac:BillingReference': list(
      source.corrects &&
        present({
          'cac:InvoiceDocumentReference': present({
            'cbc:ID': text(source.corrects.number),
            'cbc:IssueDate': text(source.corrects.issueDate),
          }),
        }),
    ),
    'cac:AccountingSupplierParty': present({ 'cac:Party': party(source.seller, 'seller') }),
    'cac:AccountingCustomerParty': present({ 'cac:Party': party(source.buyer, 'buyer') }),
    'cac:PaymentMeans': list(
      source.payment &&
        present({
          'cbc:PaymentMeansCode': text(source.payment.meansCode),
          'cbc:PaymentID': text(source.payment.reference),
          'cac:PayeeFinancialAccount': present({ 'cbc:ID': text(source.payment.accountId) }),
        }),
    ),
    'cac:PaymentTerms': present({ 'cbc:Note': paymentTermsNote(source) }),
    'cac:TaxTotal': list(
      present({
        ...amount('cbc:TaxAmount', source.totals.tax),
        'cac:TaxSubtotal': list(...source.taxBreakdown.map((group) => taxSubtotal(group, amount))),
      }),
    ),
    'cac:LegalMonetaryTotal': present({
      ...amount('cbc:LineExtensionAmount', source.totals.lineExtension),
      ...amount('cbc:TaxExclusiveAmount', source.totals.taxExclusive),
      ...amount('cbc:TaxInclusiveAmount', source.totals.taxInclusive),
      ...amount('cbc:PayableAmount', source.totals.payable),
    }),
    'cac:InvoiceLine': list(...source.lines.map((line) => invoiceLine(line, amount))),
  });
  return { 'ubl:Invoice': document };
}

function party(source: EInvoiceParty, role: 'seller' | 'buyer'): UblObject | undefined {
  const legalScheme = text(source.legalId?.scheme);
  const identification = present(identifier('cbc:ID', source.legalId?.id, legalScheme));
  const vat = text(source.vatId);
  const taxScheme = vat === undefined ? undefined : { 'cbc:CompanyID': vat, 'cac:TaxScheme': VAT_SCHEME };
  return present({
    ...identifier('cbc:EndpointID', source.endpoint?.id, text(source.endpoint?.scheme)),
    // The legal registration id is also the party identifier (BT-29/BT-46), the one buyers and suppliers
    // are matched on. The library's schema repeats these two groups for the seller only, as EN 16931 does.
    'cac:PartyIdentification': role === 'seller' ? list(identification) : identification,
    'cac:PartyName': present({ 'cbc:Name': text(source.name) }),
    'cac:PostalAddress': present({
      'cbc:StreetName': text(source.address.street),
      'cbc:CityName': text(source.address.city),
      'cbc:PostalZone': text(source.address.postalCode),
      'cac:Country': present({ 'cbc:IdentificationCode': text(source.address.country) }),
    }),
    'cac:PartyTaxScheme': role === 'seller' ? list(taxScheme) : taxScheme,
    'cac:PartyLegalEntity': present({
      'cbc:RegistrationName': text(source.name),
      ...identifier('cbc:CompanyID', source.legalId?.id, legalScheme),
    }),
    'cac:Contact': present({ 'cbc:ElectronicMail': text(source.email) }),
  });
}

function taxSubtotal(group: EInvoiceTaxGroup, amount: AmountOf): UblObject | undefined {
  return present({
    ...amount('cbc:TaxableAmount', group.taxable),
    ...amount('cbc:TaxAmount', group.tax),
    'cac:TaxCategory': taxCategory(group.category, group.rate, {
      'cbc:TaxExemptionReason': EXEMPT_CATEGORIES.has(group.category) ? text(group.exemptionReason) : undefined,
    }),
  });
}

function invoiceLine(line: EInvoiceLine, amount: AmountOf): UblObject | undefined {
  return present({
    'cbc:ID': text(line.id),
    'cbc:InvoicedQuantity': String(line.quantity),
    'cbc:InvoicedQuantity@unitCode': text(line.unitCode),
    ...amount('cbc:LineExtensionAmount', line.netAmount),
    'cac:Item': present({
      'cbc:Name': text(line.name),
      'cac:ClassifiedTaxCategory': taxCategory(line.vat.category, line.vat.rate),
    }),
    'cac:Price': present(amount('cbc:PriceAmount', line.unitPrice)),
  });
}

function taxCategory(category: VatCategory, rate: number, extra: Members = {}): UblObject | undefined {
  return present({
    'cbc:ID': category,
    // "Not subject to VAT" has no rate at all (BR-O-05, BR-O-09); every other category states one.
    'cbc:Percent': category === 'O' ? undefined : String(rate),
    ...extra,
    'cac:TaxScheme': VAT_SCHEME,
  });
}

/**
 * BT-20. A UBL CreditNote has no DueDate (the library drops it) and the library's schema has no
 * PaymentMeans/PaymentDueDate, so a credit note's due date travels in the payment terms text.
 */
function paymentTermsNote(source: EInvoiceSource): string | undefined {
  const terms = text(source.paymentTerms);
  const due = text(source.dueDate);
  if (source.kind === 'invoice' || due === undefined) return terms;
  return terms === undefined ? `Due date: ${due}` : `${terms} (due date: ${due})`;
}

/** An identifier and its scheme, or nothing: a scheme without its identifier would be an empty element. */
function identifier(key: string, id: string | null | undefined, scheme: string | undefined): Members {
  const value = text(id);
  if (value === undefined) return {};
  return scheme === undefined ? { [key]: value } : { [key]: value, [`${key}@schemeID`]: scheme };
}

/** A value, or nothing when blank: Peppol refuses empty elements (PEPPOL-EN16931-R008). */
function text(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** The members that are there. */
function compact(members: Members): UblObject {
  const kept = Object.entries(members).filter((entry): entry is [string, Member] => entry[1] !== undefined);
  return Object.fromEntries(kept);
}

/** The members that are there, or nothing when none is, so that no element is written empty. */
function present(members: Members): UblObject | undefined {
  const kept = compact(members);
  return Object.keys(kept).length === 0 ? undefined : kept;
}

function list(...items: readonly (UblObject | null | undefined)[]): readonly UblObject[] | undefined {
  const kept = items.filter((item): item is UblObject => item != null);
  return kept.length === 0 ? undefined : kept;
}
