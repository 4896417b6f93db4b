import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { BreakerRegistry } from './connectors/core/createBreakerRegistry.js';
import { createConnectors, type Connectors } from './connectors/createConnectors.js';
import { buildSchema } from './graphql/buildSchema.js';
import type { GatewayContext } from './graphql/context.js';
import { createLoaders } from './graphql/createLoaders.js';
import { formatError } from './graphql/errors.js';
import { requestIdPlugin } from './graphql/requestIdPlugin.js';
import { buildHttpServer } from './http/buildHttpServer.js';
import { registerGraphqlRoute } from './http/routes/graphqlRoute.js';
import { registerHealthRoutes, type Phase } from './http/routes/healthRoutes.js';
import { registerStatusRoute } from './http/routes/statusRoute.js';

export interface App {
  readonly config: Config;
  readonly server: FastifyInstance;
  readonly connectors: Connectors;
  readonly breakers: BreakerRegistry;
  phase(): Phase;
  /** Marks the app ready; the caller does this once it listens. */
  ready(): void;
  /** Stops taking requests, lets in-flight ones finish, then releases everything. */
  close(): Promise<void>;
}

/**
 * Composition root: builds connectors, schema, Apollo and the HTTP server from a resolved
 * configuration (every system has its URL). Does not listen, so tests can use `server.inject`.
 */
export async function buildApp(config: Config, logger: Logger): Promise<App> {
  let phase: Phase = 'starting';
  const { connectors, breakers } = createConnectors(config, logger);
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
    plugins: [fastifyApolloDrainPlugin(server), requestIdPlugin(), ApolloServerPluginLandingPageDisabled()],
  });
  await apollo.start();

  await registerGraphqlRoute(server, {
    apollo,
    context: async (request) => {
      const callContext = { requestId: request.id, log: request.log as Logger };
      return {
        ...callContext,
        connectors,
        loaders: createLoaders(connectors, callContext, { batching: config.batching }),
      };
    },
  });
  registerHealthRoutes(server, { phase: () => phase });
  registerStatusRoute(server, config, breakers);

  server.addHook('onClose', async () => {
    breakers.shutdown();
  });

  return {
    config,
    server,
    connectors,
    breakers,
    phase: () => phase,
    ready() {
      phase = 'ready';
    },
    async close() {
      if (phase === 'stopped') return;
      phase = 'draining';
      // Apollo's drain plugin closes Fastify, which waits for in-flight requests to finish.
      await apollo.stop();
      phase = 'stopped';
    },
  };
}
