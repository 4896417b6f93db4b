import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Principal } from '../../auth/Principal.js';
import { errorBody } from '../../errors/errorBody.js';
import { ErrorCode } from '../../errors/errorCatalogue.js';

export interface SchemaRouteOptions {
  /** The SDL, printed once at start. */
  readonly sdl: string;
  /** Whether only ADMIN principals may download it (as introspection in production). */
  readonly adminOnly: boolean;
  readonly principalOf: (request: FastifyRequest) => Promise<Principal>;
}

const ERROR_SCHEMA = {
  type: 'object',
  properties: {
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { message: { type: 'string' }, extensions: { type: 'object', properties: { code: { type: 'string' }, requestId: { type: 'string' } } } },
      },
    },
  },
} as const;

/** `GET /schema.graphql`: the GraphQL SDL with its directives, the same file as published/schema.graphql. */
export function registerSchemaRoute(app: FastifyInstance, options: SchemaRouteOptions): void {
  const refuse = (status: 401 | 403, code: ErrorCode, message: string, requestId: string) => ({
    status,
    body: errorBody({ code, message }, requestId),
  });
  const refusalFor = async (request: FastifyRequest) => {
    if (!options.adminOnly) return null;
    const principal = await options.principalOf(request).catch(() => null);
    if (!principal || principal.kind === 'anonymous') {
      return refuse(401, ErrorCode.UNAUTHENTICATED, 'The schema is published to ADMIN API keys only here: send one as a bearer token or x-api-key', request.id);
    }
    if (principal.role !== 'ADMIN') return refuse(403, ErrorCode.FORBIDDEN, 'The schema is published to ADMIN API keys only here', request.id);
    return null;
  };

  app.get(
    '/schema.graphql',
    {
      schema: {
        tags: ['schema'],
        summary: 'The GraphQL schema (SDL)',
        description:
          'The schema of `POST /graphql` in SDL, with its directives (`@auth`, `@cost`, `@listSize`, `@deprecated`). ' +
          'In production it may be reserved to ADMIN keys (SCHEMA_DOWNLOAD).',
        response: {
          200: { description: 'The SDL', content: { 'text/plain': { schema: { type: 'string' } } } },
          401: { description: 'No valid credentials, where the schema is reserved to ADMIN keys', content: { 'application/json': { schema: ERROR_SCHEMA } } },
          403: { description: 'Not an ADMIN key, where the schema is reserved to them', content: { 'application/json': { schema: ERROR_SCHEMA } } },
        },
      },
    },
    async (request, reply) => {
      const refusal = await refusalFor(request);
      if (refusal) return reply.status(refusal.status).type('application/json; charset=utf-8').send(refusal.body);
      return reply
        .type('text/plain; charset=utf-8')
        .header('content-disposition', 'inline; filename="schema.graphql"')
        .send(options.sdl);
    },
  );
}
