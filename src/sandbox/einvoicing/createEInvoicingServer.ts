import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { EInvoiceDocument, EInvoiceEvent, SandboxData } from '../data/SandboxData.js';
import type { SandboxCredentials } from '../SandboxSystem.js';
import { readAuthorization } from '../server/authorization.js';
import type { SystemServerOptions } from '../server/createSystemServer.js';
import { createSystemServer } from '../server/createSystemServer.js';
import { sendProductError } from '../server/productError.js';
import { queryOf, singleParam } from '../server/queryOf.js';
import { jsonBody } from '../server/requestBody.js';
import type { WebhookSender } from '../webhooks/createWebhookSender.js';
import { deliverDocument, isInTransit } from './deliverDocument.js';
import type { DocumentInTransit } from './deliverDocument.js';
import { eInvoicingProductError, fieldRequired, invalidApiKey } from './eInvoiceErrors.js';
import { changeParticipant, lookupParticipants, participantInputSchema } from './peppolDirectory.js';
import { registerDocumentRoutes } from './registerDocumentRoutes.js';

export interface EInvoicingServerOptions extends SystemServerOptions {
  data: SandboxData;
  credentials: SandboxCredentials['einvoicing'];
  /** Posts `document.sent` and `document.sent.failed`, signed as e-invoice.be signs them. */
  webhooks?: WebhookSender;
  /** How long a sent document stays in TRANSIT before the receiver's access point answers; 0: only on `POST /_control/advance-documents`. Default 2000. */
  deliveryDelayMs?: number;
}

const DEFAULT_DELIVERY_DELAY_MS = 2000;

const replayInputSchema = z.strictObject({ count: z.number().int().positive(), reverse: z.boolean().default(false) });

/** A simulated Peppol access point with e-invoice.be's API: UBL documents in, validation, sending, a participant directory, status webhooks. */
export function createEInvoicingServer(options: EInvoicingServerOptions): FastifyInstance {
  const { app } = createSystemServer({
    ...options,
    system: 'einvoicing',
    productError: eInvoicingProductError,
    authenticate: (request) => {
      const presented = readAuthorization(request);
      return presented.scheme === 'bearer' && presented.token === options.credentials.apiKey ? undefined : invalidApiKey();
    },
  });
  // Read at request time: a data reset swaps the dataset's tables in place.
  const einvoicing = () => options.data.einvoicing;
  const delayMs = options.deliveryDelayMs ?? DEFAULT_DELIVERY_DELAY_MS;
  const post = (event: EInvoiceEvent) => options.webhooks?.send(event.id, JSON.stringify(event));
  const deliver = (document: DocumentInTransit): EInvoiceDocument => {
    const delivered = deliverDocument(einvoicing(), document, options.clock.now());
    post(delivered.event);
    return delivered.document;
  };

  const timers = new Set<NodeJS.Timeout>();
  const scheduleDelivery = (document: EInvoiceDocument): void => {
    if (delayMs === 0) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      // Looked up again: the document may have been delivered on demand, or the data re-seeded, meanwhile.
      const current = einvoicing().documents.get(document.id);
      if (isInTransit(current)) deliver(current);
    }, delayMs);
    timer.unref();
    timers.add(timer);
  };
  app.addHook('onClose', async () => {
    for (const timer of timers) clearTimeout(timer);
  });

  registerDocumentRoutes(app, { getData: einvoicing, clock: options.clock, onDispatch: scheduleDelivery });

  app.get('/api/lookup/participants', async (request, reply) => {
    const query = queryOf(request);
    const terms = singleParam(query.query);
    if (terms === undefined) return sendProductError(reply, fieldRequired('query', 'query'));
    return lookupParticipants(einvoicing().participants, terms, singleParam(query.country_code) || undefined, options.clock.now());
  });

  app.post('/_control/advance-documents', async () => {
    const moving = einvoicing().documents.all().filter(isInTransit);
    return { advanced: moving.map((document) => ({ id: document.id, state: deliver(document).state, receiver: document.delivery.receiver })) };
  });

  app.post('/_control/participants', async (request, reply) => {
    const body = jsonBody(request);
    const parsed = body.ok ? participantInputSchema.safeParse(body.value) : undefined;
    if (!parsed?.success) {
      const reason = parsed ? z.prettifyError(parsed.error) : 'the body must be JSON';
      return reply.code(400).send({ error: `Invalid participant: ${reason}. Send { "peppolId": "0208:0123456749", "name", "countryCode", "registered", "rejects" }.` });
    }
    const change = changeParticipant(einvoicing().participants, parsed.data);
    return change.ok ? { participant: change.participant } : reply.code(400).send({ error: change.error });
  });

  // Redelivers what was already delivered, so the gateway can show it ignores duplicates and copes with events out of order.
  app.post('/_control/webhooks/replay', async (request, reply) => {
    const body = jsonBody(request);
    const parsed = body.ok ? replayInputSchema.safeParse(body.value) : undefined;
    if (!parsed?.success) return reply.code(400).send({ error: 'The body must be { "count": <positive integer>, "reverse": <boolean, optional> }.' });
    if (!options.webhooks?.target()) return reply.code(409).send({ error: 'No webhook target is set: POST /_control/webhooks { "url": "http://…" } first.' });
    const events = einvoicing().events.all().slice(-parsed.data.count);
    if (parsed.data.reverse) events.reverse();
    for (const event of events) post(event);
    return { replayed: events.map((event) => ({ id: event.id, type: event.type, document_id: event.data.document_id })) };
  });

  return app;
}
