import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { Principal } from '../auth/Principal.js';
import { ErrorCode } from '../errors/errorCatalogue.js';
import type { GatewayContext } from './context.js';

export interface TrustedDocumentsPluginOptions {
  /** SHA-256 (hex) of each registered document's exact text → the text. */
  readonly documents: Readonly<Record<string, string>>;
  /** Principals restricted by id (e.g. JWT users); API keys and certificates also carry their own flag. */
  readonly principalIds: readonly string[];
}

function sentHash(extensions: Record<string, unknown> | undefined): string | undefined {
  const persisted = extensions?.persistedQuery as { sha256Hash?: unknown } | undefined;
  return typeof persisted?.sha256Hash === 'string' ? persisted.sha256Hash : undefined;
}

/**
 * A document that costs nothing to parse and validate, standing in for a refused one; see below.
 */
const STAND_IN = '{ __typename }';

/**
 * Trusted documents (APQ-compatible): registered operations resolve by hash for every client, even
 * when the APQ cache is cold or the hash was registered on another instance; a restricted client may
 * send nothing else, and gets OPERATION_NOT_TRUSTED (HTTP 403).
 */
export function trustedDocumentsPlugin(options: TrustedDocumentsPluginOptions): ApolloServerPlugin<GatewayContext> {
  const restrictedIds = new Set(options.principalIds);
  const isRestricted = (principal: Principal) =>
    principal.kind !== 'anonymous' &&
    (restrictedIds.has(principal.id) ||
      ((principal.kind === 'api_key' || principal.kind === 'certificate') && principal.trustedDocumentsOnly === true));

  return {
    async requestDidStart({ request, contextValue }) {
      const hash = sentHash(request.extensions);
      const registered = hash === undefined ? undefined : options.documents[hash];
      // Apollo reads the query after requestDidStart; with text and hash both sent it checks they match.
      if (registered !== undefined && request.query === undefined) request.query = registered;
      if (registered !== undefined || !isRestricted(contextValue.principal)) return;

      const refusal = new GraphQLError(
        hash === undefined
          ? 'This client may only run registered operations, sent by hash: put the SHA-256 of the registered document in extensions.persistedQuery.sha256Hash'
          : `The operation with hash ${hash} is not registered for this client: only the gateway's trusted documents may be sent`,
        { extensions: { code: ErrorCode.OPERATION_NOT_TRUSTED, http: { status: 403 } } },
      );
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
          throw refusal;
        },
      };
    },
  };
}
