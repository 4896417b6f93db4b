import type { EasyPostTracker, ShippingData } from '../data/SandboxData.js';
import type { Place, TrackingStep } from '../data/trackingEvents.js';
import { WAREHOUSE } from '../data/trackingEvents.js';
import { recordScan } from './recordScan.js';

/**
 * One more scan of a parcel, seeded or created, for tests and benchmarks that need a tracker to
 * change on demand: it arrives at a sort facility where the carrier last saw it (the warehouse
 * before any scan), and its status stays what it was. Only its history and updated_at move.
 */
export function scanAtSortFacility(shipping: ShippingData, tracker: EasyPostTracker, nowMs: number): EasyPostTracker {
  const last = tracker.tracking_details.at(-1)?.tracking_location;
  const place: Place = last ? { city: last.city, state: last.state, country: last.country, zip: last.zip } : WAREHOUSE;
  const step: TrackingStep = { status: tracker.status, detail: tracker.status_detail, message: 'Arrived at sort facility', afterMs: 0, atDestination: true };
  return recordScan(shipping, tracker, step, nowMs, place);
}
