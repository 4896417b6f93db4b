import { hundredths, roundedHundredths } from '../hundredths.js';
import { documentRule, elementRule, type Rule } from './Rule.js';
import type { UblDocument } from './readUblDocument.js';
import {
  decimalAt,
  decimalOf,
  descendantsNamed,
  first,
  hasVatScheme,
  select,
  sumOf,
  textAt,
  type UblElement,
} from './UblElement.js';

const breakdowns = ({ root }: UblDocument) => select(root, 'TaxTotal', 'TaxSubtotal');

const isStandardRated = (category: UblElement) => textAt(category, 'ID') === 'S';

const isStandardRatedVat = (category: UblElement) => isStandardRated(category) && hasVatScheme(category);

/** The standard-rated VAT category of a breakdown, if it is one. */
const standardRatedCategoryOf = (subtotal: UblElement) => select(subtotal, 'TaxCategory').find(isStandardRatedVat);

/** `cbc:ChargeIndicator = true()`: xs:boolean's true is "true" or "1". */
const isCharge = (allowanceCharge: UblElement) => ['true', '1'].includes(textAt(allowanceCharge, 'ChargeIndicator'));

/**
 * The schematron's VAT checks allow a unit either way (`abs(tax) - 1 < round(taxable × rate) < abs(tax) + 1`),
 * so that VAT an ERP rounded line by line still passes.
 */
function withinOne(tax: number, taxable: number, rate: number): boolean {
  return Math.abs(hundredths(Math.abs(tax)) - roundedHundredths((Math.abs(taxable) * rate) / 100)) < 100;
}

/** XPath round() to a whole number is 0: the value lies in [-0.5, 0.5). */
const roundsToZero = (value: number) => Math.floor(value + 0.5) === 0;

/** The VAT breakdown (BG-23) and the VAT of each line. */
export const vatRules: readonly Rule[] = [
  documentRule(
    'BR-CO-18',
    'An Invoice shall at least have one VAT breakdown group (BG-23).',
    (document) => breakdowns(document).length > 0,
  ),
  elementRule(
    'BR-45',
    'Each VAT breakdown (BG-23) shall have a VAT category taxable amount (BT-116).',
    breakdowns,
    (subtotal) => first(subtotal, 'TaxableAmount') !== undefined,
  ),
  elementRule(
    'BR-46',
    'Each VAT breakdown (BG-23) shall have a VAT category tax amount (BT-117).',
    breakdowns,
    (subtotal) => first(subtotal, 'TaxAmount') !== undefined,
  ),
  elementRule(
    'BR-47',
    'Each VAT breakdown (BG-23) shall be defined through a VAT category code (BT-118).',
    breakdowns,
    (subtotal) =>
      select(subtotal, 'TaxCategory').some((category) => hasVatScheme(category) && first(category, 'ID') !== undefined),
  ),
  elementRule(
    'BR-48',
    'Each VAT breakdown (BG-23) shall have a VAT category rate (BT-119), except if the Invoice is not subject to VAT.',
    breakdowns,
    (subtotal) =>
      select(subtotal, 'TaxCategory')
        .filter(hasVatScheme)
        .some((category) => first(category, 'Percent') !== undefined || textAt(category, 'ID') === 'O'),
  ),
  elementRule(
    'BR-CO-17',
    'VAT category tax amount (BT-117) = VAT category taxable amount (BT-116) x (VAT category rate (BT-119) / 100), rounded to two decimals.',
    breakdowns,
    (subtotal) => {
      const tax = decimalAt(subtotal, 'TaxAmount');
      const percent = first(select(subtotal, 'TaxCategory').find(hasVatScheme), 'Percent');
      if (tax === undefined) return false;
      if (percent === undefined) return roundsToZero(tax);
      const rate = decimalOf(percent);
      const taxable = decimalAt(subtotal, 'TaxableAmount');
      if (rate === undefined) return false;
      if (roundsToZero(rate)) return roundsToZero(tax);
      return taxable !== undefined && withinOne(tax, taxable, rate);
    },
  ),
  elementRule(
    'BR-S-08',
    'For each standard-rated VAT rate (BT-119), the VAT category taxable amount (BT-116) shall equal the sum of the Invoice line net amounts (BT-131) plus the document level charges (BT-99) minus the document level allowances (BT-92) at that rate.',
    (document) => breakdowns(document).filter((subtotal) => standardRatedCategoryOf(subtotal) !== undefined),
    (subtotal, { root, lines }) => {
      const percent = first(standardRatedCategoryOf(subtotal), 'Percent');
      if (percent === undefined) return true;
      const rate = decimalOf(percent);
      const taxable = decimalAt(subtotal, 'TaxableAmount');
      if (rate === undefined || taxable === undefined) return false;
      const atRate = (categories: readonly UblElement[]) =>
        categories.some(isStandardRated) && categories.some((category) => decimalAt(category, 'Percent') === rate);
      const linesAtRate = lines.filter((line) => atRate(select(line, 'Item', 'ClassifiedTaxCategory')));
      const allowanceChargesAtRate = (allowanceCharges: readonly UblElement[]) =>
        allowanceCharges.filter((allowanceCharge) => atRate(select(allowanceCharge, 'TaxCategory')));
      // The rate must be used somewhere; the sums take the document level allowances and charges only.
      const used =
        linesAtRate.length > 0 || allowanceChargesAtRate(descendantsNamed(root, 'AllowanceCharge')).length > 0;
      const documentLevel = allowanceChargesAtRate(select(root, 'AllowanceCharge'));
      const net = sumOf(linesAtRate.flatMap((line) => select(line, 'LineExtensionAmount')));
      const charges = sumOf(documentLevel.filter(isCharge).flatMap((charge) => select(charge, 'Amount')));
      const allowances = sumOf(
        documentLevel.filter((allowance) => !isCharge(allowance)).flatMap((allowance) => select(allowance, 'Amount')),
      );
      if (net === undefined || charges === undefined || allowances === undefined) return false;
      return used && Math.abs(hundredths(taxable - (net + charges - allowances))) < 100;
    },
  ),
  elementRule(
    'BR-S-09',
    'The VAT category tax amount (BT-117) of a standard-rated VAT breakdown (BG-23) shall equal the VAT category taxable amount (BT-116) multiplied by the VAT category rate (BT-119).',
    (document) => breakdowns(document).filter((subtotal) => standardRatedCategoryOf(subtotal) !== undefined),
    (subtotal) => {
      const rate = decimalAt(standardRatedCategoryOf(subtotal), 'Percent');
      const tax = decimalAt(subtotal, 'TaxAmount');
      const taxable = decimalAt(subtotal, 'TaxableAmount');
      return rate !== undefined && tax !== undefined && taxable !== undefined && withinOne(tax, taxable, rate);
    },
  ),
  elementRule(
    'BR-S-05',
    'In an Invoice line (BG-25) where the Invoiced item VAT category code (BT-151) is "Standard rated" the Invoiced item VAT rate (BT-152) shall be greater than zero.',
    ({ lines }) => lines.flatMap((line) => select(line, 'Item', 'ClassifiedTaxCategory')).filter(isStandardRatedVat),
    (category) => (decimalAt(category, 'Percent') ?? 0) > 0,
  ),
  elementRule(
    'BR-CO-04',
    'Each Invoice line (BG-25) shall be categorized with an Invoiced item VAT category code (BT-151).',
    ({ lines }) => lines,
    (line) =>
      select(line, 'Item', 'ClassifiedTaxCategory').some(
        (category) => hasVatScheme(category) && first(category, 'ID') !== undefined,
      ),
  ),
  documentRule(
    'BR-S-01',
    'An Invoice with a "Standard rated" Invoice line (BG-25), Document level allowance (BG-20) or Document level charge (BG-21) shall contain at least one "Standard rated" VAT breakdown (BG-23).',
    (document) => {
      const { root } = document;
      const used = [
        ...descendantsNamed(root, 'AllowanceCharge').flatMap((charge) => select(charge, 'TaxCategory')),
        ...descendantsNamed(root, 'ClassifiedTaxCategory'),
      ].some(isStandardRated);
      const inBreakdown = breakdowns(document).some((subtotal) =>
        select(subtotal, 'TaxCategory').some(isStandardRated),
      );
      // Both ways, as the schematron has it: no standard-rated breakdown without standard-rated lines either.
      return used === inBreakdown;
    },
  ),
];
