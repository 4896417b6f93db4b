import { randomChars } from '../data/ids.js';
import type { PaymentsData, StripePaymentIntent, StripeRefund } from '../data/SandboxData.js';
import { StripeFailure, codedError, invalidRequest, resourceMissing } from './stripeErrors.js';
import { formatAmount } from './stripeMoney.js';
import type { StripeWrite } from './stripeWriteRoute.js';
import { checkKnown, optionalEnum, optionalInteger, optionalString, readMetadata } from './stripeParams.js';

const REASONS = ['duplicate', 'fraudulent', 'requested_by_customer'] as const;

interface RefundInput {
  paymentIntent?: string | undefined;
  charge?: string | undefined;
  amount?: number | undefined;
  reason?: StripeRefund['reason'] | undefined;
  metadata: Record<string, string>;
}

function refundedIntent(payments: PaymentsData, input: RefundInput): StripePaymentIntent {
  if (input.paymentIntent !== undefined) {
    const intent = payments.paymentIntents.get(input.paymentIntent);
    if (!intent) throw new StripeFailure(resourceMissing('payment_intent', input.paymentIntent, 'payment_intent', 400));
    return intent;
  }
  // Charges are not stored apart from their intents, so finding one by id scans the intents.
  const intent = payments.paymentIntents.all().find((candidate) => candidate.latest_charge === input.charge);
  if (!intent) throw new StripeFailure(resourceMissing('charge', String(input.charge), 'charge', 400));
  return intent;
}

/** `POST /v1/refunds`: refunds a succeeded intent's charge, in full by default, never beyond what is left. */
export const createRefund: StripeWrite<RefundInput> = {
  path: '/v1/refunds',
  type: 'refund',
  validate(params) {
    checkKnown(params, ['payment_intent', 'charge', 'amount', 'reason', 'metadata', 'expand']);
    const input: RefundInput = {
      paymentIntent: optionalString(params, 'payment_intent'), charge: optionalString(params, 'charge'),
      amount: optionalInteger(params, 'amount'), reason: optionalEnum(params, 'reason', REASONS), metadata: readMetadata(params),
    };
    if (input.paymentIntent === undefined && input.charge === undefined) {
      throw new StripeFailure(invalidRequest('One of the following params should be provided for this request: payment_intent or charge.'));
    }
    if (input.amount !== undefined && input.amount < 1) throw new StripeFailure(invalidRequest('Invalid positive integer', 'amount'));
    return input;
  },
  execute(input, { payments, now }) {
    const intent = refundedIntent(payments, input);
    if (intent.status !== 'succeeded' || intent.latest_charge === null) {
      throw new StripeFailure(codedError(400, 'charge_not_refundable', `This PaymentIntent (${intent.id}) does not have a successful charge to refund.`, { param: input.paymentIntent ? 'payment_intent' : 'charge' }));
    }
    const refunded = payments.refunds.lookup('payment_intent', intent.id)
      .filter((refund) => refund.status === 'succeeded' || refund.status === 'pending')
      .reduce((sum, refund) => sum + refund.amount, 0);
    const remaining = intent.amount_received - refunded;
    if (remaining <= 0) throw new StripeFailure(codedError(400, 'charge_already_refunded', `Charge ${intent.latest_charge} has already been refunded.`));
    const amount = input.amount ?? remaining;
    if (amount > remaining) {
      throw new StripeFailure(invalidRequest(
        `Refund amount (${formatAmount(amount, intent.currency)}) is greater than unrefunded amount on charge (${formatAmount(remaining, intent.currency)})`,
        'amount',
      ));
    }
    return payments.refunds.put({
      id: `re_${randomChars(24)}`, object: 'refund', amount, charge: intent.latest_charge, created: now, currency: intent.currency,
      metadata: input.metadata, payment_intent: intent.id, reason: input.reason ?? null, status: 'succeeded',
    });
  },
};
