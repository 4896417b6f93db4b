import { randomChars } from '../data/ids.js';
import type { EasyPostTracker, ShippingData } from '../data/SandboxData.js';
import { isoSeconds } from '../data/time.js';
import { LABEL_CREATED, WAREHOUSE, trackerPublicUrl, trackingDetail } from '../data/trackingEvents.js';
import type { ProductError } from '../server/productError.js';
import { isRecord } from '../server/requestBody.js';
import { easypostError, invalidParameter } from './easypostErrors.js';
import { nextUpdateMs } from './recordScan.js';

/** EasyPost's spelling of the carriers the sandbox ships with; others are kept as given. */
const CARRIERS: Readonly<Record<string, string>> = { usps: 'USPS', ups: 'UPS', fedex: 'FedEx', dhl: 'DHL', dhlexpress: 'DHLExpress' };
/** EasyPost's test codes belong to USPS unless a carrier is named. */
const DEFAULT_CARRIER = 'USPS';

export type TrackerInput = { ok: true; trackingCode: string; carrier: string | undefined } | { ok: false; error: ProductError };

/** The body of `POST /v2/trackers`: `{ tracker: { tracking_code, carrier? } }`. */
export function readTrackerInput(body: unknown): TrackerInput {
  const tracker = isRecord(body) ? body.tracker : undefined;
  if (!isRecord(tracker)) {
    return { ok: false, error: easypostError(422, 'PARAMETER.REQUIRED', 'Missing required parameter.', [{ field: 'tracker', message: 'is required' }]) };
  }
  const code = typeof tracker.tracking_code === 'string' ? tracker.tracking_code.trim() : '';
  if (code === '') {
    return { ok: false, error: easypostError(422, 'PARAMETER.REQUIRED', 'Missing required parameter.', [{ field: 'tracking_code', message: 'cannot be blank' }]) };
  }
  if (tracker.carrier !== undefined && (typeof tracker.carrier !== 'string' || tracker.carrier.trim() === '')) {
    return { ok: false, error: invalidParameter('carrier', 'must be a carrier name such as USPS, UPS or FedEx') };
  }
  const carrier = typeof tracker.carrier === 'string' ? CARRIERS[tracker.carrier.trim().toLowerCase()] ?? tracker.carrier.trim() : undefined;
  return { ok: true, trackingCode: code, carrier };
}

/** EasyPost keeps one tracker per tracking code and carrier; without a carrier, any tracker for the code. */
export function existingTracker(shipping: ShippingData, trackingCode: string, carrier: string | undefined): EasyPostTracker | undefined {
  return shipping.trackers.lookup('tracking_code', trackingCode)
    .find((tracker) => carrier === undefined || tracker.carrier.toLowerCase() === carrier.toLowerCase());
}

/**
 * A new tracker: the carrier has the label and nothing else yet. Its updated_at is later than
 * every other tracker's, so a poller's `updated_after` cursor cannot skip it.
 */
export function createTracker(shipping: ShippingData, trackingCode: string, carrier: string | undefined, nowMs: number): EasyPostTracker {
  const atMs = nextUpdateMs(shipping, nowMs);
  const at = isoSeconds(atMs);
  const id = `trk_${randomChars(32, '0123456789abcdef')}`;
  const carrierName = carrier ?? DEFAULT_CARRIER;
  return shipping.trackers.put({
    id, object: 'Tracker', mode: 'test', tracking_code: trackingCode, status: 'pre_transit', status_detail: 'label_created',
    created_at: at, updated_at: at, signed_by: null, weight: null, est_delivery_date: null, shipment_id: null, carrier: carrierName,
    tracking_details: [trackingDetail(LABEL_CREATED, atMs, carrierName, WAREHOUSE)],
    carrier_detail: null, finalized: false, is_return: false, public_url: trackerPublicUrl(id), fees: [],
  });
}
