import type { FastifyInstance } from 'fastify';
import type { EasyPostTracker, SandboxData } from '../data/SandboxData.js';
import type { SandboxCredentials } from '../SandboxSystem.js';
import { presentedSecret, readAuthorization } from '../server/authorization.js';
import type { SystemServerOptions } from '../server/createSystemServer.js';
import { createSystemServer } from '../server/createSystemServer.js';
import { sendProductError } from '../server/productError.js';
import { queryOf } from '../server/queryOf.js';
import { isRecord, jsonBody } from '../server/requestBody.js';
import { createTracker, existingTracker, readTrackerInput } from './createTracker.js';
import { easypostError, invalidParameter, notFound, shippingProductError } from './easypostErrors.js';
import { listTrackers } from './listTrackers.js';
import { advanceTrackers } from './advanceTrackers.js';
import { scanAtSortFacility } from './scanAtSortFacility.js';
import type { EasyPostEvent } from './trackerUpdatedEvent.js';
import { trackerUpdatedEvent } from './trackerUpdatedEvent.js';
import type { WebhookSender } from '../webhooks/createWebhookSender.js';

export interface ShippingServerOptions extends SystemServerOptions {
  data: SandboxData;
  credentials: SandboxCredentials['shipping'];
  /** Posts a `tracker.updated` event for every parcel that moves on or is scanned. */
  webhooks?: WebhookSender;
  /** How often parcels move on by themselves; 0 or absent: only on `POST /_control/advance-trackers`. */
  trackerAdvanceIntervalMs?: number;
}

const BATCH_LIMIT = 100;

/** A simulated EasyPost tracking API (trackers: create, list, read, batch), keyed by an API key sent as the basic-auth username. */
export function createShippingServer(options: ShippingServerOptions): FastifyInstance {
  const { app } = createSystemServer({
    ...options,
    system: 'shipping',
    productError: shippingProductError,
    authenticate: (request) => {
      const key = presentedSecret(readAuthorization(request));
      if (key === options.credentials.apiKey) return undefined;
      return key === undefined
        ? easypostError(401, 'UNAUTHORIZED', 'The request could not be authorized: provide your API key as the basic-auth username.')
        : easypostError(401, 'APIKEY.INACTIVE', 'This api key is no longer active. Please use a different api key or reactivate this key.');
    },
  });
  // Read at request time: a data reset swaps the dataset's tables in place.
  const shipping = () => options.data.shipping;

  const notify = (tracker: EasyPostTracker, previousAttributes: EasyPostEvent['previous_attributes']) => {
    const event = trackerUpdatedEvent(tracker, previousAttributes, options.clock.now());
    options.webhooks?.send(event.id, JSON.stringify(event));
  };

  const advance = () => {
    const advanced = advanceTrackers(shipping(), options.clock.now());
    for (const { tracker, previousStatus } of advanced) notify(tracker, { status: previousStatus });
    return advanced.map(({ tracker }) => tracker);
  };
  app.post('/_control/advance-trackers', async () => {
    const trackers = advance();
    return { advanced: trackers.map((tracker) => ({ id: tracker.id, tracking_code: tracker.tracking_code, status: tracker.status })) };
  });

  app.post<{ Params: { trackingCode: string } }>('/_control/trackers/:trackingCode/scan', async (request, reply) => {
    const { trackingCode } = request.params;
    const tracker = existingTracker(shipping(), trackingCode, undefined);
    if (!tracker) return reply.code(404).send({ error: `No tracker has the tracking code ${trackingCode}.` });
    const scanned = scanAtSortFacility(shipping(), tracker, options.clock.now());
    notify(scanned, {});
    return scanned;
  });

  if (options.trackerAdvanceIntervalMs) {
    const timer = setInterval(advance, options.trackerAdvanceIntervalMs);
    timer.unref();
    app.addHook('onClose', async () => clearInterval(timer));
  }

  app.get('/v2/trackers', async (request, reply) => {
    const page = listTrackers(shipping(), queryOf(request));
    if (!page.ok) return sendProductError(reply, page.error);
    return { trackers: page.trackers, has_more: page.hasMore };
  });

  // A repeated creation answers the first tracker with 200 instead of 201, as EasyPost deduplicates.
  app.post('/v2/trackers', async (request, reply) => {
    const body = jsonBody(request);
    if (!body.ok) return sendProductError(reply, shippingProductError(400));
    const input = readTrackerInput(body.value);
    if (!input.ok) return sendProductError(reply, input.error);
    const existing = existingTracker(shipping(), input.trackingCode, input.carrier);
    if (existing) return existing;
    return reply.code(201).send(createTracker(shipping(), input.trackingCode, input.carrier, options.clock.now()));
  });

  app.get<{ Params: { id: string } }>('/v2/trackers/:id', async (request, reply) => {
    const tracker = shipping().trackers.get(request.params.id);
    return tracker ?? sendProductError(reply, notFound());
  });

  app.post('/v2/trackers/batch', async (request, reply) => {
    const body = jsonBody(request);
    if (!body.ok) return sendProductError(reply, shippingProductError(400));
    const codes = isRecord(body.value) ? body.value.tracking_codes : undefined;
    if (!Array.isArray(codes) || !codes.every((code) => typeof code === 'string')) {
      return sendProductError(reply, invalidParameter('tracking_codes', 'must be a list of tracking code strings'));
    }
    if (codes.length > BATCH_LIMIT) {
      return sendProductError(reply, invalidParameter('tracking_codes', `must contain at most ${BATCH_LIMIT} codes (got ${codes.length})`));
    }
    // Unknown codes are simply absent from the answer.
    const trackers: EasyPostTracker[] = [];
    const seen = new Set<string>();
    for (const code of codes as string[]) {
      if (seen.has(code)) continue;
      seen.add(code);
      trackers.push(...shipping().trackers.lookup('tracking_code', code));
    }
    return { trackers };
  });

  return app;
}
