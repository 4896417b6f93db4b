import type { EasyPostTracker, ShippingData, TrackerStatus } from '../data/SandboxData.js';
import { SEED_EPOCH_MS, isoSeconds } from '../data/time.js';
import type { Place, TrackingStep } from '../data/trackingEvents.js';
import { recordScan } from './recordScan.js';

/** Every new parcel goes to the same destination hub; the carrier knows no more of the address. */
const DESTINATION: Place = { city: 'Utrecht', state: 'UT', country: 'NL', zip: '3511 AA' };

/** The journey of a parcel after its label: one step per advance. */
const NEXT_STEP: Partial<Record<TrackerStatus, TrackingStep>> = {
  pre_transit: { status: 'in_transit', detail: 'received_at_origin_facility', message: 'Accepted at origin facility', afterMs: 0, atDestination: false },
  in_transit: { status: 'out_for_delivery', detail: 'out_for_delivery', message: 'Out for delivery', afterMs: 0, atDestination: true },
  out_for_delivery: { status: 'delivered', detail: 'arrived_at_destination', message: 'Delivered', afterMs: 0, atDestination: true },
};

export interface AdvancedTracker {
  readonly tracker: EasyPostTracker;
  readonly previousStatus: TrackerStatus;
}

/**
 * Moves every parcel tracked through the API (created after the dataset's "now"; the seeded
 * history stays as seeded) one step along its journey. Each update is dated after every other
 * tracker's, so a poller's `updated_after` cursor sees it.
 */
export function advanceTrackers(shipping: ShippingData, nowMs: number): AdvancedTracker[] {
  const epoch = isoSeconds(SEED_EPOCH_MS);
  const moving = shipping.trackers.all().filter((tracker) => tracker.created_at >= epoch && NEXT_STEP[tracker.status]);
  return moving.map((tracker) => ({
    tracker: recordScan(shipping, tracker, NEXT_STEP[tracker.status]!, nowMs, DESTINATION),
    previousStatus: tracker.status,
  }));
}
