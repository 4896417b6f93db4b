import { z } from 'zod';
import { batchInChunks } from '../core/batchInChunks.js';
import type { ConnectorDeps } from '../core/connectorDeps.js';
import type { CallContext, ErrorDescriber } from '../core/createUpstreamClient.js';
import { parseUpstreamBody } from '../core/parseUpstreamBody.js';
import type { Tracker } from './types.js';

export interface ShippingConnector {
  readonly system: 'shipping';
  trackersByCode(context: CallContext, trackingCodes: readonly string[]): Promise<(Tracker | null)[]>;
  /** Starts tracking a parcel; EasyPost answers with the existing tracker for a code it already tracks. */
  createTracker(context: CallContext, trackingCode: string, carrier?: string): Promise<Tracker>;
  /** One page of trackers updated after `updatedAfter` (oldest update first), for a poller's cursor. */
  trackersUpdatedAfter(context: CallContext, updatedAfter: string | null, pageSize: number): Promise<{ trackers: Tracker[]; hasMore: boolean }>;
}

/** EasyPost's limit for batch tracker retrieval. */
const BATCH_SIZE = 100;
const nullableString = z.string().nullish().transform((value) => value ?? null);

const trackerSchema = z
  .object({
    id: z.string(),
    tracking_code: z.string(),
    status: z.string(),
    status_detail: nullableString,
    carrier: nullableString,
    est_delivery_date: nullableString,
    updated_at: nullableString,
    public_url: nullableString,
    tracking_details: z
      .array(
        z.object({
          message: nullableString,
          status: nullableString,
          datetime: nullableString,
          tracking_location: z.object({ city: nullableString, country: nullableString }).nullish(),
        }),
      )
      .default([]),
  })
  .transform(
    (t): Tracker => ({
      id: t.id,
      trackingCode: t.tracking_code,
      status: t.status,
      statusDetail: t.status_detail,
      carrier: t.carrier,
      estimatedDelivery: t.est_delivery_date,
      updatedAt: t.updated_at,
      publicUrl: t.public_url,
      events: t.tracking_details.map((detail) => ({
        message: detail.message,
        status: detail.status,
        occurredAt: detail.datetime,
        city: detail.tracking_location?.city ?? null,
        country: detail.tracking_location?.country ?? null,
      })),
    }),
  );
const trackerListSchema = z.object({ trackers: z.array(trackerSchema), has_more: z.boolean() });
const trackerBatchSchema = z.object({ trackers: z.array(trackerSchema) });

export const describeEasyPostError: ErrorDescriber = (status, body) => {
  const parsed = z.object({ error: z.object({ code: z.string().optional(), message: z.string() }) }).safeParse(body);
  if (!parsed.success) return { message: `HTTP ${status}` };
  return { message: parsed.data.error.message, code: parsed.data.error.code };
};

/** EasyPost trackers API: lookups by tracking code go through the batch endpoint, 100 codes a call. */
export function createShippingConnector({ client }: ConnectorDeps<'shipping'>): ShippingConnector {
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
      return parseUpstreamBody('shipping', trackerSchema, response.body, 'the created tracker');
    },
    async trackersByCode(context, trackingCodes) {
      const trackers = await batchInChunks(trackingCodes, BATCH_SIZE, async (chunk) => {
        const response = await client.request(context, {
          method: 'POST',
          path: 'v2/trackers/batch',
          route: 'POST /v2/trackers/batch',
          json: { tracking_codes: chunk },
          idempotent: true,
        });
        return parseUpstreamBody('shipping', trackerBatchSchema, response.body, 'a tracker batch').trackers;
      });
      const byCode = new Map(trackers.map((tracker) => [tracker.trackingCode, tracker]));
      return trackingCodes.map((code) => byCode.get(code) ?? null);
    },
  };
}
