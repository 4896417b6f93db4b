import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebhookIngestion } from '../../integrations/webhooks/createWebhookIngestion.js';
import { WebhookRejection } from '../../integrations/webhooks/WebhookRejection.js';

export interface WebhooksRouteOptions {
  readonly ingestion: WebhookIngestion;
  readonly bodyLimitBytes: number;
  /** The gateway's URL as senders call it; undefined: rebuilt from the request. */
  readonly publicBaseUrl: string | undefined;
}

function refuse(request: FastifyRequest, reply: FastifyReply, rejection: WebhookRejection) {
  const source = (request.params as { source?: string }).source;
  request.log.warn({ webhookSource: source, code: rejection.code, reason: rejection.message }, 'webhook refused');
  return reply
    .status(rejection.statusCode)
    .send({ errors: [{ message: rejection.message, extensions: { code: rejection.code, requestId: request.id } }] });
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
