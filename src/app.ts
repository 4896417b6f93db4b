import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { authenticate } from './auth/authenticate.js';
import { principalPerRequest } from './auth/principalPerRequest.js';
import { createJwtVerifier } from './auth/createJwtVerifier.js';
import { createApiKeyService } from './auth/createApiKeyService.js';
import { createAuditLog } from './auth/createAuditLog.js';
import type { Config } from './config.js';
import type { BreakerRegistry } from './connectors/core/createBreakerRegistry.js';
import { createConnectors, type Connectors } from './connectors/createConnectors.js';
import { buildSchema } from './graphql/buildSchema.js';
import type { GatewayContext, GatewayServices } from './graphql/context.js';
import { createLoaders } from './graphql/createLoaders.js';
import { formatError } from './graphql/errors.js';
import { idempotencyPlugin } from './graphql/idempotencyPlugin.js';
import { requestIdPlugin } from './graphql/requestIdPlugin.js';
import { trustedDocumentsPlugin } from './graphql/trustedDocumentsPlugin.js';
import { buildHttpServer } from './http/buildHttpServer.js';
import { registerGraphqlRoute } from './http/routes/graphqlRoute.js';
import { registerHealthRoutes, type Phase } from './http/routes/healthRoutes.js';
import { registerStatusRoute } from './http/routes/statusRoute.js';
import { registerSchemaRoute } from './http/routes/schemaRoute.js';
import { registerApiDocs } from './http/apiDocs/registerApiDocs.js';
import { printSdl } from './graphql/printSdl.js';
import { createStatusMonitor, type StatusMonitor } from './status/createStatusMonitor.js';
import { createStatusStore } from './status/createStatusStore.js';
import { createSystemProbe } from './status/createSystemProbe.js';
import { createRetentionPurge } from './retention/createRetentionPurge.js';
import { GATEWAY_VERSION } from './version.js';
import { registerAdminConsoleRoute } from './http/routes/adminConsoleRoute.js';
import { createMtlsListener, type MtlsListener } from './http/mtls/createMtlsListener.js';
import { createLimits } from './limits/createLimits.js';
import { createShippingPoller } from './integrations/polling/createShippingPoller.js';
import { createWebhooksIntegration } from './integrations/webhooks/createWebhooksIntegration.js';
import { registerWebhooksRoute } from './http/routes/webhooksRoute.js';
import { attachSubscriptionServer } from './http/attachSubscriptionServer.js';
import { createEventBus } from './integrations/eventBus/createEventBus.js';
import { createLiveEvents } from './integrations/eventBus/createLiveEvents.js';
import { subscribeCrmContactSync } from './integrations/eventBus/subscribeCrmContactSync.js';
import { createDeadLetterService } from './reliability/createDeadLetterService.js';
import { createIdempotencyStore } from './reliability/createIdempotencyStore.js';
import { createJobQueue } from './reliability/createJobQueue.js';
import { createStore, type Store } from './store/createStore.js';
import type { CallContext } from './connectors/core/createUpstreamClient.js';
import { requestOutcomePlugin } from './graphql/requestOutcomePlugin.js';
import { registerMetricsRoute } from './http/routes/metricsRoute.js';
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
 * Composition root: storage, connectors, queue, schema, Apollo and the HTTP server from a resolved
 * configuration (every system has its URL). Does not listen, so tests can use `server.inject`.
 */
export async function buildApp(config: Config, logger: Logger, options: BuildAppOptions = {}): Promise<App> {
  let phase: Phase = 'starting';
  const store =
    options.store ?? (await createStore({ databaseUrl: config.storage.databaseUrl, schema: config.storage.schema, logger }));
  const metrics = createMetrics({ logger });
  const reporter = await initSentry(config.observability.sentry, logger);
  const { connectors, breakers } = createConnectors(config, logger, { observers: [metrics.upstream, reporter.upstream] });
  breakers.onTransition((transition) => {
    if (transition.state === 'open') reporter.breakerOpened(transition.system, transition.cause);
  });
  const webhooks = createWebhooksIntegration({ prisma: store.prisma, config: config.webhooks, connectors, observer: metrics.webhooks });
  const followUpDeps = { ...connectors, webhooks: webhooks.jobs };
  const deadLetters = createDeadLetterService(store.prisma, followUpDeps, logger);
  const queue = await createJobQueue({ connectionString: store.databaseUrl, pool: store.pool, config, connectors: followUpDeps, deadLetters, logger });
  webhooks.bindQueue(queue);
  const eventBus = await createEventBus({
    config: config.eventBus,
    logger,
    deadLetters,
    postgres: { connectionString: store.databaseUrl, schema: config.queue.schema, pollingSeconds: config.queue.pollingSeconds },
  });
  // Consumers run where follow-up workers run; every instance feeds its own subscribers live.
  if (config.queue.worker) await subscribeCrmContactSync(eventBus, connectors);
  await webhooks.attachEventBus(eventBus, { consume: config.queue.worker });
  const live = await createLiveEvents(eventBus, logger);
  const jwtVerifier = createJwtVerifier(config.jwt);
  const services: GatewayServices = {
    idempotency: createIdempotencyStore(store.prisma, config.idempotency),
    queue,
    deadLetters,
    apiKeys: createApiKeyService(store.prisma, { bootstrapAdminKey: config.auth.adminApiKey }),
    audit: createAuditLog(store.prisma),
    breakers,
    plans: config.limits.plans,
    webhooks: webhooks.admin,
    events: eventBus,
    live,
    poller: createShippingPoller({
      prisma: store.prisma,
      pool: store.pool,
      schema: store.schema,
      connectors,
      maxPagesPerRun: config.polling.maxPagesPerRun,
      logger,
      // The carrier's list says nothing about orders; receivers that need the order look it up by tracking code.
      onUpdate: async (tracker) => {
        await eventBus.publish({
          id: `poll:${tracker.trackingCode}:${tracker.updatedAt ?? ''}`,
          name: 'shipment.updated',
          data: { trackingCode: tracker.trackingCode, status: tracker.status, carrier: tracker.carrier, orderId: null, orderReference: null, partnerId: null },
        });
      },
    }),
  };
  const status = createStatusMonitor({
    store: createStatusStore(store.prisma),
    breakers,
    probe: createSystemProbe(config, config.status.probeTimeoutMs),
    config: config.status,
    logger,
  });
  await status.schedule(queue);
  await createRetentionPurge({
    prisma: store.prisma,
    config: config.retention,
    logger,
    owned: { idempotency: async () => ({ idempotency_records: await services.idempotency.purgeExpired() }), status: () => status.purge() },
  }).schedule(queue);
  await queue.schedule('shipping-poll', config.polling.shippingCron, async () => {
    await services.poller.poll('schedule');
  });

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
  const limits = await createLimits(config, logger, { onRejected: metrics.rateLimited });
  const principalOf = principalPerRequest(async (request) => {
    const principal = await authenticate(request.headers, services.apiKeys, jwtVerifier, request.raw.socket);
    recordFacts(request).principalId = principal.id;
    return principal;
  });
  limits.registerHttpHook(server, { authenticate: principalOf });
  const schema = limits.applyFieldLimits(buildSchema());
  const apollo = new ApolloServer<GatewayContext>({
    schema,
    ...limits.apolloOptions,
    formatError,
    includeStacktraceInErrorResponses: false,
    // CSRF prevention guards cookie-authenticated browsers; credentials here travel only in headers
    // (Authorization, x-api-key) that a cross-site simple request cannot set, and GET queries must work.
    csrfPrevention: false,
    // main.ts owns the signals and shuts down in order; Apollo's own handler would race it.
    stopOnTerminationSignals: false,
    // The idempotency plugin stores responses before the request id is added, so a replay carries its own.
    plugins: [
      fastifyApolloDrainPlugin(server),
      requestOutcomePlugin({ onOutcome: (operationName, outcome, seconds) => metrics.graphqlRequest(operationName, outcome, seconds) }),
      trustedDocumentsPlugin(config.trustedDocuments),
      ...limits.apolloPlugins,
      idempotencyPlugin(),
      requestIdPlugin({ onUnexpectedError: ({ error, ...scope }) => reporter.unexpectedError(error, scope) }),
      ApolloServerPluginLandingPageDisabled(),
      // No type carries cache hints, and the default plugin wraps every resolved field to look for them.
      ApolloServerPluginCacheControlDisabled(),
    ],
  });
  await apollo.start();

  await registerGraphqlRoute(server, {
    apollo,
    graphiqlHeaders: config.sandbox.enabled ? options.graphiqlHeaders : undefined,
    context: async (request) => {
      const principal = await principalOf(request);
      const facts = recordFacts(request);
      const callContext: CallContext = {
        requestId: request.id,
        log: request.log as Logger,
        principalId: principal.id,
        // The loaders keep this object while Apollo runs on a shallow copy of the context, and the
        // operation is resolved only after both exist: each call reads its name from the request's facts.
        get operationName() {
          return facts.operationName;
        },
      };
      return {
        requestId: callContext.requestId,
        log: callContext.log,
        principal,
        principalId: principal.id,
        connectors,
        services,
        loaders: createLoaders(connectors, callContext, { batching: config.batching }),
        idempotency: { scope: null },
        facts,
      };
    },
  });
  const subscriptions = attachSubscriptionServer(server, {
    schema,
    authenticate: (headers, request) => authenticate(headers, services.apiKeys, jwtVerifier, request.socket),
    context: (principal, requestId, log) => ({
      requestId,
      log,
      principal,
      principalId: principal.id,
      connectors,
      services,
      loaders: createLoaders(connectors, { requestId, log, principalId: principal.id }, { batching: config.batching }),
      idempotency: { scope: null },
    }),
    logger,
    maxPayloadBytes: config.http.bodyLimitBytes,
    trustedDocuments: config.trustedDocuments,
  });
  // On the mTLS listener the certificate is the principal, as for its HTTP requests.
  if (mtls) subscriptions.attach(mtls.server);
  registerHealthRoutes(server, { phase: () => phase, checks: { database: () => store.ping() } });
  metrics.watch({ breakers, queueStats: () => queue.stats(), openDeadLetters: () => deadLetters.openCountsByKind() });
  registerMetricsRoute(server, { metrics, config: config.observability.metrics, authenticate: principalOf });
  registerStatusRoute(server, { config, breakers, monitor: status });
  registerSchemaRoute(server, {
    sdl: printSdl(),
    adminOnly: config.apiDocs.schemaDownload === 'admin' || (config.apiDocs.schemaDownload === 'auto' && config.environment === 'production'),
    principalOf,
  });
  await registerAdminConsoleRoute(server);
  await registerWebhooksRoute(server, {
    ingestion: webhooks.ingestion,
    bodyLimitBytes: config.webhooks.bodyLimitBytes,
    publicBaseUrl: config.webhooks.publicBaseUrl,
  });

  return {
    config,
    server,
    mtls,
    connectors,
    breakers,
    services,
    store,
    status,
    phase: () => phase,
    ready() {
      phase = 'ready';
    },
    async close() {
      if (phase === 'stopped' || phase === 'draining') return;
      phase = 'draining';
      // Open WebSockets would hold the HTTP server open; subscribers reconnect to another instance.
      await subscriptions.close();
      // Apollo's drain plugin closes Fastify, which waits for in-flight requests to finish.
      await apollo.stop();
      await queue.stop();
      await status.close();
      // After the queue: its jobs (webhook processing) publish events.
      await live.close();
      await eventBus.close();
      breakers.shutdown();
      // Reports of the last requests are still on their way; the SDK itself lives on with the process.
      await reporter.flush();
      if (!options.store) await store.close();
      phase = 'stopped';
    },
  };
}
