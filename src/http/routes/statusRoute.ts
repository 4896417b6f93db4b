import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config/index.js';
import type { BreakerRegistry } from '../../connectors/core/createBreakerRegistry.js';
import { SYSTEM_NAMES } from '../../config/SystemName.js';
import type { StatusMonitor } from '../../status/createStatusMonitor.js';
import { GATEWAY_VERSION } from '../../config/version.js';
import { prefersHtml } from '../prefersHtml.js';
import { renderStatusPage, STATUS_PAGE_CSP } from '../statusPage/renderStatusPage.js';

const nullable = (type: string) => ({ type: [type, 'null'] });

/** The JSON answer's shape; also its serializer, so every field the handler returns must be listed. */
const STATUS_JSON_SCHEMA = {
  type: 'object',
  required: ['service', 'version', 'uptimeSeconds', 'sandbox', 'systems'],
  properties: {
    service: { type: 'string', const: 'switchyard' },
    version: { type: 'string' },
    uptimeSeconds: { type: 'integer', description: 'Seconds since this gateway instance started' },
    sandbox: { type: 'boolean', description: 'Whether the upstream systems are the built-in sandbox' },
    systems: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'baseUrl', 'breaker', 'openedAt', 'window', 'latencyMs'],
        properties: {
          name: { type: 'string', enum: [...SYSTEM_NAMES] },
          baseUrl: nullable('string'),
          breaker: { type: 'string', enum: ['closed', 'open', 'half_open'] },
          openedAt: { ...nullable('string'), format: 'date-time', description: 'When the breaker last opened, while it is not closed' },
          window: {
            type: 'object',
            description: "Counts over the breaker's rolling window",
            required: ['seconds', 'calls', 'failures', 'timeouts', 'rejected', 'errorRate'],
            properties: {
              seconds: { type: 'number' },
              calls: { type: 'integer' },
              failures: { type: 'integer' },
              timeouts: { type: 'integer' },
              rejected: { type: 'integer', description: 'Calls refused by the open breaker' },
              errorRate: { type: 'number', minimum: 0, maximum: 1 },
            },
          },
          latencyMs: {
            type: 'object',
            required: ['p50', 'p95'],
            properties: { p50: nullable('number'), p95: nullable('number') },
          },
        },
      },
    },
  },
} as const;

export interface StatusRouteOptions {
  readonly config: Config;
  readonly breakers: BreakerRegistry;
  readonly monitor: StatusMonitor;
}

/**
 * `GET /status`: JSON of each upstream system as this instance sees it now (breaker state, recent
 * error rate and latency); a browser gets the status page, with uptime and incidents from the database.
 */
export function registerStatusRoute(app: FastifyInstance, options: StatusRouteOptions): void {
  const { config, breakers, monitor } = options;
  const startedAt = Date.now();
  const current = () => ({
    service: 'switchyard',
    version: GATEWAY_VERSION,
    uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    sandbox: config.sandbox.enabled,
    systems: SYSTEM_NAMES.map((system) => {
      const snapshot = breakers.snapshot(system);
      return {
        name: system,
        baseUrl: config.systems[system].baseUrl ?? null,
        breaker: snapshot.state,
        openedAt: snapshot.openedAt?.toISOString() ?? null,
        window: {
          seconds: config.systems[system].resilience.breaker.rollingWindowMs / 1000,
          calls: snapshot.fires,
          failures: snapshot.failures,
          timeouts: snapshot.timeouts,
          rejected: snapshot.rejects,
          errorRate: Number(snapshot.errorRate.toFixed(4)),
        },
        latencyMs: { p50: snapshot.latencyP50Ms, p95: snapshot.latencyP95Ms },
      };
    }),
  });

  app.get(
    '/status',
    {
      schema: {
        tags: ['status'],
        summary: 'Upstream systems: state now, and for a browser uptime and incidents',
        description:
          'JSON (the default, and for `Accept: application/json`): each system\'s breaker and its statistics on this instance. ' +
          'With `Accept: text/html` preferred: the status page, with uptime over 24 hours and 90 days from the checks recorded every minute, and the incidents.',
        response: {
          200: {
            description: 'The systems now',
            content: { 'application/json': { schema: STATUS_JSON_SCHEMA }, 'text/html': { schema: { type: 'string' } } },
          },
        },
      },
    },
    async (request, reply) => {
      if (!prefersHtml(request.headers.accept)) return reply.type('application/json; charset=utf-8').send(current());
      const html = renderStatusPage(await monitor.report(), { version: GATEWAY_VERSION, refreshSeconds: config.status.pageRefreshSeconds });
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', STATUS_PAGE_CSP)
        .header('cache-control', 'no-store')
        .send(html);
    },
  );
}
