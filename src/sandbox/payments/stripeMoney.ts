import { StripeFailure, codedError, invalidRequest } from './stripeErrors.js';
import type { StripeParams } from './stripeQueryString.js';
import { requiredString } from './stripeParams.js';

/** The currencies the sandbox's customers pay in, with Stripe's minimum charge for each. */
const CURRENCIES: Readonly<Record<string, { symbol: string; minimum: number }>> = {
  eur: { symbol: '€', minimum: 50 },
  usd: { symbol: '$', minimum: 50 },
  gbp: { symbol: '£', minimum: 30 },
};
/** Stripe's largest amount for two-decimal currencies: 999,999.99. */
const MAX_AMOUNT = 99_999_999;

/** Amounts as Stripe's messages write them: "€0.50", "$1,234.00". */
export function formatAmount(amount: number, currency: string): string {
  const number = (amount / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `${CURRENCIES[currency]?.symbol ?? ''}${number}`;
}

export function readCurrency(params: StripeParams): string {
  const currency = requiredString(params, 'currency').toLowerCase();
  if (!Object.hasOwn(CURRENCIES, currency)) {
    throw new StripeFailure(invalidRequest(`Invalid currency: ${currency}. The sandbox supports these currencies: ${Object.keys(CURRENCIES).join(', ')}`, 'currency'));
  }
  return currency;
}

export function checkChargeAmount(amount: number, currency: string): void {
  const minimum = CURRENCIES[currency]?.minimum ?? 50;
  if (amount < minimum) {
    throw new StripeFailure(codedError(400, 'amount_too_small', `Amount must be at least ${formatAmount(minimum, currency)} ${currency}`, { param: 'amount' }));
  }
  if (amount > MAX_AMOUNT) {
    throw new StripeFailure(codedError(400, 'amount_too_large', `Amount must be no more than ${formatAmount(MAX_AMOUNT, currency)} ${currency}`, { param: 'amount' }));
  }
}
