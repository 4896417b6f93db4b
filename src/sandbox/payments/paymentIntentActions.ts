import type { PaymentIntentStatus } from '../data/SandboxData.js';
import { intentOf, stateMessage, unexpectedState } from './paymentIntents.js';
import { StripeFailure, codedError } from './stripeErrors.js';
import type { StripeWrite } from './stripeWriteRoute.js';
import { checkKnown, optionalEnum, optionalInteger, readMetadata } from './stripeParams.js';

const CANCELABLE: readonly PaymentIntentStatus[] = ['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action', 'processing'];
const CANCELLATION_REASONS = ['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned'] as const;

/** `POST /v1/payment_intents/{id}/capture`: a partial capture releases the rest of the hold. */
export const capturePaymentIntent: StripeWrite<{ amountToCapture?: number | undefined; metadata: Record<string, string> }> = {
  path: '/v1/payment_intents/:id/capture',
  type: 'payment_intent',
  validate(params) {
    checkKnown(params, ['amount_to_capture', 'metadata', 'statement_descriptor', 'statement_descriptor_suffix', 'expand']);
    return { amountToCapture: optionalInteger(params, 'amount_to_capture'), metadata: readMetadata(params) };
  },
  execute(input, { payments, id }) {
    const intent = intentOf(payments, id);
    if (intent.status !== 'requires_capture') {
      throw unexpectedState(intent, stateMessage('This PaymentIntent could not be captured', intent, 'captured', ['requires_capture']));
    }
    const amount = input.amountToCapture ?? intent.amount_capturable;
    if (amount < 1 || amount > intent.amount_capturable) {
      throw new StripeFailure(codedError(400, 'amount_too_large', `The amount to capture (${amount}) must be between 1 and the amount capturable (${intent.amount_capturable}).`, { param: 'amount_to_capture' }));
    }
    return payments.paymentIntents.put({
      ...intent, status: 'succeeded', amount_received: amount, amount_capturable: 0, metadata: { ...intent.metadata, ...input.metadata },
    });
  },
};

/** `POST /v1/payment_intents/{id}/cancel`: releases a hold, or abandons an intent never charged. */
export const cancelPaymentIntent: StripeWrite<{ reason?: string | undefined }> = {
  path: '/v1/payment_intents/:id/cancel',
  type: 'payment_intent',
  validate(params) {
    checkKnown(params, ['cancellation_reason', 'expand']);
    return { reason: optionalEnum(params, 'cancellation_reason', CANCELLATION_REASONS) };
  },
  execute(input, { payments, now, id }) {
    const intent = intentOf(payments, id);
    if (!CANCELABLE.includes(intent.status)) throw unexpectedState(intent, stateMessage('You cannot cancel this PaymentIntent', intent, 'canceled', CANCELABLE));
    return payments.paymentIntents.put({
      ...intent, status: 'canceled', canceled_at: now, cancellation_reason: input.reason ?? null, amount_capturable: 0,
    });
  },
};
