import type { Payment } from '../connectors/payments/types.js';
import { deriveKey, type IdempotencyScope } from '../reliability/deriveKey.js';
import type { DomainDeps } from './DomainDeps.js';
import { existingPayment } from './existingPayment.js';

export interface CapturePaymentInput {
  readonly paymentId: string;
  readonly idempotency: IdempotencyScope;
}

/** Captures an authorised payment, keyed so that a retried request captures once. */
export async function capturePayment(deps: Pick<DomainDeps, 'payments' | 'call'>, input: CapturePaymentInput): Promise<Payment> {
  await existingPayment(deps, input.paymentId);
  return deps.payments.capturePayment(deps.call, input.paymentId, deriveKey(input.idempotency, 'capture'));
}
