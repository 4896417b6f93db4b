import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config/index.js';
import type { BreakerRegistry } from '../../connectors/core/createBreakerRegistry.js';
import { SYSTEM_NAMES } from '../../config/SystemName.js';
import type { StatusMonitor } from '../../status/createStatusMonitor.js';
import { GATEWAY_VERSION } from '../../config/version.js';
import { prefersHtml } from '../prefersHtml.js';
import { renderStatusPage, STATUS_PAGE_CSP, type ReadPathStatus } from '../statusPage/renderStatusPage.js';
import type { Logger } from 'pino';
import type { SystemName } from '../../config/SystemName.js';
import type { EntityCache } from '../../connectors/core/cache/createEntityCache.js';
import type { UpstreamBudgets } from '../../connectors/createConnectors.js';
import { throttledLog } from '../../observability/throttledLog.js';

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
        required: ['name', 'baseUrl', 'breaker', 'openedAt', 'window', 'latencyMs', 'cache', 'budget'],
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
          cache: {
            type: 'object',
            description: "The entity cache's lookups of this system's records on this instance",
            required: ['hitRate', 'hits', 'misses', 'stale', 'windowSeconds'],
            properties: {
              hitRate: { ...nullable('number'), description: 'Fresh hits over lookups; null without lookups' },
              hits: { type: 'integer' },
              misses: { type: 'integer', description: 'Read from the system' },
              stale: { type: 'integer', description: 'Served past freshness because the system failed' },
              windowSeconds: { type: 'integer' },
            },
          },
          budget: {
            type: ['object', 'null'],
            description: 'The outbound request budget (null: none), shared by every instance when Redis is configured',
            required: ['budget', 'inUse'],
            properties: {
              budget: { type: 'string', description: 'e.g. 100 per 10 s' },
              inUse: { type: 'number', minimum: 0, maximum: 1, description: 'How much of its burst is in use now; at 1, calls wait' },
            },
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
  readonly cache: EntityCache;
  readonly budgets: UpstreamBudgets;
  readonly logger: Logger;
}

const HIT_WINDOW_SECONDS = 300;

/**
 * `GET /status`: JSON of each upstream system as this instance sees it now (breaker state, recent
 * error rate and latency); a browser gets the status page, with uptime and incidents from the database.
 */
export function registerStatusRoute(app: FastifyInstance, options: StatusRouteOptions): void {
  const { config, breakers, monitor, cache, budgets } = options;
  const logBudgetFailure = throttledLog(options.logger, 'budget use unavailable for the status page');
  const readsOf = async (system: SystemName): Promise<ReadPathStatus> => {
    const counts = cache.hitCounts(system);
    const lookups = counts.hits + counts.misses + counts.stale;
    const budget = await budgets[system].use().catch((error: unknown) => {
      logBudgetFailure(error);
      return null;
    });
    return { cache: { ...counts, hitRate: lookups === 0 ? null : Number((counts.hits / lookups).toFixed(4)), windowSeconds: HIT_WINDOW_SECONDS }, budget };
  };
  const reads = async () => Object.fromEntries(await Promise.all(SYSTEM_NAMES.map(async (system) => [system, await readsOf(system)] as const)));
  const startedAt = Date.now();
  const current = async () => {
    const now = await reads();
    return {
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
        ...now[system],
      };
    }),
    };
  };

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
      if (!prefersHtml(request.headers.accept)) return reply.type('application/json; charset=utf-8').send(await current());
      const html = renderStatusPage(await monitor.report(), { version: GATEWAY_VERSION, refreshSeconds: config.status.pageRefreshSeconds, reads: await reads() });
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', STATUS_PAGE_CSP)
        .header('cache-control', 'no-store')
        .send(html);
    },
  );
}
