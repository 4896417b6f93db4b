import type { EasyPostTracker, ShippingData } from '../data/SandboxData.js';
import { isoSeconds } from '../data/time.js';
import type { Place, TrackingStep } from '../data/trackingEvents.js';
import { trackingDetail } from '../data/trackingEvents.js';

/** A moment after every tracker's updated_at (and not before now), so a poller's `updated_after` cursor sees what happens then. */
export function nextUpdateMs(shipping: ShippingData, nowMs: number): number {
  let latest = 0;
  for (const tracker of shipping.trackers.values()) latest = Math.max(latest, Date.parse(tracker.updated_at));
  return Math.max(nowMs, latest + 1000);
}

/** Appends one carrier scan to a tracker, dated by nextUpdateMs; the scan's status becomes the tracker's. */
export function recordScan(shipping: ShippingData, tracker: EasyPostTracker, step: TrackingStep, nowMs: number, destination: Place): EasyPostTracker {
  const atMs = nextUpdateMs(shipping, nowMs);
  return shipping.trackers.put({
    ...tracker, status: step.status, status_detail: step.detail, updated_at: isoSeconds(atMs),
    tracking_details: [...tracker.tracking_details, trackingDetail(step, atMs, tracker.carrier, destination)],
    finalized: tracker.finalized || step.status === 'delivered',
  });
}
