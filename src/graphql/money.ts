export interface Money {
  readonly amount: number;
  readonly currency: string;
  readonly formatted: string;
}

const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(currency: string): Intl.NumberFormat {
  let formatter = formatters.get(currency);
  if (!formatter) {
    formatter = new Intl.NumberFormat('en', { style: 'currency', currency });
    formatters.set(currency, formatter);
  }
  return formatter;
}

/** Minor units per major unit: 100 for EUR, 1 for JPY, 1000 for KWD. */
function minorUnitFactor(currency: string): number {
  return 10 ** (formatterFor(currency).resolvedOptions().maximumFractionDigits ?? 2);
}

/** From an amount in minor units (Stripe's way). */
export function moneyFromMinor(amount: number, currency: string): Money {
  const code = currency.toUpperCase();
  return { amount, currency: code, formatted: formatterFor(code).format(amount / minorUnitFactor(code)) };
}

/** From an amount in major units as a float (Odoo's way), rounded to the nearest minor unit. */
export function moneyFromMajor(amount: number, currency: string): Money {
  const code = currency.toUpperCase();
  return moneyFromMinor(Math.round(amount * minorUnitFactor(code)), code);
}
