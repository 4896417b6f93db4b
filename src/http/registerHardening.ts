import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import type { HardeningConfig } from '../config/hardeningConfig.js';

/** Response headers a browser client may read besides the CORS-safelisted ones. */
const EXPOSED_HEADERS = ['x-request-id', 'idempotent-replayed', 'retry-after', 'ratelimit', 'ratelimit-policy'];

/**
 * Security headers on every response and a CORS allow-list. The API answers JSON, so its content
 * security policy allows nothing; the GraphiQL page replaces it with its own (see registerGraphqlRoute).
 */
export function registerHardening(app: FastifyInstance, config: HardeningConfig): void {
  void app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] },
    },
  });

  const allowed = new Set(config.corsOrigins);
  void app.register(cors, {
    // An origin that is not listed gets no CORS headers at all, and its preflight a 404, so the
    // browser refuses; requests without an Origin (servers, same-origin pages) are unaffected.
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'HEAD', 'POST'],
    exposedHeaders: EXPOSED_HEADERS,
    // Credentials travel in headers the client sets, never in cookies.
    credentials: false,
    maxAge: 600,
  });
}
