import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { METRICS_ROUTE_DOCS } from './metricsRouteDocs.js';

export interface ApiDocsOptions {
  readonly version: string;
}

/**
 * Swagger UI loads only its own files from the package and fetches /docs/json: everything is 'self'.
 * Its React components set style attributes, which a hash cannot allow.
 */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const DESCRIPTION = `The REST side of Switchyard: health, readiness, the status of the upstream systems, metrics,
inbound webhooks and the GraphQL SDL. Queries and mutations go to \`POST /graphql\` (GraphQL over HTTP), described by
its SDL at [/schema.graphql](/schema.graphql); see the README for authentication, errors, idempotency, rate limits
and the versioning policy, and CHANGELOG.md for what changed.`;

/**
 * OpenAPI 3.1 built from the route schemas (routes without tags stay out: GraphQL, the consoles'
 * assets) and Swagger UI at /docs, served from the package with no CDN. Register before the routes:
 * the document is collected as routes are added.
 */
export async function registerApiDocs(app: FastifyInstance, options: ApiDocsOptions): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Switchyard REST API', version: options.version, description: DESCRIPTION, license: { name: 'MIT', identifier: 'MIT' } },
      tags: [
        { name: 'health', description: 'Liveness and readiness for orchestrators and load balancers' },
        { name: 'status', description: 'The upstream systems as the gateway sees them' },
        { name: 'operations', description: 'Prometheus metrics for monitoring' },
        { name: 'webhooks', description: 'Events pushed by the upstream systems' },
        { name: 'schema', description: 'The GraphQL API\'s schema' },
      ],
      components: {
        securitySchemes: {
          apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'An API key (sy_…); `Authorization: Bearer sy_…` works too' },
          bearer: { type: 'http', scheme: 'bearer', description: 'An API key or a JWT from the identity provider' },
        },
      },
    },
    hideUntagged: true,
    // /metrics is served as Prometheus text by its own module; its documentation is added here when it has none.
    transform: ({ schema, url }) => {
      const documented = (schema as FastifySchema & { tags?: string[] } | undefined)?.tags?.length;
      if (url === '/metrics' && !documented) return { schema: { ...schema, ...METRICS_ROUTE_DOCS } as FastifySchema, url };
      return { schema, url };
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: DOCS_CSP,
    // validatorUrl stays unset: the plugin then turns off the badge that would call validator.swagger.io.
    uiConfig: { deepLinking: true, docExpansion: 'list', defaultModelsExpandDepth: 1 },
    theme: { title: 'Switchyard API reference' },
  });
}
