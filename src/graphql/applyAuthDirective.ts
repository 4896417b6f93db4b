import { getDirective, MapperKind, mapSchema } from '@graphql-tools/utils';
import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { Role } from '../auth/Principal.js';
import { requireRole } from './authorization.js';
import type { GatewayContext } from './context.js';

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

/**
 * Enforces `@auth(requires: ROLE)` before a field's resolver runs. Secure by default: every root
 * field needs an authenticated principal (CLIENT) unless it is marked `@public`; a field or its
 * type may ask for more.
 */
export function applyAuthDirective(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field, _name, typeName) => {
      const own = getDirective(schema, field, 'auth')?.[0];
      const type = schema.getType(typeName);
      const inherited = type ? getDirective(schema, type, 'auth')?.[0] : undefined;
      const isPublic = getDirective(schema, field, 'public')?.[0] !== undefined;
      const requires = (own?.requires ?? inherited?.requires ?? (ROOT_TYPES.has(typeName) && !isPublic ? 'CLIENT' : undefined)) as
        | Role
        | undefined;
      if (!requires) return field;
      const wrap =
        (resolver: GraphQLFieldResolver<unknown, GatewayContext>): GraphQLFieldResolver<unknown, GatewayContext> =>
        (source, args, context, info) => {
          requireRole(context.principal, requires);
          return resolver(source, args, context, info);
        };
      return {
        ...field,
        resolve: wrap(field.resolve ?? defaultFieldResolver),
        ...(field.subscribe ? { subscribe: wrap(field.subscribe) } : {}),
      };
    },
  });
}
