import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from '../../errors/errorBody.js';
import { ERROR_CATALOGUE } from '../../errors/errorCatalogue.js';
import type { WebhookIngestion } from '../../integrations/webhooks/createWebhookIngestion.js';
import { WebhookRejection } from '../../integrations/webhooks/WebhookRejection.js';

export interface WebhooksRouteOptions {
  readonly ingestion: WebhookIngestion;
  readonly bodyLimitBytes: number;
  /** The gateway's URL as senders call it; undefined: rebuilt from the request. */
  readonly publicBaseUrl: string | undefined;
}

const WEBHOOK_REFUSAL_CODES = Object.values(ERROR_CATALOGUE)
  .filter(({ code }) => code.startsWith('WEBHOOK_'))
  .map(({ code, status }) => `${code} (${status})`)
  .join(', ');

const REFUSAL_SCHEMA = {
  type: 'object',
  required: ['errors'],
  properties: {
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['message', 'extensions'],
        properties: {
          message: { type: 'string' },
          extensions: {
            type: 'object',
            required: ['code', 'requestId'],
            properties: {
              code: { type: 'string', description: WEBHOOK_REFUSAL_CODES },
              requestId: { type: 'string' },
            },
          },
        },
      },
    },
  },
} as const;

const WEBHOOK_ROUTE_SCHEMA = {
  tags: ['webhooks'],
  summary: 'Receive an event from an upstream system',
  description:
    'The raw body is verified against every configured secret of the source (Stripe-Signature for `stripe`, ' +
    'X-HubSpot-Signature-v3 for `hubspot`, Standard Webhooks for `shipping` and generic sources), stored once per event id ' +
    'and acknowledged at once; processing happens on the queue. A redelivery is acknowledged with `duplicate: true`.',
  params: {
    type: 'object',
    required: ['source'],
    properties: { source: { type: 'string', description: 'stripe, shipping, hubspot, or a generic source from WEBHOOK_GENERIC_SOURCES' } },
  },
  response: {
    200: {
      description: 'Stored (or already stored) and acknowledged',
      type: 'object',
      required: ['received', 'duplicate', 'stored', 'duplicates', 'ignored'],
      properties: {
        received: { type: 'boolean', const: true },
        duplicate: { type: 'boolean', description: 'Every event in the body had been received before' },
        stored: { type: 'integer', description: 'Events stored by this delivery' },
        duplicates: { type: 'integer', description: 'Events already received before' },
        ignored: { type: 'integer', description: 'Stored events of a type the gateway does not act on' },
      },
    },
    '4xx': { description: 'Refused; nothing was stored unless the code is WEBHOOK_PAYLOAD_INVALID', ...REFUSAL_SCHEMA },
  },
} as const;

const signatureHeader = (description: string) => ({ type: 'string', description });

/** The body and signature headers, for the document only: validating them would refuse before the signature is checked. */
const WEBHOOK_REQUEST_DOCS = {
  headers: {
    type: 'object',
    properties: {
      'stripe-signature': signatureHeader('Stripe: t=<timestamp>,v1=<HMAC-SHA256 hex>'),
      'x-hubspot-signature-v3': signatureHeader('HubSpot v3: base64 HMAC-SHA256 of method, URI, body and timestamp'),
      'x-hubspot-request-timestamp': signatureHeader('HubSpot: milliseconds since the epoch'),
      'webhook-id': signatureHeader('Standard Webhooks: the event id'),
      'webhook-timestamp': signatureHeader('Standard Webhooks: seconds since the epoch'),
      'webhook-signature': signatureHeader('Standard Webhooks: v1,<base64 HMAC-SHA256>, space-separated when several'),
    },
  },
  body: {
    description: 'The event exactly as the source sent it (the signature covers these bytes)',
    content: { 'application/json': { schema: { type: 'object', additionalProperties: true } } },
  },
} as const;

function refuse(request: FastifyRequest, reply: FastifyReply, rejection: WebhookRejection) {
  const source = (request.params as { source?: string }).source;
  request.log.warn({ webhookSource: source, code: rejection.code, reason: rejection.message }, 'webhook refused');
  return reply
    .status(rejection.statusCode)
    .send(errorBody(rejection, request.id));
}

/**
 * `POST /webhooks/:source`. In a scope of its own, so that the body stays the raw bytes the
 * signature covers (a re-serialised JSON body would not verify) and has its own size limit.
 */
export async function registerWebhooksRoute(server: FastifyInstance, options: WebhooksRouteOptions): Promise<void> {
  const { ingestion } = options;
  await server.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: options.bodyLimitBytes }, (_request, body, done) => done(null, body));

    scope.setErrorHandler((error: FastifyError, request, reply) => {
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        return refuse(request, reply, new WebhookRejection('WEBHOOK_PAYLOAD_TOO_LARGE', `The body is larger than ${options.bodyLimitBytes} bytes (WEBHOOK_BODY_LIMIT_BYTES)`));
      }
      throw error;
    });

    scope.post<{ Params: { source: string } }>(
      '/webhooks/:source',
      {
        schema: WEBHOOK_ROUTE_SCHEMA,
        config: { swaggerTransform: ({ schema, url }) => ({ schema: { ...schema, ...WEBHOOK_REQUEST_DOCS }, url }) },
        bodyLimit: options.bodyLimitBytes,
        // Before the body is read: an unknown source is not worth receiving a body for.
        onRequest: async (request, reply) => {
          if (ingestion.source(request.params.source)) return;
          return refuse(request, reply, new WebhookRejection('WEBHOOK_SOURCE_UNKNOWN', `No webhook source "${request.params.source}" is configured here`));
        },
      },
      async (request, reply) => {
        const source = ingestion.source(request.params.source)!;
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const base = options.publicBaseUrl ?? `${request.protocol}://${request.host}`;
        try {
          const result = await ingestion.receive(source, { method: request.method, url: `${base}${request.url}`, headers: request.headers, body });
          request.log.info({ webhookSource: source.name, ...result }, 'webhook accepted');
          const duplicate = result.received === 0 && result.duplicates > 0;
          return reply.status(200).send({ received: true, duplicate, stored: result.received, duplicates: result.duplicates, ignored: result.ignored });
        } catch (error) {
          if (error instanceof WebhookRejection) return refuse(request, reply, error);
          throw error;
        }
      },
    );
  });
}
