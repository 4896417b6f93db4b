import type { ApolloServer } from '@apollo/server';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { GatewayContext } from '../../graphql/context.js';
import { runWithRequestId } from '../../graphql/requestIdScope.js';
import {
  graphiqlContentSecurityPolicy,
  registerGraphiqlAssets,
  renderGraphiqlHtml,
  wantsGraphiql,
} from '../graphiql/registerGraphiql.js';
import { EXAMPLE_QUERY } from '../graphiql/exampleQuery.js';

export interface GraphqlRouteOptions {
  readonly apollo: ApolloServer<GatewayContext>;
  readonly context: (request: FastifyRequest) => Promise<GatewayContext>;
  readonly path?: string;
  /** Headers GraphiQL starts with; the caller sets them in sandbox mode only (they carry credentials). */
  readonly graphiqlHeaders?: Readonly<Record<string, string>>;
}

/** POST and GET /graphql per GraphQL over HTTP; a browser asking for HTML gets GraphiQL instead. */
export async function registerGraphqlRoute(app: FastifyInstance, options: GraphqlRouteOptions): Promise<void> {
  const path = options.path ?? '/graphql';
  const graphiql = { endpoint: path, title: 'Switchyard GraphiQL', defaultQuery: EXAMPLE_QUERY, defaultHeaders: options.graphiqlHeaders };
  const html = renderGraphiqlHtml(graphiql);
  // A header policy, unlike the page's meta tag, can also forbid framing (clickjacking).
  const graphiqlPolicy = `${graphiqlContentSecurityPolicy(graphiql)}; frame-ancestors 'none'`;
  await registerGraphiqlAssets(app, graphiql);
  const execute = fastifyApolloHandler(options.apollo, { context: options.context });

  app.route<{ Reply: string }>({
    method: ['GET', 'POST'],
    url: path,
    async handler(request, reply) {
      if (request.method === 'GET' && wantsGraphiql(request)) {
        return reply.type('text/html; charset=utf-8').header('content-security-policy', graphiqlPolicy).send(html);
      }
      return runWithRequestId(request.id, () => execute.call(this, request, reply));
    },
  });
}
