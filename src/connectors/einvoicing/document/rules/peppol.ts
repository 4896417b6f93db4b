import { PEPPOL_CUSTOMIZATION_ID } from '../peppolIdentifiers.js';
import { hundredths, roundedHundredths } from '../hundredths.js';
import { quantityOf } from './lines.js';
import { documentRule, elementRule, type Rule } from './Rule.js';
import {
  decimalOf,
  descendants,
  descendantsNamed,
  first,
  select,
  sumOf,
  textAt,
  type UblElement,
} from './UblElement.js';

/** Amounts whose currencyID must be the document's (PEPPOL-EN16931-R051), besides the VAT amounts below. */
const AMOUNTS = [
  'Amount',
  'BaseAmount',
  'PriceAmount',
  'TaxableAmount',
  'LineExtensionAmount',
  'TaxExclusiveAmount',
  'TaxInclusiveAmount',
  'AllowanceTotalAmount',
  'ChargeTotalAmount',
  'PrepaidAmount',
  'PayableRoundingAmount',
  'PayableAmount',
];

/**
 * The VAT amounts in the document currency: a breakdown's, and the total of the TaxTotal that has the
 * breakdown. The other TaxTotal, if any, is the VAT in accounting currency (BT-111), in its own currency.
 */
function vatAmounts(root: UblElement): UblElement[] {
  return [
    ...descendantsNamed(root, 'TaxTotal').filter((taxTotal) => first(taxTotal, 'TaxSubtotal') !== undefined),
    ...descendantsNamed(root, 'TaxSubtotal'),
  ].flatMap((parent) => select(parent, 'TaxAmount'));
}

const countryOf = (party: UblElement | undefined) =>
  textAt(party, 'PostalAddress', 'Country', 'IdentificationCode').toUpperCase();

/** The sum of a line's allowances (false) or charges (true), rounded to cents as the schematron does. */
function lineAllowanceCharges(line: UblElement, charge: boolean): number | undefined {
  const amounts = select(line, 'AllowanceCharge')
    .filter((allowanceCharge) => textAt(allowanceCharge, 'ChargeIndicator') === String(charge))
    .flatMap((allowanceCharge) => select(allowanceCharge, 'Amount'));
  const sum = sumOf(amounts);
  return sum === undefined ? undefined : roundedHundredths(sum) / 100;
}

/** An optional decimal with the schematron's default when it is absent; undefined when it is not a decimal. */
function decimalOr(element: UblElement | undefined, fallback: number): number | undefined {
  return element === undefined ? fallback : decimalOf(element);
}

/** Quantity × price per base quantity + charges - allowances, with the schematron's defaults for what is absent. */
function expectedNetAmount(line: UblElement): number | undefined {
  const quantity = decimalOr(quantityOf(line), 1);
  const price = decimalOr(first(line, 'Price', 'PriceAmount'), 0);
  const baseQuantity = decimalOr(first(line, 'Price', 'BaseQuantity'), 1);
  const charges = lineAllowanceCharges(line, true);
  const allowances = lineAllowanceCharges(line, false);
  if (quantity === undefined || price === undefined || baseQuantity === undefined) return undefined;
  if (charges === undefined || allowances === undefined) return undefined;
  // A zero base quantity counts as one here; PEPPOL-EN16931-R121 refuses it on its own.
  return quantity * (price / (baseQuantity === 0 ? 1 : baseQuantity)) + charges - allowances;
}

/** Peppol BIS Billing 3.0's own rules. */
export const peppolRules: readonly Rule[] = [
  documentRule(
    'PEPPOL-EN16931-R001',
    'Business process MUST be provided.',
    ({ root }) => first(root, 'ProfileID') !== undefined,
  ),
  documentRule(
    'PEPPOL-EN16931-R002',
    'No more than one note is allowed on document level, unless both the buyer and seller are German organizations.',
    ({ root, seller, buyer }) =>
      select(root, 'Note').length <= 1 || (countryOf(seller) === 'DE' && countryOf(buyer) === 'DE'),
  ),
  documentRule(
    'PEPPOL-EN16931-R003',
    'A buyer reference or purchase order reference MUST be provided.',
    ({ root }) => first(root, 'BuyerReference') !== undefined || first(root, 'OrderReference', 'ID') !== undefined,
  ),
  documentRule(
    'PEPPOL-EN16931-R004',
    `Specification identifier MUST have the value '${PEPPOL_CUSTOMIZATION_ID}'.`,
    ({ root }) => textAt(root, 'CustomizationID').startsWith(PEPPOL_CUSTOMIZATION_ID),
  ),
  documentRule(
    'PEPPOL-EN16931-R007',
    "Business process MUST be in the format 'urn:fdc:peppol.eu:2017:poacc:billing:NN:1.0' where NN indicates the process number.",
    ({ profile }) => profile !== undefined,
  ),
  elementRule(
    'PEPPOL-EN16931-R008',
    'Document MUST not contain empty elements.',
    ({ root }) => [root, ...descendants(root)],
    (element) => element.children.length > 0 || element.text !== '',
  ),
  elementRule(
    'PEPPOL-EN16931-R051',
    'All currencyID attributes must have the same value as the invoice currency code (BT-5), except for the invoice total VAT amount in accounting currency (BT-111).',
    ({ root }) => [...descendantsNamed(root, ...AMOUNTS), ...vatAmounts(root)],
    (amount, { currency }) => amount.attributes.currencyID === currency,
  ),
  documentRule(
    'PEPPOL-EN16931-R053',
    'Only one tax total with tax subtotals MUST be provided.',
    ({ root }) =>
      select(root, 'TaxTotal').filter((taxTotal) => first(taxTotal, 'TaxSubtotal') !== undefined).length === 1,
  ),
  elementRule(
    'PEPPOL-EN16931-R120',
    'Invoice line net amount MUST equal (Invoiced quantity * (Item net price/item price base quantity) + Sum of invoice line charge amount - sum of invoice line allowance amount',
    ({ lines }) => lines,
    (line) => {
      const net = decimalOr(first(line, 'LineExtensionAmount'), 0);
      const expected = expectedNetAmount(line);
      // u:slack(net, expected, 0.02): equal within two cents, both ends included.
      return net !== undefined && expected !== undefined && Math.abs(hundredths(net - expected)) <= 2;
    },
  ),
  elementRule(
    'PEPPOL-EN16931-R121',
    'Base quantity MUST be a positive number above zero.',
    ({ lines }) => lines.flatMap((line) => select(line, 'Price', 'BaseQuantity')),
    (baseQuantity) => (decimalOf(baseQuantity) ?? 0) > 0,
  ),
];
