import { z } from 'zod';
import { batchInChunks } from '../core/batchInChunks.js';
import type { ConnectorDeps } from '../core/connectorDeps.js';
import type { CallContext, ErrorDescriber } from '../core/createUpstreamClient.js';
import { parseUpstreamBody } from '../core/parseUpstreamBody.js';
import { attribute as a, recordShape, type Wanted } from '../core/recordShape.js';
import { schemaPerItem } from '../core/schemaPerItem.js';
import { shippingTags } from './shippingCache.js';
import type { Tracker } from './types.js';

export interface ShippingConnector {
  readonly system: 'shipping';
  trackersByCode(context: CallContext, trackingCodes: readonly string[], wanted?: Wanted): Promise<(Tracker | null)[]>;
  /** Starts tracking a parcel; EasyPost answers with the existing tracker for a code it already tracks. */
  createTracker(context: CallContext, trackingCode: string, carrier?: string): Promise<Tracker>;
  /** One page of trackers updated after `updatedAfter` (oldest update first), for a poller's cursor. */
  trackersUpdatedAfter(context: CallContext, updatedAfter: string | null, pageSize: number): Promise<{ trackers: Tracker[]; hasMore: boolean }>;
}

/** EasyPost's limit for batch tracker retrieval. */
const BATCH_SIZE = 100;
const nullableString = z.string().nullish().transform((value) => value ?? null);

const trackingEvents = z
  .array(
    z.object({
      message: nullableString,
      status: nullableString,
      datetime: nullableString,
      tracking_location: z.object({ city: nullableString, country: nullableString }).nullish(),
    }),
  )
  .default([])
  .transform((details) =>
    details.map((detail) => ({
      message: detail.message,
      status: detail.status,
      occurredAt: detail.datetime,
      city: detail.tracking_location?.city ?? null,
      country: detail.tracking_location?.country ?? null,
    })),
  );

/**
 * EasyPost always sends whole trackers; parsing only what a query selects still spares the
 * tracking history, most of a tracker's size, when the query does not show it.
 */
export const trackerShape = recordShape<Tracker>(
  {
    id: a('id', z.string()),
    trackingCode: a('tracking_code', z.string()),
    status: a('status', z.string()),
    statusDetail: a('status_detail', nullableString),
    carrier: a('carrier', nullableString),
    estimatedDelivery: a('est_delivery_date', nullableString),
    updatedAt: a('updated_at', nullableString),
    publicUrl: a('public_url', nullableString),
    events: a('tracking_details', trackingEvents),
  },
  { always: ['id', 'trackingCode'] },
);
const trackerSchema = trackerShape.project().record;
const trackerListSchema = z.object({ trackers: z.array(trackerSchema), has_more: z.boolean() });
const trackerBatchSchema = schemaPerItem(<T>(tracker: z.ZodType<T>) => z.object({ trackers: z.array(tracker) }));

export const describeEasyPostError: ErrorDescriber = (status, body) => {
  const parsed = z.object({ error: z.object({ code: z.string().optional(), message: z.string() }) }).safeParse(body);
  if (!parsed.success) return { message: `HTTP ${status}` };
  return { message: parsed.data.error.message, code: parsed.data.error.code };
};

/** EasyPost trackers API: lookups by tracking code go through the batch endpoint, 100 codes a call. */
export function createShippingConnector({ client, changed }: ConnectorDeps<'shipping'>): ShippingConnector {
  return {
    system: 'shipping',
    async trackersUpdatedAfter(context, updatedAfter, pageSize) {
      const searchParams = new URLSearchParams({ page_size: String(pageSize) });
      // The epoch stands for "from the start": EasyPost then lists oldest update first, as a cursor needs.
      searchParams.set('updated_after', updatedAfter ?? '1970-01-01T00:00:00Z');
      const response = await client.request(context, { method: 'GET', path: 'v2/trackers', route: 'GET /v2/trackers', searchParams, idempotent: true });
      const page = parseUpstreamBody('shipping', trackerListSchema, response.body, 'the tracker list');
      return { trackers: page.trackers, hasMore: page.has_more };
    },
    async createTracker(context, trackingCode, carrier) {
      const response = await client.request(context, {
        method: 'POST',
        path: 'v2/trackers',
        route: 'POST /v2/trackers',
        json: { tracker: { tracking_code: trackingCode, ...(carrier ? { carrier } : {}) } },
        // EasyPost keeps one tracker per tracking code, so sending this twice creates one.
        idempotent: true,
      });
      await changed([shippingTags.tracker(trackingCode)]);
      return parseUpstreamBody('shipping', trackerSchema, response.body, 'the created tracker');
    },
    async trackersByCode(context, trackingCodes, wanted) {
      const tracker = trackerShape.project(wanted).record;
      const trackers = await batchInChunks(trackingCodes, BATCH_SIZE, async (chunk) => {
        const response = await client.request(context, {
          method: 'POST',
          path: 'v2/trackers/batch',
          route: 'POST /v2/trackers/batch',
          json: { tracking_codes: chunk },
          idempotent: true,
        });
        return parseUpstreamBody('shipping', trackerBatchSchema(tracker), response.body, 'a tracker batch').trackers;
      });
      const byCode = new Map(trackers.map((tracker) => [tracker.trackingCode, tracker]));
      return trackingCodes.map((code) => byCode.get(code) ?? null);
    },
  };
}
