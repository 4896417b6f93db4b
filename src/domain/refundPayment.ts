import type { NewRefund } from '../connectors/payments/createPaymentsConnector.js';
import type { Refund } from '../connectors/payments/types.js';
import { deriveKey, type IdempotencyScope } from '../reliability/deriveKey.js';
import type { DomainDeps } from './DomainDeps.js';
import { DomainError } from './DomainError.js';
import { existingPayment } from './existingPayment.js';

export interface RefundPaymentInput {
  readonly paymentId: string;
  /** In minor units, at most what was received; the whole payment when absent. */
  readonly amount?: number | null;
  readonly reason?: NewRefund['reason'] | null;
  readonly idempotency: IdempotencyScope;
}

/** Refunds a payment, in part or whole, keyed so that a retried request refunds once. */
export async function refundPayment(deps: Pick<DomainDeps, 'payments' | 'call'>, input: RefundPaymentInput): Promise<Refund> {
  const payment = await existingPayment(deps, input.paymentId);
  if (input.amount !== undefined && input.amount !== null) {
    if (!Number.isInteger(input.amount) || input.amount < 1) throw new DomainError('amount must be a positive number of minor units', 'amount');
    if (input.amount > payment.amountReceived) {
      throw new DomainError(`amount ${input.amount} is more than the ${payment.amountReceived} received`, 'amount');
    }
  }
  return deps.payments.refundPayment(
    deps.call,
    {
      paymentId: input.paymentId,
      ...(input.amount ? { amount: input.amount } : {}),
      ...(input.reason ? { reason: input.reason } : {}),
    },
    deriveKey(input.idempotency, 'refund'),
  );
}
