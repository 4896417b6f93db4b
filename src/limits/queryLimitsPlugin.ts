import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import type { LimitsContext } from './LimitsContext.js';
import type { RequestPolicy } from './createRequestPolicy.js';

/**
 * The request policy's query shape limits over HTTP, each refused before execution with a code of
 * its own (HTTP 400). The token limit is enforced by graphql-js while Apollo parses (its
 * `parseOptions`, from the same policy); this plugin names that refusal. graphql-armor's own token
 * plugin throws from parsingDidStart, which Apollo Server 5 answers with HTTP 500.
 */
export function queryLimitsPlugin(policy: Pick<RequestPolicy, 'checkShape' | 'tokenLimitRefusal'>): ApolloServerPlugin<LimitsContext> {
  return {
    async requestDidStart() {
      let tokenRefusal: GraphQLError | null = null;
      return {
        async parsingDidStart() {
          return async (error) => {
            if (error) tokenRefusal = policy.tokenLimitRefusal(error);
          };
        },

        async didResolveOperation({ document, schema }) {
          const refusal = policy.checkShape(schema, document);
          if (refusal) throw refusal;
        },

        async willSendResponse({ response }) {
          const refusal = tokenRefusal;
          if (!refusal || response.body.kind !== 'single') return;
          response.body.singleResult.errors = response.body.singleResult.errors?.map((error) => ({
            ...error,
            message: refusal.message,
            extensions: { ...error.extensions, code: refusal.extensions.code },
          }));
        },
      };
    },
  };
}
