import { randomChars } from '../data/ids.js';
import type { StripePaymentIntent } from '../data/SandboxData.js';
import { chargedMethod, confirmed, intentOf, missingPaymentMethod, stateMessage, unexpectedState } from './paymentIntents.js';
import { StripeFailure, resourceMissing } from './stripeErrors.js';
import { checkChargeAmount, readCurrency } from './stripeMoney.js';
import type { StripeWrite } from './stripeWriteRoute.js';
import { checkKnown, missingParam, optionalBoolean, optionalEnum, optionalInteger, optionalString, readMetadata } from './stripeParams.js';

/** Parameters Stripe defines that the sandbox accepts without modelling what they change. */
const ACCEPTED = ['off_session', 'receipt_email', 'return_url', 'setup_future_usage', 'statement_descriptor', 'statement_descriptor_suffix', 'payment_method_types', 'automatic_payment_methods', 'expand'];

interface CreateInput {
  amount: number;
  currency: string;
  customer?: string | undefined;
  captureMethod: 'automatic' | 'manual';
  confirm: boolean;
  paymentMethod?: string | undefined;
  description?: string | undefined;
  metadata: Record<string, string>;
}

/** `POST /v1/payment_intents`, confirming at once with `confirm=true`. */
export const createPaymentIntent: StripeWrite<CreateInput> = {
  path: '/v1/payment_intents',
  type: 'payment_intent',
  validate(params) {
    checkKnown(params, ['amount', 'currency', 'customer', 'capture_method', 'confirm', 'payment_method', 'description', 'metadata', ...ACCEPTED]);
    const amount = optionalInteger(params, 'amount');
    if (amount === undefined) throw new StripeFailure(missingParam('amount'));
    const currency = readCurrency(params);
    checkChargeAmount(amount, currency);
    // automatic_async captures like automatic, only settling the charge later.
    const captureMethod = optionalEnum(params, 'capture_method', ['automatic', 'automatic_async', 'manual'] as const);
    return {
      amount, currency, customer: optionalString(params, 'customer'), captureMethod: captureMethod === 'manual' ? 'manual' : 'automatic',
      confirm: optionalBoolean(params, 'confirm') ?? false, paymentMethod: optionalString(params, 'payment_method'),
      description: optionalString(params, 'description'), metadata: readMetadata(params),
    };
  },
  execute(input, { payments, now }) {
    if (input.customer !== undefined && !payments.customers.has(input.customer)) {
      throw new StripeFailure(resourceMissing('customer', input.customer, 'customer', 400));
    }
    const customer = input.customer ?? null;
    const id = `pi_${randomChars(24)}`;
    const paymentMethod = input.paymentMethod !== undefined || input.confirm ? chargedMethod(payments, input.paymentMethod, customer, now) : undefined;
    const intent: StripePaymentIntent = {
      id, object: 'payment_intent', amount: input.amount, amount_capturable: 0, amount_received: 0, canceled_at: null,
      cancellation_reason: null, capture_method: input.captureMethod, client_secret: `${id}_secret_${randomChars(25)}`,
      confirmation_method: 'automatic', created: now, currency: input.currency, customer, description: input.description ?? null,
      latest_charge: null, livemode: false, metadata: input.metadata, payment_method: paymentMethod ?? null,
      payment_method_types: ['card'], status: paymentMethod === undefined ? 'requires_payment_method' : 'requires_confirmation',
    };
    if (!input.confirm) return payments.paymentIntents.put(intent);
    if (paymentMethod === undefined) throw missingPaymentMethod(intent);
    return payments.paymentIntents.put(confirmed(intent, paymentMethod));
  },
};

/** `POST /v1/payment_intents/{id}/confirm`. */
export const confirmPaymentIntent: StripeWrite<{ paymentMethod?: string | undefined }> = {
  path: '/v1/payment_intents/:id/confirm',
  type: 'payment_intent',
  validate(params) {
    checkKnown(params, ['payment_method', ...ACCEPTED]);
    return { paymentMethod: optionalString(params, 'payment_method') };
  },
  execute(input, { payments, now, id }) {
    const intent = intentOf(payments, id);
    const allowed = ['requires_confirmation', 'requires_payment_method', 'requires_action'] as const;
    if (!(allowed as readonly string[]).includes(intent.status)) throw unexpectedState(intent, stateMessage('You cannot confirm this PaymentIntent', intent, 'confirmed', allowed));
    const paymentMethod = input.paymentMethod === undefined && intent.payment_method !== null
      ? intent.payment_method
      : chargedMethod(payments, input.paymentMethod, intent.customer, now);
    if (paymentMethod === undefined) throw missingPaymentMethod(intent);
    return payments.paymentIntents.put(confirmed(intent, paymentMethod));
  },
};
