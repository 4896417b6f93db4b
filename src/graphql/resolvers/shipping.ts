import type { GraphQLResolveInfo } from 'graphql';
import type { SaleOrder } from '../../connectors/erp/types.js';
import type { Tracker } from '../../connectors/shipping/types.js';
import { assertNotEndUser } from '../authorization.js';
import type { GatewayContext } from '../context.js';
import { readsOf } from '../selection/upstreamReads.js';

const KNOWN_STATUSES = new Set([
  'unknown',
  'pre_transit',
  'in_transit',
  'out_for_delivery',
  'delivered',
  'available_for_pickup',
  'return_to_sender',
  'failure',
  'cancelled',
  'error',
]);

export const shippingResolvers = {
  Query: {
    shipment(_: unknown, args: { trackingCode: string }, { loaders, principal }: GatewayContext, info: GraphQLResolveInfo) {
      // A tracking code alone does not say whose parcel it is; end users reach theirs through their orders.
      assertNotEndUser(principal, 'Looking up a shipment by tracking code');
      return loaders.trackerByCode.load(args.trackingCode, readsOf(info, 'Shipment'));
    },
  },
  Order: {
    // The ERP's delivery orders carry the carrier's tracking codes; the carrier knows the rest.
    async shipments(order: SaleOrder, _: unknown, { loaders }: GatewayContext, info: GraphQLResolveInfo) {
      const pickings = await loaders.pickingsOfOrder.load(order.id);
      const codes = pickings.flatMap((picking) => (picking.trackingCode ? [picking.trackingCode] : []));
      const trackers = await loaders.trackerByCode.loadMany(codes, readsOf(info, 'Shipment'));
      return trackers.filter((tracker): tracker is Tracker => tracker !== null);
    },
  },
  Shipment: {
    status: (tracker: Tracker) => (KNOWN_STATUSES.has(tracker.status) ? tracker.status.toUpperCase() : 'UNKNOWN'),
  },
};
