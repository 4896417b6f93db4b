import { hundredths } from './hundredths.js';

/**
 * An ERP figure as UBL carries it: rounded half away from zero to exactly two decimals, never recomputed.
 * A value that is not a finite number is returned as it prints ("NaN"), so the schema check names the field.
 */
export function formatAmount(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const cents = Math.round(Math.abs(hundredths(value)));
  // Built from whole cents, not with toFixed(), which rounds the binary value (1.005 → "1.00").
  const sign = value < 0 && cents !== 0 ? '-' : '';
  return `${sign}${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}
