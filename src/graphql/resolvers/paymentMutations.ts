import { capturePayment } from '../../domain/capturePayment.js';
import { refundPayment } from '../../domain/refundPayment.js';
import { assertNotEndUser } from '../authorization.js';
import type { GatewayContext } from '../context.js';
import { domainDepsOf } from '../domainDepsOf.js';
import { domainResult } from '../domainResult.js';
import { badUserInput } from '../errors.js';
import { idempotencyScopeOf } from '../idempotencyScopeOf.js';

const REFUND_REASONS = {
  DUPLICATE: 'duplicate',
  FRAUDULENT: 'fraudulent',
  REQUESTED_BY_CUSTOMER: 'requested_by_customer',
} as const;

/** Only staff and servers move money; a payment id is Stripe's, checked before anything is read. */
function paymentIdOf(paymentId: string, context: GatewayContext): string {
  assertNotEndUser(context.principal, 'Capturing and refunding payments');
  if (!/^pi_[A-Za-z0-9]+$/.test(paymentId)) throw badUserInput(`"${paymentId}" is not a payment id`, 'paymentId');
  return paymentId;
}

export const paymentMutationResolvers = {
  Mutation: {
    capturePayment(_: unknown, { paymentId }: { paymentId: string }, context: GatewayContext) {
      const id = paymentIdOf(paymentId, context);
      return domainResult(capturePayment(domainDepsOf(context), { paymentId: id, idempotency: idempotencyScopeOf(context) }));
    },
    refundPayment(
      _: unknown,
      args: { paymentId: string; amount?: number | null; reason?: keyof typeof REFUND_REASONS | null },
      context: GatewayContext,
    ) {
      const id = paymentIdOf(args.paymentId, context);
      return domainResult(
        refundPayment(domainDepsOf(context), {
          paymentId: id,
          amount: args.amount,
          reason: args.reason ? REFUND_REASONS[args.reason] : null,
          idempotency: idempotencyScopeOf(context),
        }),
      );
    },
  },
};
