import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxData } from '../data/SandboxData.js';
import { unixSeconds } from '../data/time.js';
import type { SandboxCredentials } from '../SandboxSystem.js';
import { presentedSecret, readAuthorization } from '../server/authorization.js';
import type { SystemServerOptions } from '../server/createSystemServer.js';
import { createSystemServer } from '../server/createSystemServer.js';
import { createIdempotencyLayer } from './idempotency.js';
import { registerPaymentsRoutes } from './registerPaymentsRoutes.js';
import { registerPaymentsWriteRoutes } from './registerPaymentsWriteRoutes.js';
import { maskKey, paymentsProductError, stripeError } from './stripeErrors.js';
import { stripeEventsForWrite } from './stripeEvents.js';
import { parseStripeParams } from './stripeQueryString.js';
import type { WebhookSender } from '../webhooks/createWebhookSender.js';

export interface PaymentsServerOptions extends SystemServerOptions {
  data: SandboxData;
  credentials: SandboxCredentials['payments'];
  /** Posts the events of every write to the configured webhook endpoint. */
  webhooks?: WebhookSender;
}

/** A simulated Stripe API (customers, payment methods, payment intents, refunds) keyed by a secret key, with idempotency keys on writes. */
export function createPaymentsServer(options: PaymentsServerOptions): FastifyInstance {
  const idempotency = createIdempotencyLayer({ clock: options.clock, scope: () => options.data.payments });
  const { app } = createSystemServer({
    ...options,
    system: 'payments',
    productError: paymentsProductError,
    querystringParser: parseStripeParams,
    authenticate: (request) => {
      // Stripe takes the key as a bearer token or as the basic-auth username.
      const key = presentedSecret(readAuthorization(request));
      if (key === options.credentials.secretKey) return undefined;
      return key === undefined
        ? paymentsProductError(401, request)
        : stripeError(401, 'invalid_request_error', `Invalid API Key provided: ${maskKey(key)}`);
    },
    admit: idempotency.admit,
  });
  // Set on arrival, so a saved idempotent answer can name the request that produced it.
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('request-id', `req_${randomBytes(7).toString('hex')}`);
    reply.header('stripe-version', '2024-06-20');
  });
  idempotency.register(app);
  // Read at request time: a data reset swaps the dataset's tables in place.
  const getData = () => options.data.payments;
  registerPaymentsRoutes(app, getData);
  const now = () => unixSeconds(options.clock.now());
  const { webhooks } = options;
  const onWrite = webhooks
    ? (path: string, object: object, request: FastifyRequest, reply: FastifyReply) => {
        const key = request.headers['idempotency-key'];
        const requestId = reply.getHeader('request-id');
        const origin = { now: now(), requestId: typeof requestId === 'string' ? requestId : null, idempotencyKey: typeof key === 'string' && key !== '' ? key : null };
        for (const event of stripeEventsForWrite(path, object, getData(), origin)) webhooks.send(event.id, JSON.stringify(event));
      }
    : undefined;
  registerPaymentsWriteRoutes(app, { getData, now, idempotency, ...(onWrite ? { onWrite } : {}) });
  return app;
}
