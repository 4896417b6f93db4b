import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { authenticate } from './auth/authenticate.js';
import { principalPerRequest } from './auth/principalPerRequest.js';
import { createJwtVerifier } from './auth/createJwtVerifier.js';
import { createApiKeyService } from './auth/createApiKeyService.js';
import { createApiKeyChanges } from './auth/createApiKeyChanges.js';
import { createAuditLog } from './auth/createAuditLog.js';
import type { Config } from './config/index.js';
import type { BreakerRegistry } from './connectors/core/createBreakerRegistry.js';
import { createConnectors, type Connectors } from './connectors/createConnectors.js';
import { createEventsFeature } from './features/createEventsFeature.js';
import { createGraphqlFeature } from './features/createGraphqlFeature.js';
import { createOpsFeature } from './features/createOpsFeature.js';
import { createShippingPollerFeature } from './features/createShippingPollerFeature.js';
import { createWebhooksFeature } from './features/createWebhooksFeature.js';
import { createWorkFeature } from './features/createWorkFeature.js';
import type { GatewayServices } from './graphql/context.js';
import { buildHttpServer } from './http/buildHttpServer.js';
import type { Phase } from './http/routes/healthRoutes.js';
import { registerApiDocs } from './http/apiDocs/registerApiDocs.js';
import type { StatusMonitor } from './status/createStatusMonitor.js';
import { GATEWAY_VERSION } from './config/version.js';
import { createMtlsListener, type MtlsListener } from './http/mtls/createMtlsListener.js';
import { createLimits } from './limits/createLimits.js';
import { createRetentionPurge } from './retention/createRetentionPurge.js';
import { createStore, type Store } from './store/createStore.js';
import { connectRedis } from './store/connectRedis.js';
import { createCacheFeature } from './features/createCacheFeature.js';
import { createEInvoicingFeature } from './features/createEInvoicingFeature.js';
import { createErpPollerFeature } from './features/createErpPollerFeature.js';
import { createMetrics } from './observability/createMetrics.js';
import { initSentry } from './observability/initSentry.js';
import { factsOf, recordFacts } from './observability/requestFacts.js';

export interface App {
  readonly config: Config;
  readonly server: FastifyInstance;
  /** The mutual-TLS listener when MTLS_PORT is set: the same routes; the caller listens on it after `server`. */
  readonly mtls: MtlsListener | undefined;
  readonly connectors: Connectors;
  readonly breakers: BreakerRegistry;
  readonly services: GatewayServices;
  readonly store: Store;
  /** Status checks and incidents behind the status page. */
  readonly status: StatusMonitor;
  phase(): Phase;
  /** Marks the app ready; the caller does this once it listens. */
  ready(): void;
  /** Stops taking requests, lets in-flight ones finish, stops the workers, then releases everything. */
  close(): Promise<void>;
}

export interface BuildAppOptions {
  /** A store to use (and leave open on close); by default one is created from the configuration. */
  readonly store?: Store;
  /** Headers GraphiQL starts with (this sandbox run's credentials); ignored unless the sandbox is on. */
  readonly graphiqlHeaders?: Readonly<Record<string, string>>;
}

/**
 * Composition root: storage and connectors, then each feature from what it needs, registered on the
 * HTTP server in route order; the queue's workers start once every handler is there. Does not
 * listen, so tests can use `server.inject`.
 */
export async function buildApp(config: Config, logger: Logger, options: BuildAppOptions = {}): Promise<App> {
  let phase: Phase = 'starting';
  const store =
    options.store ?? (await createStore({ databaseUrl: config.storage.databaseUrl, schema: config.storage.schema, logger }));
  const metrics = createMetrics({ logger });
  const reporter = await initSentry(config.observability.sentry, logger);
  const redis = config.limits.redisUrl ? await connectRedis(config.limits.redisUrl, logger) : undefined;
  const limits = await createLimits(config, logger, { onRejected: metrics.rateLimited, redis });
  const caching = await createCacheFeature({ config, store, redis, logger, observer: metrics.cache });
  const { cache } = caching;
  const { connectors, breakers, budgets } = createConnectors(config, logger, {
    observers: [metrics.upstream, reporter.upstream],
    changed: (tags) => cache.changed(tags, 'gateway'),
    budgets: { log: limits.windowLog, keyPrefix: config.limits.keyPrefix, maxWaitMs: config.upstream.budgetMaxWaitMs, observer: metrics.budgets },
  });
  breakers.onTransition((transition) => {
    if (transition.state === 'open') reporter.breakerOpened(transition.system, transition.cause);
  });

  const work = await createWorkFeature({ config, store, connectors, logger });
  const { queue, deadLetters } = work;
  const events = await createEventsFeature({ config, store, connectors, deadLetters, logger });
  const einvoicing = createEInvoicingFeature({ store, connectors, queue, followUps: work.followUps, logger });
  const webhooks = await createWebhooksFeature({
    config,
    store,
    connectors,
    queue,
    followUps: work.followUps,
    bus: events.bus,
    observer: metrics.webhooks,
    cache,
    handlers: einvoicing.webhookHandlers,
  });
  // The ERP announces nothing: one poll tells the cache what it wrote, and e-invoicing what to send.
  const erpPoll = createErpPollerFeature({ config, store, erp: connectors.erp, logger, listeners: [caching.erpChanges, einvoicing.erpChanges] });
  const apiKeyChanges = await createApiKeyChanges({ pool: store.pool, databaseUrl: store.databaseUrl, schema: store.schema, logger });
  const apiKeys = createApiKeyService(store.prisma, {
    bootstrapAdminKey: config.auth.adminApiKey,
    cacheSeconds: config.auth.apiKeyCacheSeconds,
    changes: apiKeyChanges,
  });
  const services: GatewayServices = {
    idempotency: work.idempotency,
    queue,
    followUps: queue,
    deadLetters,
    apiKeys,
    audit: createAuditLog(store.prisma),
    breakers,
    plans: config.limits.plans,
    webhooks: webhooks.admin,
    events: events.bus,
    live: events.live,
    poller: await createShippingPollerFeature({ config, store, connectors, queue, events: events.bus, logger }),
    cache,
    einvoices: einvoicing,
  };

  const server = buildHttpServer(config, logger, {
    onServerError: (error, request) =>
      reporter.unexpectedError(error, {
        requestId: request.id,
        principalId: factsOf(request)?.principalId,
        route: `${request.method} ${request.routeOptions.url ?? '(no route)'}`,
      }),
  });
  // Before any route: the OpenAPI document is collected as routes are added.
  await registerApiDocs(server, { version: GATEWAY_VERSION });
  const mtls = config.mtls ? createMtlsListener(server, config.mtls, logger) : undefined;
  const jwtVerifier = createJwtVerifier(config.jwt);
  const principalOf = principalPerRequest(async (request) => {
    const principal = await authenticate(request.headers, apiKeys, jwtVerifier, request.raw.socket);
    recordFacts(request).principalId = principal.id;
    return principal;
  });
  const graphql = await createGraphqlFeature(server, {
    config,
    logger,
    connectors,
    services,
    limits,
    metrics,
    reporter,
    mtls,
    principalOf,
    graphiqlHeaders: config.sandbox.enabled ? options.graphiqlHeaders : undefined,
    authenticate: (headers, socket) => authenticate(headers, apiKeys, jwtVerifier, socket),
  });
  const ops = await createOpsFeature({ config, logger, store, breakers, budgets, cache, queue, deadLetters, metrics, phase: () => phase, principalOf });
  // One purge job for every growing table, once across instances.
  await createRetentionPurge({
    prisma: store.prisma,
    config: config.retention,
    logger,
    owned: { idempotency: async () => ({ idempotency_records: await work.idempotency.purgeExpired() }), status: () => ops.status.purge() },
  }).schedule(queue);
  for (const feature of [graphql, ops, webhooks]) await feature.register?.(server);
  await queue.start();
  erpPoll.start();

  return {
    config,
    server,
    mtls,
    connectors,
    breakers,
    services,
    store,
    status: ops.status,
    phase: () => phase,
    ready() {
      phase = 'ready';
    },
    async close() {
      if (phase === 'stopped' || phase === 'draining') return;
      phase = 'draining';
      // HTTP first (subscriptions, then in-flight requests), then the workers; the event bus after
      // the queue, whose jobs (webhook processing) publish events.
      for (const feature of [graphql, erpPoll, work, ops, events, caching]) await feature.close?.();
      await apiKeyChanges.close();
      await redis?.quit();
      breakers.shutdown();
      // Reports of the last requests are still on their way; the SDK itself lives on with the process.
      await reporter.flush();
      if (!options.store) await store.close();
      phase = 'stopped';
    },
  };
}
