import type { Product } from '../../connectors/erp/types.js';
import type { Payment } from '../../connectors/payments/types.js';
import { isUpstreamError } from '../../connectors/core/UpstreamError.js';
import { deriveKey } from '../../reliability/deriveKey.js';
import { createOrderPayment } from '../../reliability/followUps.js';
import { assertMayAccessCustomer } from '../authorization.js';
import type { GatewayContext } from '../context.js';
import { badUserInput } from '../errors.js';
import { idempotencyScopeOf } from '../idempotencyScopeOf.js';
import { decodeId } from '../ids.js';
import { moneyFromMajor } from '../money.js';

interface PlaceOrderInput {
  customerId: string;
  lines: { productId: string; quantity: number }[];
  currency: string;
}

/** Everything about the input that can be checked before any system is written to. */
async function validatedOrder(input: PlaceOrderInput, context: GatewayContext) {
  const partnerId = decodeId('Customer', input.customerId, 'input.customerId');
  assertMayAccessCustomer(context.principal, partnerId, `customer ${input.customerId}`);
  if (input.lines.length === 0) throw badUserInput('An order needs at least one line', 'input.lines');
  const lines = input.lines.map((line, index) => {
    if (!Number.isInteger(line.quantity) || line.quantity < 1) {
      throw badUserInput(`quantity must be a whole number of at least 1, got ${line.quantity}`, `input.lines[${index}].quantity`);
    }
    return { productId: decodeId('Product', line.productId, `input.lines[${index}].productId`), quantity: line.quantity };
  });
  const [partner] = await context.connectors.erp.readPartners(context, [partnerId]);
  if (!partner) throw badUserInput(`No customer ${input.customerId}`, 'input.customerId');
  if (input.currency.toUpperCase() !== partner.currency) {
    throw badUserInput(`This customer pays in ${partner.currency}, not ${input.currency}`, 'input.currency');
  }
  const products = await context.connectors.erp.readProducts(context, lines.map((line) => line.productId));
  products.forEach((product: Product | null, index) => {
    if (!product?.active) throw badUserInput(`No product ${input.lines[index]?.productId} for sale`, `input.lines[${index}].productId`);
  });
  return { partner, lines };
}

export const orderMutationResolvers = {
  Mutation: {
    /**
     * The order of steps, and why:
     * 1. Validate everything that can be validated (customer, products, quantities, currency), so a
     *    bad request writes nothing anywhere.
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
    async placeOrder(_: unknown, { input }: { input: PlaceOrderInput }, context: GatewayContext) {
      const { partner, lines } = await validatedOrder(input, context);
      const { erp, payments } = context.connectors;
      const { queue } = context.services;
      const scope = idempotencyScopeOf(context);

      const reference = deriveKey(scope, 'erp-order');
      let order =
        (await erp.findOrderByClientReference(context, reference)) ??
        (await erp.createOrder(context, { partnerId: partner.id, clientReference: reference, lines }));
      if (order.state === 'cancel') throw badUserInput(`Order ${order.name} for this key was cancelled; use a new key`, 'idempotencyKey');
      if (order.state === 'draft' || order.state === 'sent') order = await erp.confirmOrder(context, order.id);

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
      let paymentJob: string | null = null;
      try {
        payment = await createOrderPayment(payments, context, paymentPayload);
      } catch (error) {
        if (!isUpstreamError(error) || error.system !== 'payments') throw error;
        if (!error.retryable) {
          await erp.cancelOrder(context, order.id);
          context.log.warn({ order: order.name, err: { message: error.message } }, 'payment refused: order cancelled');
          throw error;
        }
        context.log.warn({ order: order.name, err: { message: error.message } }, 'payment provider unavailable: payment queued');
      }
      // No billing profile yet (a new customer's is still being created) or Stripe unavailable: queue it.
      if (!payment) {
        paymentJob = await queue.enqueue('payments-create-payment', paymentPayload, {
          jobKey: deriveKey(scope, 'payment-job'),
          idempotencyKey: scope.key,
        });
      }

      const note = await queue.enqueue(
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
      const trackers = await queue.enqueue(
        'shipping-create-trackers',
        { orderId: order.id, orderReference: order.name },
        { jobKey: deriveKey(scope, 'tracker-job'), idempotencyKey: scope.key },
      );
      await context.services.events.publish({
        name: 'order.placed',
        id: deriveKey(scope, 'order-placed-event'),
        data: { orderId: order.id, orderReference: order.name, partnerId: partner.id, amount: total.amount, currency: total.currency, paymentId: payment?.id ?? null },
      });
      context.loaders.order.prime(order.id, order);
      return {
        order,
        payment,
        paymentSync: payment
          ? { system: 'payments', state: 'DONE', followUpId: null }
          : { system: 'payments', state: 'QUEUED', followUpId: paymentJob },
        followUps: [
          { system: 'crm', state: 'QUEUED', followUpId: note },
          { system: 'shipping', state: 'QUEUED', followUpId: trackers },
        ],
      };
    },

    /** Money first: the payment is cancelled (or refunded) before the ERP order, so a half-done cancel never leaves a charge for a cancelled order. */
    async cancelOrder(_: unknown, { orderId }: { orderId: string }, context: GatewayContext) {
      const id = decodeId('Order', orderId, 'orderId');
      const { erp, payments } = context.connectors;
      const scope = idempotencyScopeOf(context);
      const [order] = await erp.readOrders(context, [id]);
      if (!order) throw badUserInput(`No order ${orderId}`, 'orderId');
      assertMayAccessCustomer(context.principal, order.partnerId, `order ${orderId}`);
      const [orderPayments] = await payments.paymentsByMetadata(context, 'order_ref', [order.name]);
      let payment: Payment | null = null;
      for (const current of orderPayments ?? []) {
        if (current.status === 'canceled') continue;
        if (current.status === 'succeeded') {
          if (current.amountReceived > 0) {
            await payments.refundPayment(context, { paymentId: current.id, reason: 'requested_by_customer' }, deriveKey(scope, `refund-${current.id}`));
          }
          payment = (await payments.getPayment(context, current.id)) ?? current;
        } else {
          payment = await payments.cancelPayment(context, current.id, deriveKey(scope, `cancel-${current.id}`));
        }
      }
      const cancelled = order.state === 'cancel' ? order : await erp.cancelOrder(context, order.id);
      // Also when a first attempt cancelled the order and failed before publishing: same id, same event.
      await context.services.events.publish({
        name: 'order.cancelled',
        id: deriveKey(scope, 'order-cancelled-event'),
        data: { orderId: cancelled.id, orderReference: cancelled.name, partnerId: cancelled.partnerId },
      });
      return { order: cancelled, payment: payment ?? orderPayments?.[0] ?? null };
    },
  },
};
