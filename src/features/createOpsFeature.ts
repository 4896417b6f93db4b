import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Principal } from '../auth/Principal.js';
import type { Config } from '../config/index.js';
import type { BreakerRegistry } from '../connectors/core/createBreakerRegistry.js';
import type { EntityCache } from '../connectors/core/cache/createEntityCache.js';
import type { UpstreamBudgets } from '../connectors/createConnectors.js';
import { printSdl } from '../graphql/printSdl.js';
import { registerAdminConsoleRoute } from '../http/routes/adminConsoleRoute.js';
import { registerHealthRoutes, type Phase } from '../http/routes/healthRoutes.js';
import { registerMetricsRoute } from '../http/routes/metricsRoute.js';
import { registerSchemaRoute } from '../http/routes/schemaRoute.js';
import { registerStatusRoute } from '../http/routes/statusRoute.js';
import type { Metrics } from '../observability/createMetrics.js';
import type { DeadLetterService } from '../reliability/createDeadLetterService.js';
import type { JobQueue } from '../reliability/createJobQueue.js';
import { createStatusMonitor, type StatusMonitor } from '../status/createStatusMonitor.js';
import { createStatusStore } from '../status/createStatusStore.js';
import { createSystemProbe } from '../status/createSystemProbe.js';
import type { Store } from '../store/createStore.js';
import type { Feature } from './Feature.js';

export interface OpsFeature extends Feature {
  readonly status: StatusMonitor;
}

/** What operators and their tools look at: health, metrics, the status page, the SDL and the admin console. */
export async function createOpsFeature(deps: {
  config: Config;
  logger: Logger;
  store: Store;
  breakers: BreakerRegistry;
  budgets: UpstreamBudgets;
  cache: EntityCache;
  queue: JobQueue;
  deadLetters: DeadLetterService;
  metrics: Metrics;
  phase: () => Phase;
  principalOf: (request: FastifyRequest) => Promise<Principal>;
}): Promise<OpsFeature> {
  const { config, store, breakers, queue, metrics } = deps;
  const status = createStatusMonitor({
    store: createStatusStore(store.prisma),
    breakers,
    probe: createSystemProbe(config, config.status.probeTimeoutMs),
    config: config.status,
    logger: deps.logger,
  });
  await status.schedule(queue);
  return {
    status,
    async register(server) {
      registerHealthRoutes(server, { phase: deps.phase, checks: { database: () => store.ping() } });
      metrics.watch({ breakers, queueStats: () => queue.stats(), openDeadLetters: () => deps.deadLetters.openCountsByKind() });
      registerMetricsRoute(server, { metrics, config: config.observability.metrics, authenticate: deps.principalOf });
      registerStatusRoute(server, { config, breakers, monitor: status, cache: deps.cache, budgets: deps.budgets, logger: deps.logger });
      registerSchemaRoute(server, {
        sdl: printSdl(),
        adminOnly: config.apiDocs.schemaDownload === 'admin' || (config.apiDocs.schemaDownload === 'auto' && config.environment === 'production'),
        principalOf: deps.principalOf,
      });
      await registerAdminConsoleRoute(server);
    },
    close: () => status.close(),
  };
}
