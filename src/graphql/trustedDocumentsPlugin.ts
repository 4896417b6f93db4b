import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestPolicy } from '../limits/createRequestPolicy.js';
import type { GatewayContext } from './context.js';

/**
 * A document that costs nothing to parse and validate, standing in for a refused one; see below.
 */
const STAND_IN = '{ __typename }';

/**
 * The request policy's trusted documents over HTTP: a registered hash becomes its document's text
 * before Apollo reads the query, and a restricted client's own text is refused with
 * OPERATION_NOT_TRUSTED (HTTP 403).
 */
export function trustedDocumentsPlugin(policy: Pick<RequestPolicy, 'documentFor'>): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ request, contextValue }) {
      const choice = policy.documentFor(contextValue.principal, request);
      // Apollo reads the query after requestDidStart; with text and hash both sent it checks they match.
      if (choice.outcome === 'registered' && request.query === undefined) request.query = choice.text;
      if (choice.outcome !== 'refused') return;

      // Apollo answers a plugin's refusal through its own error path (formatError, every plugin's
      // response hooks) only from didResolveOperation, after parsing and validation. The untrusted
      // text is swapped for a stand-in so that it is never parsed, and its validation errors (depth,
      // cost, syntax) cannot take the place of this refusal.
      const { persistedQuery: _persistedQuery, ...extensions } = request.extensions ?? {};
      request.query = STAND_IN;
      request.operationName = undefined;
      request.variables = undefined;
      request.extensions = extensions;
      return {
        async didResolveOperation() {
          throw choice.error;
        },
      };
    },
  };
}
