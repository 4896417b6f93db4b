import type { IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Principal } from '../auth/Principal.js';
import type { Config } from '../config/index.js';
import type { CallContext } from '../connectors/core/createUpstreamClient.js';
import type { Connectors } from '../connectors/createConnectors.js';
import { buildSchema } from '../graphql/buildSchema.js';
import type { GatewayContext, GatewayServices } from '../graphql/context.js';
import { createLoaders } from '../graphql/createLoaders.js';
import { formatError } from '../graphql/errors.js';
import { idempotencyPlugin } from '../graphql/idempotencyPlugin.js';
import { requestIdPlugin } from '../graphql/requestIdPlugin.js';
import { requestOutcomePlugin } from '../graphql/requestOutcomePlugin.js';
import { readPolicyOf } from '../graphql/readPolicyOf.js';
import { staleExtensionPlugin } from '../graphql/staleExtensionPlugin.js';
import type { SystemName } from '../config/SystemName.js';
import { trustedDocumentsPlugin } from '../graphql/trustedDocumentsPlugin.js';
import { attachSubscriptionServer } from '../http/attachSubscriptionServer.js';
import type { MtlsListener } from '../http/mtls/createMtlsListener.js';
import { registerGraphqlRoute } from '../http/routes/graphqlRoute.js';
import type { Limits } from '../limits/createLimits.js';
import type { Metrics } from '../observability/createMetrics.js';
import type { ErrorReporter } from '../observability/initSentry.js';
import { recordFacts } from '../observability/requestFacts.js';
import type { Feature } from './Feature.js';

export interface GraphqlFeatureDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly connectors: Connectors;
  readonly services: GatewayServices;
  readonly limits: Limits;
  readonly metrics: Metrics;
  readonly reporter: ErrorReporter;
  readonly mtls: MtlsListener | undefined;
  /** The principal of an HTTP request, looked up once per request. */
  readonly principalOf: (request: FastifyRequest) => Promise<Principal>;
  /** Headers GraphiQL starts with (a sandbox run's credentials). */
  readonly graphiqlHeaders?: Readonly<Record<string, string>> | undefined;
  /** The principal of a WebSocket's upgrade request. */
  readonly authenticate: (headers: IncomingHttpHeaders, socket: Socket) => Promise<Principal>;
}

/** `POST /graphql` (and GET) through Apollo, and subscriptions over WebSocket, behind the plan limits. */
export async function createGraphqlFeature(server: FastifyInstance, deps: GraphqlFeatureDeps): Promise<Required<Feature>> {
  const { config, connectors, services, limits, metrics, reporter } = deps;
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
      trustedDocumentsPlugin(limits.policy),
      ...limits.apolloPlugins,
      idempotencyPlugin(),
      staleExtensionPlugin(),
      requestIdPlugin({ onUnexpectedError: ({ error, ...scope }) => reporter.unexpectedError(error, scope) }),
      ApolloServerPluginLandingPageDisabled(),
      // No type carries cache hints, and the default plugin wraps every resolved field to look for them.
      ApolloServerPluginCacheControlDisabled(),
    ],
  });
  await apollo.start();
  const subscriptions = attachSubscriptionServer(server, {
    schema,
    authenticate: (headers, request) => deps.authenticate(headers, request.socket),
    context: (principal, requestId, log) => ({
      requestId,
      log,
      principal,
      principalId: principal.id,
      connectors,
      services,
      // Events are read as they come: never stale, and never waiting on a client's budget wait.
      loaders: createLoaders(connectors, { requestId, log, principalId: principal.id }, { batching: config.batching, cache: services.cache, policy: { reload: false }, einvoices: services.einvoices.records }),
      idempotency: { scope: null },
      stale: new Map(),
    }),
    logger: deps.logger,
    maxPayloadBytes: config.http.bodyLimitBytes,
    policy: limits.policy,
  });
  // On the mTLS listener the certificate is the principal, as for its HTTP requests.
  if (deps.mtls) subscriptions.attach(deps.mtls.server);

  return {
    async register(app) {
      limits.registerHttpHook(app, { authenticate: deps.principalOf });
      await registerGraphqlRoute(app, {
        graphiqlHeaders: deps.graphiqlHeaders,
        apollo,
        context: async (request) => {
          const principal = await deps.principalOf(request);
          const facts = recordFacts(request);
          const stale = new Map<SystemName, number>();
          const callContext: CallContext = {
            requestId: request.id,
            log: request.log as Logger,
            principalId: principal.id,
            interactive: true,
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
            loaders: createLoaders(connectors, callContext, { batching: config.batching, cache: services.cache, policy: readPolicyOf(request.headers, stale), einvoices: services.einvoices.records }),
            idempotency: { scope: null },
            facts,
            stale,
          };
        },
      });
    },
    async close() {
      // Open WebSockets would hold the HTTP server open; subscribers reconnect to another instance.
      await subscriptions.close();
      // Apollo's drain plugin closes Fastify, which waits for in-flight requests to finish.
      await apollo.stop();
    },
  };
}
