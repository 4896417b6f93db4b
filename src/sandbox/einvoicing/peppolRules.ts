import { isBelgianEnterpriseNumber } from '../data/businessIdentifiers.js';
import type { UblAmount, UblDocument, UblParty } from '../data/SandboxData.js';

/** One finding of the access point's validation, as e-invoice.be reports Schematron results. */
export interface ValidationIssue {
  message: string;
  /** The rule set: CEN's EN 16931 rules, or OpenPeppol's BIS Billing 3.0 rules on top of them. */
  schematron: 'EN16931' | 'PEPPOL-EN16931';
  type: 'error' | 'warning';
  flag: 'fatal' | 'warning';
  /** Where in the document, as the validator's XPath. */
  location: string;
  rule_id: string;
  test: null;
}

/** Decimal text to cents; NaN when absent or not a number, which fails every comparison. */
function cents(amount: UblAmount): number {
  return amount === null || amount.trim() === '' ? Number.NaN : Math.round(Number(amount) * 100);
}

/** An optional amount (allowances, charges, prepaid, rounding) counts as zero when absent. */
function optionalCents(amount: UblAmount): number {
  return amount === null ? 0 : cents(amount);
}

/**
 * The checks a Peppol access point runs before it sends (a subset of the EN 16931 and Peppol BIS Billing
 * 3.0 Schematrons): totals that add up, named parties, electronic addresses with a scheme, a buyer or order
 * reference, and Belgian enterprise numbers with valid check digits. Messages are the Schematrons' own.
 */
export function checkPeppolRules(ubl: UblDocument): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const root = `/${ubl.documentType === 'INVOICE' ? 'Invoice' : 'CreditNote'}[1]`;
  const seller = `${root}/AccountingSupplierParty[1]/Party[1]`;
  const buyer = `${root}/AccountingCustomerParty[1]/Party[1]`;
  const totalsAt = `${root}/LegalMonetaryTotal[1]`;
  const fail = (schematron: ValidationIssue['schematron'], ruleId: string, message: string, location: string, warning = false): void => {
    issues.push({
      message: schematron === 'EN16931' ? `[${ruleId}]-${message}` : message, schematron, type: warning ? 'warning' : 'error',
      flag: warning ? 'warning' : 'fatal', location, rule_id: ruleId, test: null,
    });
  };

  if (!ubl.seller.registrationName) fail('EN16931', 'BR-06', 'An Invoice shall contain the Seller name (BT-27).', root);
  if (!ubl.buyer.registrationName) fail('EN16931', 'BR-07', 'An Invoice shall contain the Buyer name (BT-44).', root);
  if (!ubl.buyerReference && !ubl.orderReference) fail('PEPPOL-EN16931', 'PEPPOL-EN16931-R003', 'A buyer reference or purchase order reference MUST be provided.', root);
  if (!ubl.buyer.endpoint) fail('PEPPOL-EN16931', 'PEPPOL-EN16931-R010', 'Buyer electronic address MUST be provided', buyer);
  else if (!ubl.buyer.endpoint.scheme) fail('EN16931', 'BR-63', 'The Buyer electronic address (BT-49) shall have a Scheme identifier.', `${buyer}/EndpointID[1]`);
  if (!ubl.seller.endpoint) fail('PEPPOL-EN16931', 'PEPPOL-EN16931-R020', 'Seller electronic address MUST be provided', seller);
  else if (!ubl.seller.endpoint.scheme) fail('EN16931', 'BR-62', 'The Seller electronic address (BT-34) shall have a Scheme identifier.', `${seller}/EndpointID[1]`);
  for (const [party, at] of [[ubl.seller, seller], [ubl.buyer, buyer]] as [UblParty, string][]) {
    const identifiers = [
      { value: party.endpoint, location: `${at}/EndpointID[1]` },
      ...party.identifiers.map((value, index) => ({ value, location: `${at}/PartyIdentification[${index + 1}]/ID[1]` })),
      { value: party.legalId, location: `${at}/PartyLegalEntity[1]/CompanyID[1]` },
    ];
    for (const { value, location } of identifiers) {
      if (value?.scheme === '0208' && !isBelgianEnterpriseNumber(value.id)) {
        fail('PEPPOL-EN16931', 'PEPPOL-COMMON-R043', 'Belgian enterprise number MUST be stated in the correct format.', location);
      }
    }
  }

  if (ubl.lines.length === 0) fail('EN16931', 'BR-16', 'An Invoice shall have at least one Invoice line (BG-25)', root);
  const { totals } = ubl;
  const required = [
    ['BR-12', 'An Invoice shall have the Sum of Invoice line net amount (BT-106).', totals.lineExtension],
    ['BR-13', 'An Invoice shall have the Invoice total amount without VAT (BT-109).', totals.taxExclusive],
    ['BR-14', 'An Invoice shall have the Invoice total amount with VAT (BT-112).', totals.taxInclusive],
    ['BR-15', 'An Invoice shall have the Amount due for payment (BT-115).', totals.payable],
  ] as const;
  for (const [ruleId, message, amount] of required) if (amount === null) fail('EN16931', ruleId, message, totalsAt);
  const lineSum = ubl.lines.reduce((sum, line) => sum + cents(line.amount), 0);
  const lineExtension = cents(totals.lineExtension);
  const taxExclusive = cents(totals.taxExclusive);
  const taxInclusive = cents(totals.taxInclusive);
  const tax = cents(ubl.taxTotal);
  if (totals.lineExtension !== null && lineExtension !== lineSum) {
    fail('EN16931', 'BR-CO-10', 'Sum of Invoice line net amount (BT-106) = Σ Invoice line net amount (BT-131).', totalsAt);
  }
  if (totals.taxExclusive !== null && taxExclusive !== lineExtension - optionalCents(totals.allowances) + optionalCents(totals.charges)) {
    fail('EN16931', 'BR-CO-13', 'Invoice total amount without VAT (BT-109) = Σ Invoice line net amount (BT-131) - Sum of allowances on document level (BT-107) + Sum of charges on document level (BT-108).', totalsAt);
  }
  if (ubl.taxSubtotals.length > 0 && tax !== ubl.taxSubtotals.reduce((sum, subtotal) => sum + cents(subtotal.tax), 0)) {
    fail('EN16931', 'BR-CO-14', 'Invoice total VAT amount (BT-110) = Σ VAT category tax amount (BT-117).', `${root}/TaxTotal[1]`);
  }
  if (totals.taxInclusive !== null && taxInclusive !== taxExclusive + (ubl.taxTotal === null ? 0 : tax)) {
    fail('EN16931', 'BR-CO-15', 'Invoice total amount with VAT (BT-112) = Invoice total amount without VAT (BT-109) + Invoice total VAT amount (BT-110).', totalsAt);
  }
  if (totals.payable !== null && cents(totals.payable) !== taxInclusive - optionalCents(totals.prepaid) + optionalCents(totals.rounding)) {
    fail('EN16931', 'BR-CO-16', 'Amount due for payment (BT-115) = Invoice total amount with VAT (BT-112) -Paid amount (BT-113) +Rounding amount (BT-114).', totalsAt);
  }
  // The rule tolerates a difference under one currency unit, so rounding the tax per line (as Odoo does) passes.
  ubl.taxSubtotals.forEach((subtotal, index) => {
    const expected = Math.round((cents(subtotal.taxable) * Number(subtotal.rate ?? 0)) / 100);
    if (!(Math.abs(cents(subtotal.tax) - expected) < 100)) {
      fail('EN16931', 'BR-CO-17', 'VAT category tax amount (BT-117) = VAT category taxable amount (BT-116) x (VAT category rate (BT-119) / 100), rounded to two decimals.', `${root}/TaxTotal[1]/TaxSubtotal[${index + 1}]`, true);
    }
  });
  return issues;
}
