import { documentRule, elementRule, type Rule } from './Rule.js';
import { descendantsNamed, textAt } from './UblElement.js';

const DATE_ELEMENTS = ['IssueDate', 'DueDate', 'TaxPointDate', 'StartDate', 'EndDate', 'ActualDeliveryDate'];

/** What identifies the document: its specification, number, date, type, currency, and that it has lines. */
export const identifierRules: readonly Rule[] = [
  documentRule(
    'BR-01',
    'An Invoice shall have a Specification identifier (BT-24).',
    ({ root }) => textAt(root, 'CustomizationID') !== '',
  ),
  documentRule('BR-02', 'An Invoice shall have an Invoice number (BT-1).', ({ root }) => textAt(root, 'ID') !== ''),
  documentRule(
    'BR-03',
    'An Invoice shall have an Invoice issue date (BT-2).',
    ({ root }) => textAt(root, 'IssueDate') !== '',
  ),
  documentRule(
    'BR-04',
    'An Invoice shall have an Invoice type code (BT-3).',
    ({ root }) => textAt(root, 'InvoiceTypeCode') !== '' || textAt(root, 'CreditNoteTypeCode') !== '',
  ),
  documentRule(
    'BR-05',
    'An Invoice shall have an Invoice currency code (BT-5).',
    ({ root }) => textAt(root, 'DocumentCurrencyCode') !== '',
  ),
  documentRule('BR-16', 'An Invoice shall have at least one Invoice line (BG-25)', ({ lines }) => lines.length > 0),
  elementRule(
    'PEPPOL-EN16931-F001',
    'A date MUST be formatted YYYY-MM-DD.',
    ({ root }) => descendantsNamed(root, ...DATE_ELEMENTS),
    (date) => isCalendarDate(date.text),
  ),
];

/** Ten characters that are a real date (`castable as xs:date`): 2025-02-29 is not. */
function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC, which reads years below 100 as 19xx.
  date.setUTCFullYear(year, month, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month && date.getUTCDate() === day;
}
