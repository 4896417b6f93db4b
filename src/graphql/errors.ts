import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { isUpstreamError } from '../connectors/core/UpstreamError.js';
import { publicError } from '../errors/errorBody.js';
import { ErrorCode, isErrorCode } from '../errors/errorCatalogue.js';
import { isDatabaseUnavailable } from '../store/isDatabaseUnavailable.js';
import { requestIdInScope } from './requestIdScope.js';

/** A client mistake in arguments, naming the argument so the client can fix it. */
export function badUserInput(message: string, argument?: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, ...(argument ? { argumentName: argument } : {}) },
  });
}

/**
 * Apollo's formatError: upstream failures get their code, system and retry hints; anything we did not
 * anticipate is masked, so no stack trace or upstream detail leaves the gateway.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const requestId = requestIdInScope();
  const at = { locations: formatted.locations, path: formatted.path };
  const original = unwrapResolverError(error);
  if (isUpstreamError(original)) {
    const retryAfter = original.retryAfterSeconds !== undefined ? { retryAfter: original.retryAfterSeconds } : {};
    return publicError(
      { code: original.code, message: original.message, extensions: { system: original.system, retryable: original.retryable, ...retryAfter }, ...at },
      requestId,
    );
  }
  // Lost mid-request (say, while enqueuing follow-ups after the ERP order was placed): a retry with the
  // same key finishes the work, every step being keyed, so the client must be told to retry.
  if (isDatabaseUnavailable(original)) {
    return publicError(
      {
        code: ErrorCode.STORAGE_UNAVAILABLE,
        message: 'The gateway lost its database connection while handling the request. Retry with the same idempotency key to finish it; nothing is done twice.',
        extensions: { retryable: true, retryAfter: 1 },
        ...at,
      },
      requestId,
    );
  }
  const code = formatted.extensions?.code;
  if (isErrorCode(code)) {
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    return publicError({ code, message: formatted.message, extensions, ...at }, requestId);
  }
  return publicError(
    { code: ErrorCode.INTERNAL_SERVER_ERROR, message: 'Internal server error: the request id in extensions identifies it in the gateway logs', ...at },
    requestId,
  );
}
