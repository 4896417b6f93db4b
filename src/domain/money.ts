export interface Money {
  readonly amount: number;
  readonly currency: string;
  readonly formatted: string;
}

interface CurrencyFormat {
  readonly formatter: Intl.NumberFormat;
  /** Minor units per major unit: 100 for EUR, 1 for JPY, 1000 for KWD. */
  readonly minorUnitFactor: number;
}

// resolvedOptions() is costly enough to show in a CPU profile of a list query, so both are kept per currency.
const formats = new Map<string, CurrencyFormat>();

function formatOf(currency: string): CurrencyFormat {
  let format = formats.get(currency);
  if (!format) {
    const formatter = new Intl.NumberFormat('en', { style: 'currency', currency });
    format = { formatter, minorUnitFactor: 10 ** (formatter.resolvedOptions().maximumFractionDigits ?? 2) };
    formats.set(currency, format);
  }
  return format;
}

/** From an amount in minor units (Stripe's way). */
export function moneyFromMinor(amount: number, currency: string): Money {
  const code = currency.toUpperCase();
  const { formatter, minorUnitFactor } = formatOf(code);
  // Formatted on read: most queries ask for the amount only, and formatting dominates building the value.
  return {
    amount,
    currency: code,
    get formatted() {
      return formatter.format(amount / minorUnitFactor);
    },
  };
}

/** From an amount in major units as a float (Odoo's way), rounded to the nearest minor unit. */
export function moneyFromMajor(amount: number, currency: string): Money {
  const code = currency.toUpperCase();
  return moneyFromMinor(Math.round(amount * formatOf(code).minorUnitFactor), code);
}
