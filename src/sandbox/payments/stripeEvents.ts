import { randomChars } from '../data/ids.js';
import type { PaymentsData, StripeCustomer, StripePaymentIntent, StripeRefund } from '../data/SandboxData.js';
import { createCustomer, previousAttributesOf, updateCustomer } from './customerWrites.js';
import { cancelPaymentIntent, capturePaymentIntent } from './paymentIntentActions.js';
import { confirmPaymentIntent, createPaymentIntent } from './paymentIntentWrites.js';
import { createRefund } from './refundWrites.js';

/** Stripe's Event object, as POSTed to webhook endpoints. */
export interface StripeEvent {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  data: { object: object; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

export interface WriteOrigin {
  /** The sandbox clock, unix seconds. */
  now: number;
  requestId: string | null;
  idempotencyKey: string | null;
}

const API_VERSION = '2024-06-20';

/** What a confirmation leads to: a charge captured at once, or a hold waiting for capture. */
function confirmationEvents(intent: StripePaymentIntent): string[] {
  if (intent.status === 'succeeded') return ['payment_intent.succeeded'];
  if (intent.status === 'requires_capture') return ['payment_intent.amount_capturable_updated'];
  return [];
}

/** Charges live inside their intents in the sandbox; the event carries one shaped like Stripe's. */
function chargeOf(payments: PaymentsData, intent: StripePaymentIntent): Record<string, unknown> {
  const refunded = payments.refunds.lookup('payment_intent', intent.id)
    .filter((refund) => refund.status === 'succeeded' || refund.status === 'pending')
    .reduce((sum, refund) => sum + refund.amount, 0);
  return {
    id: intent.latest_charge, object: 'charge', amount: intent.amount, amount_captured: intent.amount_received,
    amount_refunded: refunded, captured: intent.amount_received > 0, created: intent.created, currency: intent.currency,
    customer: intent.customer, description: intent.description, livemode: false, metadata: intent.metadata, paid: true,
    payment_intent: intent.id, payment_method: intent.payment_method, refunded: refunded >= intent.amount_received, status: 'succeeded',
  };
}

/** The events Stripe emits for one successful write, in the order it emits them. */
export function stripeEventsForWrite(path: string, object: object, payments: PaymentsData, origin: WriteOrigin): StripeEvent[] {
  const event = (type: string, data: StripeEvent['data']): StripeEvent => ({
    id: `evt_${randomChars(24)}`, object: 'event', api_version: API_VERSION, created: origin.now, data, livemode: false,
    pending_webhooks: 1, request: { id: origin.requestId, idempotency_key: origin.idempotencyKey }, type,
  });
  switch (path) {
    case createCustomer.path:
      return [event('customer.created', { object })];
    case updateCustomer.path:
      return [event('customer.updated', { object, previous_attributes: previousAttributesOf(object as StripeCustomer) })];
    case createPaymentIntent.path: {
      const intent = object as StripePaymentIntent;
      return ['payment_intent.created', ...confirmationEvents(intent)].map((type) => event(type, { object: intent }));
    }
    case confirmPaymentIntent.path:
      return confirmationEvents(object as StripePaymentIntent).map((type) => event(type, { object }));
    case capturePaymentIntent.path:
      return [event('payment_intent.succeeded', { object, previous_attributes: { status: 'requires_capture' } })];
    case cancelPaymentIntent.path:
      return [event('payment_intent.canceled', { object })];
    case createRefund.path: {
      const refund = object as StripeRefund;
      const intent = payments.paymentIntents.get(refund.payment_intent);
      if (!intent) return [];
      const charge = chargeOf(payments, intent);
      return [event('charge.refunded', { object: charge, previous_attributes: { amount_refunded: Number(charge.amount_refunded) - refund.amount } })];
    }
    default:
      return [];
  }
}
