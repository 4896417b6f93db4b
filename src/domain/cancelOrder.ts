import type { SaleOrder } from '../connectors/erp/types.js';
import type { Payment } from '../connectors/payments/types.js';
import { deriveKey, type IdempotencyScope } from '../reliability/deriveKey.js';
import type { DomainDeps } from './DomainDeps.js';
import { DomainError } from './DomainError.js';
import type { ErpRef } from './ErpRef.js';

export interface CancelOrderInput {
  readonly orderId: ErpRef;
  readonly idempotency: IdempotencyScope;
  /** Throws when the caller may not act on this order; called once it is read, before anything is written. */
  readonly authorize: (order: SaleOrder) => void;
}

export interface CancelledOrder {
  readonly order: SaleOrder;
  readonly payment: Payment | null;
}

/** Money first: the payment is cancelled (or refunded) before the ERP order, so a half-done cancel never leaves a charge for a cancelled order. */
export async function cancelOrder(
  { erp, payments, events, call }: Pick<DomainDeps, 'erp' | 'payments' | 'events' | 'call'>,
  input: CancelOrderInput,
): Promise<CancelledOrder> {
  const scope = input.idempotency;
  const [order] = await erp.readOrders(call, [input.orderId.id]);
  if (!order) throw new DomainError(`No order ${input.orderId.label}`, 'orderId');
  input.authorize(order);
  const [orderPayments] = await payments.paymentsByMetadata(call, 'order_ref', [order.name]);
  let payment: Payment | null = null;
  for (const current of orderPayments ?? []) {
    if (current.status === 'canceled') continue;
    if (current.status === 'succeeded') {
      if (current.amountReceived > 0) {
        await payments.refundPayment(call, { paymentId: current.id, reason: 'requested_by_customer' }, deriveKey(scope, `refund-${current.id}`));
      }
      payment = (await payments.getPayment(call, current.id)) ?? current;
    } else {
      payment = await payments.cancelPayment(call, current.id, deriveKey(scope, `cancel-${current.id}`));
    }
  }
  const cancelled = order.state === 'cancel' ? order : await erp.cancelOrder(call, order.id);
  // Also when a first attempt cancelled the order and failed before publishing: same id, same event.
  await events.publish({
    name: 'order.cancelled',
    id: deriveKey(scope, 'order-cancelled-event'),
    data: { orderId: cancelled.id, orderReference: cancelled.name, partnerId: cancelled.partnerId },
  });
  return { order: cancelled, payment: payment ?? orderPayments?.[0] ?? null };
}
