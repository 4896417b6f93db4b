import { randomChars } from '../data/ids.js';
import type { PaymentsData, StripePaymentMethod } from '../data/SandboxData.js';
import { StripeFailure, resourceMissing } from './stripeErrors.js';

/** Stripe's test PaymentMethods: each use of `pm_card_visa` and friends stands for a fresh card. */
const TEST_CARDS: Readonly<Record<string, Pick<StripePaymentMethod['card'], 'brand' | 'last4'>>> = {
  pm_card_visa: { brand: 'visa', last4: '4242' },
  pm_card_mastercard: { brand: 'mastercard', last4: '4444' },
  pm_card_amex: { brand: 'amex', last4: '8431' },
};

/**
 * The PaymentMethod a write names: an existing one, or a new card for a test token (attached to
 * `attachTo` when given). An unknown id is Stripe's 400 resource_missing on the parameter.
 */
export function resolvePaymentMethod(payments: PaymentsData, id: string, param: string, now: number, attachTo: string | null): StripePaymentMethod {
  const existing = payments.paymentMethods.get(id);
  if (existing) return existing;
  const card = Object.hasOwn(TEST_CARDS, id) ? TEST_CARDS[id] : undefined;
  if (!card) throw new StripeFailure(resourceMissing('PaymentMethod', id, param, 400));
  return payments.paymentMethods.put({
    id: `pm_${randomChars(24)}`, object: 'payment_method', type: 'card',
    billing_details: { email: null, name: null, phone: null, address: null },
    card: { ...card, exp_month: 12, exp_year: new Date(now * 1000).getUTCFullYear() + 3, country: 'US', funding: 'credit' },
    created: now, customer: attachTo, livemode: false, metadata: {},
  });
}
