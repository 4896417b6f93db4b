import { z } from 'zod';
import { domainEventId, ignored, type WebhookHandler } from './WebhookHandler.js';

const trackerSchema = z.object({ tracking_code: z.string().min(1), status: z.string(), carrier: z.string().nullish() });
/** EasyPost puts the tracker in `result`; a Standard Webhooks payload in `data`. */
const trackerEvent = z.union([
  z.object({ result: trackerSchema, previous_attributes: z.object({ status: z.string().optional() }).nullish() }),
  z.object({ data: trackerSchema }),
]);

/** Statuses of a parcel that has left the warehouse: its delivery is done on the ERP side. */
const SHIPPED = new Set(['in_transit', 'out_for_delivery', 'delivered', 'available_for_pickup', 'return_to_sender', 'failure']);
const CLOSED_PICKINGS = new Set(['done', 'cancel']);

/** tracker.updated: the ERP delivery is validated once the parcel has left, and shipment.updated is published. */
export const handleTrackerUpdated: WebhookHandler = async (event, { connectors, context, publish }) => {
  const parsed = trackerEvent.safeParse(event.body);
  if (!parsed.success) return ignored('The event carries no tracker (result or data with tracking_code and status)');
  const sent = 'result' in parsed.data ? parsed.data.result : parsed.data.data;
  const previousStatus = 'result' in parsed.data ? (parsed.data.previous_attributes?.status ?? null) : null;
  // The carrier's current view, not the event's: updates may arrive out of order.
  const [current] = await connectors.shipping.trackersByCode(context, [sent.tracking_code]);
  const status = current?.status ?? sent.status;
  const pickings = await connectors.erp.pickingsByTrackingCode(context, [sent.tracking_code]);
  for (const picking of pickings) {
    if (SHIPPED.has(status) && !CLOSED_PICKINGS.has(picking.state)) await connectors.erp.validatePicking(context, picking.id);
  }
  const orderId = pickings.find((picking) => picking.orderId !== null)?.orderId ?? null;
  const [order] = orderId === null ? [null] : await connectors.erp.readOrders(context, [orderId]);
  await publish({
    id: domainEventId(event, 'shipment.updated'),
    name: 'shipment.updated',
    data: {
      trackingCode: sent.tracking_code,
      status,
      carrier: current?.carrier ?? sent.carrier ?? null,
      orderId: order?.id ?? null,
      orderReference: order?.name ?? null,
      partnerId: order?.partnerId ?? null,
    },
  });
  context.log.info({ trackingCode: sent.tracking_code, status, previousStatus, orderId }, 'shipment updated');
  return { status: 'processed' };
};
