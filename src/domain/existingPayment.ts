import type { Payment } from '../connectors/payments/types.js';
import type { DomainDeps } from './DomainDeps.js';
import { DomainError } from './DomainError.js';

/** The payment to act on, read before anything is written; a DomainError when it does not exist. */
export async function existingPayment({ payments, call }: Pick<DomainDeps, 'payments' | 'call'>, paymentId: string): Promise<Payment> {
  const payment = await payments.getPayment(call, paymentId);
  if (!payment) throw new DomainError(`No payment ${paymentId}`, 'paymentId');
  return payment;
}
