import { hundredths, roundedHundredths } from '../hundredths.js';
import { documentRule, elementRule, type Rule } from './Rule.js';
import type { UblDocument } from './readUblDocument.js';
import { decimalAt, decimalOf, descendantsNamed, first, select, sumOf, type UblElement } from './UblElement.js';

// Totals are compared at the cent, as the schematron does: a declared total must equal the computed one
// rounded to two decimals (round(x * 10 * 10) div 100), with no further tolerance.
const sums = ({ root }: UblDocument) => select(root, 'LegalMonetaryTotal');

/** The document totals (BG-22) and how they add up. */
export const totalRules: readonly Rule[] = [
  elementRule(
    'BR-12',
    'An Invoice shall have the Sum of Invoice line net amount (BT-106).',
    sums,
    (total) => first(total, 'LineExtensionAmount') !== undefined,
  ),
  elementRule(
    'BR-13',
    'An Invoice shall have the Invoice total amount without VAT (BT-109).',
    sums,
    (total) => first(total, 'TaxExclusiveAmount') !== undefined,
  ),
  elementRule(
    'BR-14',
    'An Invoice shall have the Invoice total amount with VAT (BT-112).',
    sums,
    (total) => first(total, 'TaxInclusiveAmount') !== undefined,
  ),
  elementRule(
    'BR-15',
    'An Invoice shall have the Amount due for payment (BT-115).',
    sums,
    (total) => first(total, 'PayableAmount') !== undefined,
  ),
  elementRule(
    'BR-CO-10',
    'Sum of Invoice line net amount (BT-106) = Σ Invoice line net amount (BT-131).',
    sums,
    (total, { lines }) => {
      const declared = decimalAt(total, 'LineExtensionAmount');
      const computed = sumOf(lines.flatMap((line) => select(line, 'LineExtensionAmount')));
      return declared !== undefined && computed !== undefined && hundredths(declared) === roundedHundredths(computed);
    },
  ),
  elementRule(
    'BR-CO-13',
    'Invoice total amount without VAT (BT-109) = Σ Invoice line net amount (BT-131) - Sum of allowances on document level (BT-107) + Sum of charges on document level (BT-108).',
    sums,
    (total) => {
      const exclusive = decimalAt(total, 'TaxExclusiveAmount');
      const lines = decimalAt(total, 'LineExtensionAmount');
      const allowances = optionalDecimal(first(total, 'AllowanceTotalAmount'));
      const charges = optionalDecimal(first(total, 'ChargeTotalAmount'));
      if (exclusive === undefined || lines === undefined || allowances === undefined || charges === undefined) {
        return false;
      }
      const computed =
        allowances.present || charges.present
          ? roundedHundredths(lines - allowances.value + charges.value)
          : hundredths(lines);
      return hundredths(exclusive) === computed;
    },
  ),
  elementRule(
    'BR-CO-14',
    'Invoice total VAT amount (BT-110) = Σ VAT category tax amount (BT-117).',
    ({ root }) => select(root, 'TaxTotal'),
    (taxTotal) => {
      const subtotals = select(taxTotal, 'TaxSubtotal');
      if (subtotals.length === 0) return true;
      const declared = decimalAt(taxTotal, 'TaxAmount');
      const computed = sumOf(subtotals.flatMap((subtotal) => select(subtotal, 'TaxAmount')));
      return declared !== undefined && computed !== undefined && hundredths(declared) === roundedHundredths(computed);
    },
  ),
  documentRule(
    'BR-CO-15',
    'Invoice total amount with VAT (BT-112) = Invoice total amount without VAT (BT-109) + Invoice total VAT amount (BT-110).',
    ({ root }) =>
      select(root, 'DocumentCurrencyCode').every(({ text: currency }) => {
        const taxes = select(root, 'TaxTotal', 'TaxAmount').filter((tax) => tax.attributes.currencyID === currency);
        const inclusive = decimalAt(root, 'LegalMonetaryTotal', 'TaxInclusiveAmount');
        const exclusive = decimalAt(root, 'LegalMonetaryTotal', 'TaxExclusiveAmount');
        const tax = decimalOf(taxes[0]);
        return (
          taxes.length === 1 &&
          inclusive !== undefined &&
          exclusive !== undefined &&
          tax !== undefined &&
          hundredths(inclusive) === roundedHundredths(exclusive + tax)
        );
      }),
  ),
  elementRule(
    'BR-CO-16',
    'Amount due for payment (BT-115) = Invoice total amount with VAT (BT-112) -Paid amount (BT-113) +Rounding amount (BT-114).',
    sums,
    (total) => {
      const payable = decimalAt(total, 'PayableAmount');
      const inclusive = decimalAt(total, 'TaxInclusiveAmount');
      const prepaid = optionalDecimal(first(total, 'PrepaidAmount'));
      const rounding = optionalDecimal(first(total, 'PayableRoundingAmount'));
      if (payable === undefined || inclusive === undefined || prepaid === undefined || rounding === undefined) {
        return false;
      }
      const due = rounding.present ? roundedHundredths(payable - rounding.value) : hundredths(payable);
      return due === (prepaid.present ? roundedHundredths(inclusive - prepaid.value) : hundredths(inclusive));
    },
  ),
  // The schematron asks this of an Invoice only: a UBL CreditNote has no DueDate to state.
  elementRule(
    'BR-CO-25',
    'In case the Amount due for payment (BT-115) is positive, either the Payment due date (BT-9) or the Payment terms (BT-20) shall be present.',
    ({ root, isCreditNote }) => (isCreditNote ? [] : select(root, 'LegalMonetaryTotal', 'PayableAmount')),
    (payable, { root }) => {
      const amount = decimalOf(payable);
      if (amount === undefined) return false;
      const terms = descendantsNamed(root, 'PaymentTerms').some(
        (paymentTerms) => first(paymentTerms, 'Note') !== undefined,
      );
      return amount <= 0 || terms || descendantsNamed(root, 'DueDate').length > 0;
    },
  ),
];

interface OptionalAmount {
  readonly present: boolean;
  readonly value: number;
}

/** An optional amount: 0 when absent, undefined when present but not a decimal. */
function optionalDecimal(element: UblElement | undefined): OptionalAmount | undefined {
  if (element === undefined) return { present: false, value: 0 };
  const value = decimalOf(element);
  return value === undefined ? undefined : { present: true, value };
}
