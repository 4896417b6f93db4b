import { randomChars } from '../data/ids.js';
import type { PaymentIntentStatus, PaymentsData, StripePaymentIntent } from '../data/SandboxData.js';
import { resolvePaymentMethod } from './paymentMethods.js';
import { StripeFailure, codedError, resourceMissing } from './stripeErrors.js';

/** The intent a path names; Stripe's 404 when there is none. */
export function intentOf(payments: PaymentsData, id: string): StripePaymentIntent {
  const intent = payments.paymentIntents.get(id);
  if (!intent) throw new StripeFailure(resourceMissing('payment_intent', id));
  return intent;
}

/** Stripe's answer to an action the intent's status does not allow; it carries the intent. */
export function unexpectedState(intent: StripePaymentIntent, message: string): StripeFailure {
  return new StripeFailure(codedError(400, 'payment_intent_unexpected_state', message, { payment_intent: intent }));
}

/** Stripe's wording for a refused transition, listing the statuses the action accepts. */
export function stateMessage(refusal: string, intent: StripePaymentIntent, participle: string, allowed: readonly PaymentIntentStatus[]): string {
  return `${refusal} because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be ${participle}: ${allowed.join(', ')}.`;
}

/**
 * The card a confirmation charges: the one named, else the customer's default card. Stripe itself
 * never falls back to the default card for PaymentIntents (only invoices do); the sandbox does, so
 * a confirmed intent for a seeded customer needs no card id.
 */
export function chargedMethod(payments: PaymentsData, named: string | undefined, customerId: string | null, now: number): string | undefined {
  if (named !== undefined) return resolvePaymentMethod(payments, named, 'payment_method', now, null).id;
  const customer = customerId === null ? undefined : payments.customers.get(customerId);
  return customer?.invoice_settings.default_payment_method ?? undefined;
}

export function missingPaymentMethod(intent: Pick<StripePaymentIntent, 'customer'>): StripeFailure {
  const customer = intent.customer ? ` To confirm the PaymentIntent with ${intent.customer}, specify a payment method attached to this customer along with the customer ID.` : '';
  return new StripeFailure(codedError(400, 'payment_intent_unexpected_state', `You cannot confirm this PaymentIntent because it's missing a payment method.${customer}`));
}

/** Confirming charges the card: captured at once, or held for a manual capture. */
export function confirmed(intent: StripePaymentIntent, paymentMethod: string): StripePaymentIntent {
  const manual = intent.capture_method === 'manual';
  const status: PaymentIntentStatus = manual ? 'requires_capture' : 'succeeded';
  return {
    ...intent, payment_method: paymentMethod, status, latest_charge: `ch_${randomChars(24)}`,
    amount_capturable: manual ? intent.amount : 0, amount_received: manual ? 0 : intent.amount,
  };
}
