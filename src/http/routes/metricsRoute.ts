import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../../auth/Principal.js';
import { errorBody } from '../../errors/errorBody.js';
import { ErrorCode } from '../../errors/errorCatalogue.js';
import type { Metrics } from '../../observability/createMetrics.js';
import type { MetricsConfig } from '../../config/observabilityConfig.js';

export interface MetricsRouteOptions {
  readonly metrics: Metrics;
  readonly config: MetricsConfig;
  /** The gateway's own authentication, so an admin API key (or admin token) also opens the endpoint. */
  readonly authenticate: (request: FastifyRequest) => Promise<Principal>;
}

// Hashing first gives equal lengths, so the comparison takes the same time whatever was sent.
const sameSecret = (sent: string, expected: string) =>
  timingSafeEqual(createHash('sha256').update(sent).digest(), createHash('sha256').update(expected).digest());

function basicCredentials(header: string | undefined): { user: string; password: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

async function allowed(request: FastifyRequest, options: MetricsRouteOptions): Promise<boolean> {
  const expected = options.config.basicAuth;
  if (!expected) return true;
  const sent = basicCredentials(request.headers.authorization);
  if (sent) {
    // Both compared, so a wrong user takes as long as a wrong password.
    const userOk = sameSecret(sent.user, expected.user);
    const passwordOk = sameSecret(sent.password, expected.password);
    return userOk && passwordOk;
  }
  try {
    return (await options.authenticate(request)).role === 'ADMIN';
  } catch {
    return false;
  }
}

function refuse(request: FastifyRequest, reply: FastifyReply) {
  return reply
    .status(401)
    .header('www-authenticate', 'Basic realm="switchyard-metrics", charset="UTF-8"')
    .send(
      errorBody(
        { code: ErrorCode.UNAUTHENTICATED, message: 'Metrics need the METRICS_BASIC_AUTH credentials (HTTP basic) or an admin API key' },
        request.id,
      ),
    );
}

/** `GET /metrics`: Prometheus text format, optionally behind basic auth or an admin credential. */
export function registerMetricsRoute(server: FastifyInstance, options: MetricsRouteOptions): void {
  server.get(
    '/metrics',
    {
      schema: {
        summary: 'Prometheus metrics',
        description:
          'GraphQL requests, upstream calls and retries, circuit breakers, queue depth, dead letters, webhooks and rate-limit ' +
          'refusals in the Prometheus text format. When METRICS_BASIC_AUTH is set, send those credentials (HTTP basic) or an admin API key.',
        tags: ['operations'],
      },
    },
    async (request, reply) => {
      if (!(await allowed(request, options))) return refuse(request, reply);
      const body = await options.metrics.render();
      return reply.header('cache-control', 'no-store').type(options.metrics.contentType).send(body);
    },
  );
}
