import { deriveKey } from '../../reliability/deriveKey.js';
import { assertNotEndUser } from '../authorization.js';
import type { GatewayContext } from '../context.js';
import { badUserInput } from '../errors.js';
import { idempotencyScopeOf } from '../idempotencyScopeOf.js';

const REFUND_REASONS = {
  DUPLICATE: 'duplicate',
  FRAUDULENT: 'fraudulent',
  REQUESTED_BY_CUSTOMER: 'requested_by_customer',
} as const;

/** The payment to act on; BAD_USER_INPUT before anything is written when it does not exist. */
async function existingPayment(paymentId: string, context: GatewayContext) {
  assertNotEndUser(context.principal, 'Capturing and refunding payments');
  if (!/^pi_[A-Za-z0-9]+$/.test(paymentId)) throw badUserInput(`"${paymentId}" is not a payment id`, 'paymentId');
  const payment = await context.connectors.payments.getPayment(context, paymentId);
  if (!payment) throw badUserInput(`No payment ${paymentId}`, 'paymentId');
  return payment;
}

export const paymentMutationResolvers = {
  Mutation: {
    async capturePayment(_: unknown, { paymentId }: { paymentId: string }, context: GatewayContext) {
      await existingPayment(paymentId, context);
      return context.connectors.payments.capturePayment(context, paymentId, deriveKey(idempotencyScopeOf(context), 'capture'));
    },
    async refundPayment(
      _: unknown,
      args: { paymentId: string; amount?: number | null; reason?: keyof typeof REFUND_REASONS | null },
      context: GatewayContext,
    ) {
      const payment = await existingPayment(args.paymentId, context);
      if (args.amount !== undefined && args.amount !== null) {
        if (!Number.isInteger(args.amount) || args.amount < 1) throw badUserInput('amount must be a positive number of minor units', 'amount');
        if (args.amount > payment.amountReceived) {
          throw badUserInput(`amount ${args.amount} is more than the ${payment.amountReceived} received`, 'amount');
        }
      }
      return context.connectors.payments.refundPayment(
        context,
        {
          paymentId: args.paymentId,
          ...(args.amount ? { amount: args.amount } : {}),
          ...(args.reason ? { reason: REFUND_REASONS[args.reason] } : {}),
        },
        deriveKey(idempotencyScopeOf(context), 'refund'),
      );
    },
  },
};
