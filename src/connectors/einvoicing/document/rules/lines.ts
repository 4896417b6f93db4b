import { elementRule, type Rule } from './Rule.js';
import { decimalAt, first, textAt, type UblElement } from './UblElement.js';

/** BT-129: InvoicedQuantity in an Invoice, CreditedQuantity in a CreditNote. */
export function quantityOf(line: UblElement): UblElement | undefined {
  return first(line, 'InvoicedQuantity') ?? first(line, 'CreditedQuantity');
}

/** What every invoice line (BG-25) carries. */
export const lineRules: readonly Rule[] = [
  elementRule(
    'BR-21',
    'Each Invoice line (BG-25) shall have an Invoice line identifier (BT-126).',
    ({ lines }) => lines,
    (line) => textAt(line, 'ID') !== '',
  ),
  elementRule(
    'BR-22',
    'Each Invoice line (BG-25) shall have an Invoiced quantity (BT-129).',
    ({ lines }) => lines,
    (line) => quantityOf(line) !== undefined,
  ),
  elementRule(
    'BR-23',
    'An Invoice line (BG-25) shall have an Invoiced quantity unit of measure code (BT-130).',
    ({ lines }) => lines,
    (line) => quantityOf(line)?.attributes.unitCode !== undefined,
  ),
  elementRule(
    'BR-24',
    'Each Invoice line (BG-25) shall have an Invoice line net amount (BT-131).',
    ({ lines }) => lines,
    (line) => first(line, 'LineExtensionAmount') !== undefined,
  ),
  elementRule(
    'BR-25',
    'Each Invoice line (BG-25) shall contain the Item name (BT-153).',
    ({ lines }) => lines,
    (line) => textAt(line, 'Item', 'Name') !== '',
  ),
  elementRule(
    'BR-26',
    'Each Invoice line (BG-25) shall contain the Item net price (BT-146).',
    ({ lines }) => lines,
    (line) => first(line, 'Price', 'PriceAmount') !== undefined,
  ),
  // As the schematron's `(cac:Price/cbc:PriceAmount) >= 0`, a missing price is not "not negative" either.
  elementRule(
    'BR-27',
    'The Item net price (BT-146) shall NOT be negative.',
    ({ lines }) => lines,
    (line) => (decimalAt(line, 'Price', 'PriceAmount') ?? -1) >= 0,
  ),
];
