import { cancelOrder } from '../../domain/cancelOrder.js';
import { placeOrder } from '../../domain/placeOrder.js';
import { assertMayAccessCustomer } from '../authorization.js';
import type { GatewayContext } from '../context.js';
import { domainDepsOf } from '../domainDepsOf.js';
import { domainResult } from '../domainResult.js';
import { badUserInput } from '../errors.js';
import { idempotencyScopeOf } from '../idempotencyScopeOf.js';
import { decodeId } from '../ids.js';

interface PlaceOrderArgs {
  customerId: string;
  lines: { productId: string; quantity: number }[];
  currency: string;
}

/** The lines as the domain takes them: ids decoded, quantities whole numbers of at least 1. */
function orderLinesOf(input: PlaceOrderArgs) {
  if (input.lines.length === 0) throw badUserInput('An order needs at least one line', 'input.lines');
  return input.lines.map((line, index) => {
    if (!Number.isInteger(line.quantity) || line.quantity < 1) {
      throw badUserInput(`quantity must be a whole number of at least 1, got ${line.quantity}`, `input.lines[${index}].quantity`);
    }
    return { productId: { id: decodeId('Product', line.productId, `input.lines[${index}].productId`), label: line.productId }, quantity: line.quantity };
  });
}

const syncOf = (system: string, followUpId: string | null) => ({ system, state: followUpId ? 'QUEUED' : 'DONE', followUpId });

export const orderMutationResolvers = {
  Mutation: {
    async placeOrder(_: unknown, { input }: { input: PlaceOrderArgs }, context: GatewayContext) {
      const partnerId = decodeId('Customer', input.customerId, 'input.customerId');
      assertMayAccessCustomer(context.principal, partnerId, `customer ${input.customerId}`);
      const placed = await domainResult(
        placeOrder(domainDepsOf(context), {
          customerId: { id: partnerId, label: input.customerId },
          lines: orderLinesOf(input),
          currency: input.currency,
          idempotency: idempotencyScopeOf(context),
        }),
        (field) => (field === 'idempotencyKey' ? field : `input.${field}`),
      );
      context.loaders.order.prime(placed.order.id, placed.order);
      return {
        order: placed.order,
        payment: placed.payment,
        paymentSync: syncOf('payments', placed.followUps.payment),
        followUps: [syncOf('crm', placed.followUps.crmNote), syncOf('shipping', placed.followUps.shippingTrackers)],
      };
    },

    cancelOrder(_: unknown, { orderId }: { orderId: string }, context: GatewayContext) {
      const id = decodeId('Order', orderId, 'orderId');
      return domainResult(
        cancelOrder(domainDepsOf(context), {
          orderId: { id, label: orderId },
          idempotency: idempotencyScopeOf(context),
          authorize: (order) => assertMayAccessCustomer(context.principal, order.partnerId, `order ${orderId}`),
        }),
      );
    },
  },
};
