/**
 * An amount × 100, as the decimal it was written as. A double cannot hold most cents (1.005 is stored as
 * 1.00499999999999989…) and the multiplication adds noise of its own (1.005 × 100 = 100.49999999999999);
 * 15 significant digits are what a double always holds exactly, so cutting the product back to them gives
 * the decimal the ERP and the XML meant before any rounding is decided.
 */
export function hundredths(value: number): number {
  return Number((value * 100).toPrecision(15));
}

/**
 * The schematron's `round(x * 10 * 10)`: whole hundredths, halves rounded up toward positive infinity as
 * XPath's round() does (so -2.5 hundredths is -2, not -3).
 */
export function roundedHundredths(value: number): number {
  return Math.floor(hundredths(value) + 0.5);
}
