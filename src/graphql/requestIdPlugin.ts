import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError } from 'graphql';
import { isUpstreamError } from '../connectors/core/UpstreamError.js';
import { publicError } from '../errors/errorBody.js';
import { ErrorCode, isErrorCode } from '../errors/errorCatalogue.js';
import type { GatewayContext } from './context.js';

export interface UnexpectedResolverError {
  readonly error: unknown;
  readonly requestId: string;
  readonly principalId: string;
  readonly operationName: string | null | undefined;
  readonly path: readonly (string | number)[] | undefined;
}

export interface RequestIdPluginOptions {
  /** Told of each error that is logged as unexpected (error reporting). */
  readonly onUnexpectedError?: (report: UnexpectedResolverError) => void;
}

/**
 * Puts the request id into every error a client sees, so a report from a user leads straight to
 * the log lines, and logs the errors that formatError masks (the ones we did not anticipate).
 */
export function requestIdPlugin(options: RequestIdPluginOptions = {}): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      return {
        async didEncounterErrors({ errors, operationName }) {
          for (const error of errors) {
            const original = unwrapResolverError(error);
            if (isUpstreamError(original)) continue;
            if (original instanceof GraphQLError && original.extensions.code !== undefined) continue;
            if (error.originalError === undefined) continue;
            contextValue.log.error({ err: original, path: error.path, operationName }, 'unexpected error while resolving');
            options.onUnexpectedError?.({
              error: original,
              requestId: contextValue.requestId,
              principalId: contextValue.principal.id,
              operationName,
              path: error.path,
            });
          }
        },
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
          // Also the errors a plugin answered with (idempotency refusals and replays), which formatError never saw.
          response.body.singleResult.errors = response.body.singleResult.errors.map(({ extensions, ...error }) => {
            const code = isErrorCode(extensions?.code) ? extensions.code : ErrorCode.INTERNAL_SERVER_ERROR;
            return publicError({ ...error, code, ...(extensions ? { extensions } : {}) }, contextValue.requestId);
          });
        },
      };
    },
  };
}
