import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, NoSchemaIntrospectionCustomRule, validate } from 'graphql';
import { ErrorCode } from '../errors/errorCatalogue.js';
import type { LimitsContext } from './LimitsContext.js';

export interface SchemaPrivacyPluginOptions {
  /** Hide the schema from everyone but ADMIN principals (in production). */
  readonly hideSchema: boolean;
}

/** Apollo's own pattern for "Did you mean …?" hints, which name fields and values a caller did not ask for. */
const SUGGESTION = / ?Did you mean(.+?)\?$/;

/**
 * Introspection and field suggestions per principal: Apollo's `introspection` option and its
 * suggestion plugin apply to every caller alike, and ops staff still need the schema in production.
 */
export function schemaPrivacyPlugin(options: SchemaPrivacyPluginOptions): ApolloServerPlugin<LimitsContext> {
  return {
    async requestDidStart({ contextValue }) {
      if (!options.hideSchema || contextValue.principal.role === 'ADMIN') return;
      return {
        async didResolveOperation({ document, schema }) {
          const [introspection] = validate(schema, document, [NoSchemaIntrospectionCustomRule]);
          if (!introspection) return;
          throw new GraphQLError(`${introspection.message} Introspection is open to ADMIN keys only in production.`, {
            nodes: introspection.nodes,
            extensions: { code: ErrorCode.GRAPHQL_VALIDATION_FAILED, http: { status: 400 } },
          });
        },
        async didEncounterErrors({ errors }) {
          for (const error of errors) error.message = error.message.replace(SUGGESTION, '');
        },
      };
    },
  };
}
