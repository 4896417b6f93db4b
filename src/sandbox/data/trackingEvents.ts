import type { TrackerStatus, TrackingDetail, TrackingLocation } from './SandboxData.js';
import { isoSeconds } from './time.js';

/** One carrier scan of a parcel's journey, `afterMs` after it was handed over. */
export interface TrackingStep {
  status: TrackerStatus;
  detail: string;
  message: string;
  afterMs: number;
  atDestination: boolean;
}

export type Place = Omit<TrackingLocation, 'object'>;

/** Every parcel leaves the sandbox company's one warehouse. */
export const WAREHOUSE: Place = { city: 'Rotterdam', state: 'ZH', country: 'NL', zip: '3011 AA' };

export const LABEL_CREATED: TrackingStep = { status: 'pre_transit', detail: 'label_created', message: 'Shipping Label Created', afterMs: 0, atDestination: false };

export function trackingDetail(step: TrackingStep, atMs: number, carrier: string, destination: Place): TrackingDetail {
  return {
    object: 'TrackingDetail',
    message: step.message,
    description: step.message,
    status: step.status,
    status_detail: step.detail,
    datetime: isoSeconds(atMs),
    source: carrier,
    carrier_code: step.detail.toUpperCase().slice(0, 3),
    tracking_location: { object: 'TrackingLocation', ...(step.atDestination ? destination : WAREHOUSE) },
  };
}

/** EasyPost's public tracking page embeds the tracker id. */
export function trackerPublicUrl(id: string): string {
  return `https://track.easypost.com/djE6${Buffer.from(id).toString('base64url')}`;
}
