import { isUpstreamError } from '../connectors/core/UpstreamError.js';
import type { SaleOrder } from '../connectors/erp/types.js';
import type { Payment } from '../connectors/payments/types.js';
import { deriveKey, type IdempotencyScope } from '../reliability/deriveKey.js';
import { createOrderPayment } from '../reliability/followUps.js';
import type { DomainDeps } from './DomainDeps.js';
import { DomainError } from './DomainError.js';
import type { ErpRef } from './ErpRef.js';
import { moneyFromMajor } from './money.js';

export interface PlaceOrderInput {
  readonly customerId: ErpRef;
  /** At least one, each of a whole quantity of at least 1. */
  readonly lines: readonly { readonly productId: ErpRef; readonly quantity: number }[];
  readonly currency: string;
  readonly idempotency: IdempotencyScope;
}

export interface PlacedOrder {
  readonly order: SaleOrder;
  /** Null when the payment was queued instead. */
  readonly payment: Payment | null;
  readonly followUps: { readonly payment: string | null; readonly crmNote: string; readonly shippingTrackers: string };
}

type PlaceOrderDeps = Pick<DomainDeps, 'erp' | 'payments' | 'followUps' | 'events' | 'call'>;

/** Everything about the order that the systems can tell before any of them is written to. */
async function checkedOrder({ erp, call }: PlaceOrderDeps, input: PlaceOrderInput) {
  const [partner] = await erp.readPartners(call, [input.customerId.id]);
  if (!partner) throw new DomainError(`No customer ${input.customerId.label}`, 'customerId');
  if (input.currency.toUpperCase() !== partner.currency) {
    throw new DomainError(`This customer pays in ${partner.currency}, not ${input.currency}`, 'currency');
  }
  const products = await erp.readProducts(call, input.lines.map((line) => line.productId.id));
  products.forEach((product, index) => {
    if (!product?.active) throw new DomainError(`No product ${input.lines[index]?.productId.label} for sale`, `lines[${index}].productId`);
  });
  return partner;
}

/**
 * The order of steps, and why:
 * 1. Check everything that can be checked (customer, products, currency), so a bad request writes
 *    nothing anywhere.
 * 2. ERP order, found by a reference derived from the idempotency key or else created, then
 *    confirmed. The ERP is the record of truth and computes the total to charge, so it goes first;
 *    the derived reference makes a retried request find the same order instead of a second one.
 * 3. Stripe PaymentIntent for the ERP total (manual capture), with an Idempotency-Key derived from
 *    ours, so a retry never charges twice. A final refusal cancels the ERP order (compensation), so
 *    there is never an order that silently waits for a payment that will not come; a transient
 *    failure queues the payment instead, visible as a follow-up and, if it keeps failing, a dead letter.
 *    There is never a charge without an order: the order exists before the payment is asked for.
 * 4. The CRM note and the shipping tracker are enqueued before the answer is sent, under job ids
 *    derived from the key: a crash before the answer leaves the key claimed and the client's retry
 *    re-enqueues the same jobs, which the queue keeps once.
 * 5. `order.placed` goes to the event bus last, once the order stands, under an id derived from
 *    the key: a bus that is down fails the request, and its retry publishes the same event.
 */
export async function placeOrder(deps: PlaceOrderDeps, input: PlaceOrderInput): Promise<PlacedOrder> {
  const { erp, payments, followUps, events, call } = deps;
  const partner = await checkedOrder(deps, input);
  const scope = input.idempotency;
  const lines = input.lines.map((line) => ({ productId: line.productId.id, quantity: line.quantity }));

  const reference = deriveKey(scope, 'erp-order');
  let order =
    (await erp.findOrderByClientReference(call, reference)) ??
    (await erp.createOrder(call, { partnerId: partner.id, clientReference: reference, lines }));
  if (order.state === 'cancel') throw new DomainError(`Order ${order.name} for this key was cancelled; use a new key`, 'idempotencyKey');
  if (order.state === 'draft' || order.state === 'sent') order = await erp.confirmOrder(call, order.id);

  const total = moneyFromMajor(order.amountTotal, order.currency);
  const paymentPayload = {
    orderId: order.id,
    orderReference: order.name,
    partnerId: partner.id,
    amount: total.amount,
    currency: total.currency,
    stripeKey: deriveKey(scope, 'stripe-payment'),
  };
  let payment: Payment | null = null;
  try {
    payment = await createOrderPayment(payments, call, paymentPayload);
  } catch (error) {
    if (!isUpstreamError(error) || error.system !== 'payments') throw error;
    if (!error.retryable) {
      await erp.cancelOrder(call, order.id);
      call.log.warn({ order: order.name, err: { message: error.message } }, 'payment refused: order cancelled');
      throw error;
    }
    call.log.warn({ order: order.name, err: { message: error.message } }, 'payment provider unavailable: payment queued');
  }
  // No billing profile yet (a new customer's is still being created) or Stripe unavailable: queue it.
  const paymentJob = payment
    ? null
    : await followUps.enqueue('payments-create-payment', paymentPayload, { jobKey: deriveKey(scope, 'payment-job'), idempotencyKey: scope.key });

  const crmNote = await followUps.enqueue(
    'crm-order-note',
    {
      orderId: order.id,
      orderReference: order.name,
      email: partner.email ?? '',
      name: partner.name,
      total: total.formatted,
      noteKey: deriveKey(scope, 'crm-note'),
    },
    { jobKey: deriveKey(scope, 'crm-note-job'), idempotencyKey: scope.key },
  );
  const shippingTrackers = await followUps.enqueue(
    'shipping-create-trackers',
    { orderId: order.id, orderReference: order.name },
    { jobKey: deriveKey(scope, 'tracker-job'), idempotencyKey: scope.key },
  );
  await events.publish({
    name: 'order.placed',
    id: deriveKey(scope, 'order-placed-event'),
    data: { orderId: order.id, orderReference: order.name, partnerId: partner.id, amount: total.amount, currency: total.currency, paymentId: payment?.id ?? null },
  });
  return { order, payment, followUps: { payment: paymentJob, crmNote, shippingTrackers } };
}
