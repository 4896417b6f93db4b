import type { GraphQLError, GraphQLResolveInfo } from 'graphql';
import type { DomainEvent } from '../../integrations/eventBus/DomainEvent.js';
import { assertMayAccessCustomer, assertNotEndUser } from '../authorization.js';
import type { GatewayContext } from '../context.js';
import { readsOf } from '../selection/upstreamReads.js';
import { badUserInput } from '../errors.js';
import { decodeId } from '../ids.js';

/** Events that change what an order shows: itself, its payments, its shipments. */
const ORDER_EVENTS = ['order.placed', 'order.cancelled', 'payment.succeeded', 'payment.failed', 'shipment.updated'] as const;
const PAYMENT_EVENTS = ['payment.succeeded', 'payment.failed'] as const;
const SHIPMENT_EVENTS = ['shipment.updated'] as const;

/**
 * One subscription's loaders live as long as it does; each event must read the systems afresh,
 * for the root object and every nested field alike.
 */
function forgetLoaded(context: GatewayContext): void {
  for (const loader of Object.values(context.loaders)) loader.clearAll();
}

function gone(what: string, argument: string): GraphQLError {
  return badUserInput(`${what} no longer exists`, argument);
}

/**
 * Live updates fed by the event bus. Access is decided once, when the subscription starts, with the
 * same rules as the matching query; every event then yields the entity as its system has it now, so
 * an event only says "look again" and a missed one is made up for by the next.
 */
export const subscriptionResolvers = {
  Subscription: {
    orderUpdated: {
      async subscribe(_: unknown, args: { orderId: string }, context: GatewayContext) {
        const id = decodeId('Order', args.orderId, 'orderId');
        const [order] = await context.connectors.erp.readOrders(context, [id]);
        if (!order) throw badUserInput(`No order ${args.orderId}`, 'orderId');
        assertMayAccessCustomer(context.principal, order.partnerId, `order ${args.orderId}`);
        return context.services.live.stream(ORDER_EVENTS, (event: DomainEvent<(typeof ORDER_EVENTS)[number]>) =>
          event.data.orderId === id || event.data.orderReference === order.name,
        );
      },
      async resolve(_event: unknown, args: { orderId: string }, context: GatewayContext, info: GraphQLResolveInfo) {
        forgetLoaded(context);
        const order = await context.loaders.order.load(decodeId('Order', args.orderId, 'orderId'), readsOf(info, 'Order'));
        if (!order) throw gone(`Order ${args.orderId}`, 'orderId');
        return order;
      },
    },
    paymentUpdated: {
      async subscribe(_: unknown, args: { paymentId: string }, context: GatewayContext) {
        const payment = await context.connectors.payments.getPayment(context, args.paymentId);
        if (!payment) throw badUserInput(`No payment ${args.paymentId}`, 'paymentId');
        assertMayAccessCustomer(context.principal, payment.erpPartnerId === null ? null : Number(payment.erpPartnerId), `payment ${args.paymentId}`);
        return context.services.live.stream(PAYMENT_EVENTS, (event) => event.data.paymentId === args.paymentId);
      },
      async resolve(_event: unknown, args: { paymentId: string }, context: GatewayContext) {
        forgetLoaded(context);
        const payment = await context.loaders.payment.load(args.paymentId);
        if (!payment) throw gone(`Payment ${args.paymentId}`, 'paymentId');
        return payment;
      },
    },
    shipmentUpdated: {
      subscribe(_: unknown, args: { trackingCode: string }, context: GatewayContext) {
        // As Query.shipment: a tracking code alone does not say whose parcel it is.
        assertNotEndUser(context.principal, 'Following a shipment by tracking code');
        return context.services.live.stream(SHIPMENT_EVENTS, (event) => event.data.trackingCode === args.trackingCode);
      },
      async resolve(_event: unknown, args: { trackingCode: string }, context: GatewayContext, info: GraphQLResolveInfo) {
        forgetLoaded(context);
        const tracker = await context.loaders.trackerByCode.load(args.trackingCode, readsOf(info, 'Shipment'));
        if (!tracker) throw gone(`Shipment ${args.trackingCode}`, 'trackingCode');
        return tracker;
      },
    },
  },
};
