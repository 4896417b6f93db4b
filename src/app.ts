import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { authenticate } from './auth/authenticate.js';
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
import { buildHttpServer } from './http/buildHttpServer.js';
import { registerGraphqlRoute } from './http/routes/graphqlRoute.js';
import { registerHealthRoutes, type Phase } from './http/routes/healthRoutes.js';
import { registerStatusRoute } from './http/routes/statusRoute.js';
import { createDeadLetterService } from './reliability/createDeadLetterService.js';
import { createIdempotencyStore } from './reliability/createIdempotencyStore.js';
import { createJobQueue } from './reliability/createJobQueue.js';
import { createStore, type Store } from './store/createStore.js';

export interface App {
  readonly config: Config;
  readonly server: FastifyInstance;
  readonly connectors: Connectors;
  readonly breakers: BreakerRegistry;
  readonly services: GatewayServices;
  readonly store: Store;
  phase(): Phase;
  /** Marks the app ready; the caller does this once it listens. */
  ready(): void;
  /** Stops taking requests, lets in-flight ones finish, stops the workers, then releases everything. */
  close(): Promise<void>;
}

export interface BuildAppOptions {
  /** A store to use (and leave open on close); by default one is created from the configuration. */
  readonly store?: Store;
}

/** Expired idempotency records are purged hourly, once across every instance. */
const PURGE_SCHEDULE = '17 * * * *';

/**
 * Composition root: storage, connectors, queue, schema, Apollo and the HTTP server from a resolved
 * configuration (every system has its URL). Does not listen, so tests can use `server.inject`.
 */
export async function buildApp(config: Config, logger: Logger, options: BuildAppOptions = {}): Promise<App> {
  let phase: Phase = 'starting';
  const store =
    options.store ?? (await createStore({ databaseUrl: config.storage.databaseUrl, schema: config.storage.schema, logger }));
  const { connectors, breakers } = createConnectors(config, logger);
  const deadLetters = createDeadLetterService(store.prisma, connectors, logger);
  const queue = await createJobQueue({ connectionString: store.databaseUrl, pool: store.pool, config, connectors, deadLetters, logger });
  const services: GatewayServices = {
    idempotency: createIdempotencyStore(store.prisma, config.idempotency),
    queue,
    deadLetters,
    apiKeys: createApiKeyService(store.prisma, { bootstrapAdminKey: config.auth.adminApiKey }),
    audit: createAuditLog(store.prisma),
    breakers,
  };
  await queue.schedule('idempotency-purge', PURGE_SCHEDULE, async () => {
    const purged = await services.idempotency.purgeExpired();
    logger.info({ purged }, 'expired idempotency records purged');
  });

  const server = buildHttpServer(config, logger);
  const apollo = new ApolloServer<GatewayContext>({
    schema: buildSchema(),
    formatError,
    includeStacktraceInErrorResponses: false,
    // CSRF prevention guards cookie-authenticated browsers; credentials here travel only in headers
    // (Authorization, x-api-key) that a cross-site simple request cannot set, and GET queries must work.
    csrfPrevention: false,
    // main.ts owns the signals and shuts down in order; Apollo's own handler would race it.
    stopOnTerminationSignals: false,
    // The idempotency plugin stores responses before the request id is added, so a replay carries its own.
    plugins: [fastifyApolloDrainPlugin(server), idempotencyPlugin(), requestIdPlugin(), ApolloServerPluginLandingPageDisabled()],
  });
  await apollo.start();

  await registerGraphqlRoute(server, {
    apollo,
    context: async (request) => {
      const callContext = { requestId: request.id, log: request.log as Logger };
      return {
        ...callContext,
        principal: await authenticate(request.headers, services.apiKeys),
        connectors,
        services,
        loaders: createLoaders(connectors, callContext, { batching: config.batching }),
        idempotency: { scope: null },
      };
    },
  });
  registerHealthRoutes(server, { phase: () => phase, checks: { database: () => store.ping() } });
  registerStatusRoute(server, config, breakers);

  return {
    config,
    server,
    connectors,
    breakers,
    services,
    store,
    phase: () => phase,
    ready() {
      phase = 'ready';
    },
    async close() {
      if (phase === 'stopped' || phase === 'draining') return;
      phase = 'draining';
      // Apollo's drain plugin closes Fastify, which waits for in-flight requests to finish.
      await apollo.stop();
      await queue.stop();
      breakers.shutdown();
      if (!options.store) await store.close();
      phase = 'stopped';
    },
  };
}
