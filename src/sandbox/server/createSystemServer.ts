import Fastify from 'fastify';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxClock } from '../clock.js';
import { createFaultRegistry } from '../faults.js';
import type { FaultRegistry } from '../faults.js';
import { createRateLimiter } from '../rateLimits.js';
import type { RateLimit, RateLimitDecision } from '../rateLimits.js';
import type { SandboxSystem } from '../SandboxSystem.js';
import { createRequestStats } from '../stats.js';
import type { RequestStats } from '../stats.js';
import type { WebhookSender } from '../webhooks/createWebhookSender.js';
import { CONTROL_PREFIX, registerControlRoutes } from './controlRoutes.js';
import { injectFault } from './injectFault.js';
import type { ProductError, ProductErrorFactory } from './productError.js';
import { sendProductError } from './productError.js';
import { baseRouteKey, rememberRouteKey, routeKeyOf } from './routeKey.js';

/** Options every simulated system's factory accepts. */
export interface SystemServerOptions {
  /** Seeds the fault registry's `rate` rolls. */
  seed?: number;
  /** A pino logger; without one the server logs nothing. */
  logger?: FastifyBaseLogger;
  /** Re-seeds the shared dataset, for `POST /_control/reset?data=true`. */
  reseed?: () => void;
  /** The clock all five systems share: timestamps of writes, expiry of Stripe's idempotency keys, rate-limit windows. */
  clock: SandboxClock;
  /** The vendor's rate limit to enforce from the start (`/_control/rate-limit` changes it); default none. */
  rateLimit?: RateLimit;
}

export interface SystemServerSpec extends SystemServerOptions {
  /** One of the five upstream systems, or the identity provider beside them. */
  system: SandboxSystem | 'idp';
  productError: ProductErrorFactory;
  /** Returns the product's 401/403 response, or undefined when the request may proceed. */
  authenticate?: (request: FastifyRequest) => ProductError | undefined;
  /**
   * Runs for authenticated requests and may claim something for the request (Stripe's idempotency
   * keys) or answer in the handler's place. A `slow` fault waits after it, holding the claim.
   */
  admit?: (request: FastifyRequest, reply: FastifyReply) => ProductError | undefined;
  /** Narrows the route key (the ERP appends the JSON-RPC service, model and method). */
  refineRouteKey?: (request: FastifyRequest, baseKey: string) => string;
  querystringParser?: (query: string) => Record<string, unknown>;
  /** Headers the product adds to every answer while a rate limit is on (HubSpot's X-HubSpot-RateLimit-*). */
  rateLimitHeaders?: (decision: RateLimitDecision) => Record<string, string>;
  /** The sender of the product's webhooks, whose target `/_control/webhooks` sets. */
  webhooks?: WebhookSender;
}

export interface SystemServer {
  app: FastifyInstance;
  faults: FaultRegistry;
  stats: RequestStats;
}

/**
 * The plumbing the five systems share: stats, rate limit, faults and auth run in one preHandler hook,
 * after body parsing (the ERP's route key depends on the body) and before any handler.
 * Bodies stay raw strings so a malformed one still reaches the hook and is counted.
 */
export function createSystemServer(spec: SystemServerSpec): SystemServer {
  const app = Fastify({
    forceCloseConnections: true,
    bodyLimit: 10 * 1024 * 1024,
    ...(spec.logger ? { loggerInstance: spec.logger } : { logger: false }),
    ...(spec.querystringParser ? { routerOptions: { querystringParser: spec.querystringParser } } : {}),
  });
  const faults = createFaultRegistry(spec.seed ?? 0);
  const stats = createRequestStats();
  const rateLimiter = createRateLimiter(spec.rateLimit);

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  registerControlRoutes(app, {
    faults, stats, clock: spec.clock, rateLimiter,
    ...(spec.reseed ? { reseed: spec.reseed } : {}),
    ...(spec.webhooks ? { webhooks: spec.webhooks } : {}),
  });

  app.addHook('preHandler', async (request, reply) => {
    if (request.url.startsWith(CONTROL_PREFIX)) return;
    const base = baseRouteKey(request);
    const key = spec.refineRouteKey ? spec.refineRouteKey(request, base) : base;
    rememberRouteKey(request, key);
    stats.record(key);

    // The vendor's limit sits in front of everything else it does, as an API gateway would.
    const rate = rateLimiter.take(spec.clock.now());
    if (rate && spec.rateLimitHeaders) reply.headers(spec.rateLimitHeaders(rate));
    if (rate && !rate.allowed) {
      stats.recordRateLimited(key);
      return sendProductError(reply, spec.productError(429, request));
    }

    // Errors, timeouts and dropped connections happen in front of the product, so they never claim
    // anything; a slow fault is a slow server, so it waits while holding what admission claimed.
    const fault = faults.take(key);
    if (fault && fault.mode !== 'slow' && (await injectFault(fault, request, reply, spec.productError))) return reply;
    const answer = spec.authenticate?.(request) ?? spec.admit?.(request, reply);
    if (fault?.mode === 'slow' && (await injectFault(fault, request, reply, spec.productError))) return reply;
    if (answer) return sendProductError(reply, answer);
  });

  // Bodies are serialized strings or buffers by now; a stream (none of the products send one) is not counted.
  app.addHook('onSend', async (request, _reply, payload) => {
    if (request.url.startsWith(CONTROL_PREFIX)) return payload;
    if (typeof payload === 'string') stats.recordBytes(routeKeyOf(request), Buffer.byteLength(payload));
    else if (Buffer.isBuffer(payload)) stats.recordBytes(routeKeyOf(request), payload.length);
    return payload;
  });

  app.setNotFoundHandler((request, reply) => sendProductError(reply, spec.productError(404, request)));

  app.setErrorHandler((error, request, reply) => {
    request.log.error({ err: error }, `${spec.system} sandbox route failed`);
    const status = typeof (error as { statusCode?: unknown }).statusCode === 'number'
      ? (error as { statusCode: number }).statusCode
      : 500;
    return sendProductError(reply, spec.productError(status >= 400 ? status : 500, request));
  });

  return { app, faults, stats };
}
