import type { Prng } from '../prng.js';
import type { ErpTables } from './erpModels.js';
import type { CodedStatus as SeededStatus } from './fulfilment.js';
import { buildPicking, trackingCode } from './fulfilment.js';
import { FIRST_NAMES, LAST_NAMES } from './names.js';
import type { OrderSummary } from './seedOrders.js';
import type { EasyPostTracker, ShippingData, TrackingDetail } from './SandboxData.js';
import { DAY_MS, HOUR_MS, MINUTE_MS, SEED_EPOCH_MS, isoSeconds } from './time.js';
import type { TrackingStep as Step } from './trackingEvents.js';
import { LABEL_CREATED as LABEL, trackerPublicUrl, trackingDetail } from './trackingEvents.js';
const ACCEPTED: Step = { status: 'in_transit', detail: 'received_at_origin_facility', message: 'Accepted at origin facility', afterMs: 20 * HOUR_MS, atDestination: false };
const DEPARTED: Step = { status: 'in_transit', detail: 'departed_facility', message: 'Departed facility', afterMs: 30 * HOUR_MS, atDestination: false };
const ARRIVED: Step = { status: 'in_transit', detail: 'arrived_at_destination', message: 'Arrived at destination facility', afterMs: 54 * HOUR_MS, atDestination: true };
const OUT: Step = { status: 'out_for_delivery', detail: 'out_for_delivery', message: 'Out for delivery', afterMs: 70 * HOUR_MS, atDestination: true };

const TIMELINES: Readonly<Record<SeededStatus, readonly Step[]>> = {
  unknown: [],
  pre_transit: [LABEL],
  in_transit: [LABEL, ACCEPTED, DEPARTED],
  out_for_delivery: [LABEL, ACCEPTED, DEPARTED, ARRIVED, OUT],
  delivered: [LABEL, ACCEPTED, DEPARTED, ARRIVED, OUT,
    { status: 'delivered', detail: 'arrived_at_destination', message: 'Delivered', afterMs: 76 * HOUR_MS, atDestination: true }],
  available_for_pickup: [LABEL, ACCEPTED, DEPARTED, ARRIVED,
    { status: 'available_for_pickup', detail: 'arrived_at_pickup_location', message: 'Available for pickup', afterMs: 74 * HOUR_MS, atDestination: true }],
  return_to_sender: [LABEL, ACCEPTED, DEPARTED, ARRIVED,
    { status: 'return_to_sender', detail: 'return', message: 'Return to sender', afterMs: 120 * HOUR_MS, atDestination: true }],
  failure: [LABEL, ACCEPTED, DEPARTED,
    { status: 'failure', detail: 'delivery_exception', message: 'Delivery exception: package damaged', afterMs: 60 * HOUR_MS, atDestination: false }],
};

function isShipped(order: OrderSummary, prng: Prng): boolean {
  if (order.state === 'done') return true;
  return order.state === 'sale' && order.dateMs < SEED_EPOCH_MS - 3 * DAY_MS && prng.chance(0.75);
}

function buildTracker(order: OrderSummary, sequence: number, shippedMs: number, prng: Prng): EasyPostTracker {
  const outcome = prng.weighted<SeededStatus>({
    delivered: 70, in_transit: 12, out_for_delivery: 5, pre_transit: 5, available_for_pickup: 2,
    return_to_sender: 2, failure: 2, unknown: 2,
  });
  const customer = order.customer;
  const carrier = customer.country === 'US' ? prng.pick(['USPS', 'UPS', 'FedEx'] as const) : prng.pick(['DHL', 'UPS', 'FedEx'] as const);
  const destination = { city: customer.city, state: customer.state, country: customer.country, zip: customer.zip };
  const timeline = TIMELINES[outcome].map((step) => ({ step, at: shippedMs + step.afterMs + prng.int(0, 90) * MINUTE_MS }));
  // Nothing has happened after the dataset's "now": a recent parcel's journey stops at its last past event.
  const happened = timeline.filter(({ at }, index) => index === 0 || at < SEED_EPOCH_MS);
  const details: TrackingDetail[] = happened.map(({ step, at }) => trackingDetail(step, at, carrier, destination));
  const id = `trk_${prng.chars(32, '0123456789abcdef')}`;
  const last = details[details.length - 1];
  const status: SeededStatus = last ? (last.status as SeededStatus) : 'unknown';
  return {
    id, object: 'Tracker', mode: 'test',
    tracking_code: trackingCode(status, sequence),
    status, status_detail: last?.status_detail ?? 'unknown',
    created_at: isoSeconds(shippedMs), updated_at: last?.datetime ?? isoSeconds(shippedMs),
    signed_by: status === 'delivered' && prng.chance(0.6) ? `${prng.pick(FIRST_NAMES)} ${prng.pick(LAST_NAMES)}` : null,
    weight: prng.int(8, 400) / 4, est_delivery_date: isoSeconds(shippedMs + 4 * DAY_MS), shipment_id: null, carrier,
    tracking_details: details, carrier_detail: null, finalized: status === 'delivered' || status === 'return_to_sender',
    is_return: status === 'return_to_sender',
    public_url: trackerPublicUrl(id), fees: [],
  };
}

/**
 * A poller advances its cursor on updated_at, so the seed makes every updated_at distinct:
 * ties would make "updated after the last one seen" skip trackers.
 */
function makeUpdatedAtUnique(trackers: EasyPostTracker[]): void {
  const byKey = (tracker: EasyPostTracker): string => `${tracker.updated_at} ${tracker.tracking_code}`;
  const sorted = [...trackers].sort((a, b) => (byKey(a) < byKey(b) ? -1 : 1));
  let previous = 0;
  for (const tracker of sorted) {
    let ms = Date.parse(tracker.updated_at);
    if (ms <= previous) ms = previous + 1000;
    previous = ms;
    const updatedAt = isoSeconds(ms);
    tracker.updated_at = updatedAt;
    const last = tracker.tracking_details[tracker.tracking_details.length - 1];
    if (last) last.datetime = updatedAt;
  }
}

/** An outgoing stock.picking for every shipped order, and an EasyPost tracker for its tracking code. */
export function seedShipments(shipping: ShippingData, erp: ErpTables, orders: readonly OrderSummary[], prng: Prng): void {
  const trackers: EasyPostTracker[] = [];
  let pickingId = 0;
  for (const order of orders) {
    if (!isShipped(order, prng)) continue;
    const id = ++pickingId;
    const scheduledMs = order.dateMs + DAY_MS;
    const plannedMs = scheduledMs + prng.int(0, 36) * HOUR_MS + prng.int(0, 59) * MINUTE_MS;
    // A "done" order from the last day has shipped already, so its shipment cannot be dated after "now".
    const shippedMs = Math.max(order.dateMs + 10 * MINUTE_MS, Math.min(plannedMs, SEED_EPOCH_MS - HOUR_MS));
    const tracker = buildTracker(order, id, shippedMs, prng);
    trackers.push(tracker);
    erp['stock.picking'].put(buildPicking({
      id, createdMs: order.dateMs, updatedMs: shippedMs, origin: order.name, saleId: order.id,
      partnerId: order.customer.partnerId, trackingRef: tracker.tracking_code, state: 'done',
      scheduledMs, doneMs: shippedMs,
    }));
    const saleOrder = erp['sale.order'].get(order.id);
    if (saleOrder) erp['sale.order'].put({ ...saleOrder, picking_ids: [id] });
  }
  makeUpdatedAtUnique(trackers);
  for (const tracker of trackers) shipping.trackers.put(tracker);
}

