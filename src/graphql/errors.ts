import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { isUpstreamError, type UpstreamError } from '../connectors/core/UpstreamError.js';
import { isDatabaseUnavailable } from '../store/isDatabaseUnavailable.js';

/**
 * Every code a client can see. Codes are never reused for another meaning; clients branch on them.
 * Apollo's own request-level codes (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, BAD_REQUEST,
 * PERSISTED_QUERY_NOT_FOUND, OPERATION_RESOLUTION_FAILURE) pass through unchanged.
 */
export const ErrorCode = {
  UPSTREAM_UNAVAILABLE: 'UPSTREAM_UNAVAILABLE',
  UPSTREAM_TIMEOUT: 'UPSTREAM_TIMEOUT',
  UPSTREAM_REJECTED: 'UPSTREAM_REJECTED',
  CIRCUIT_OPEN: 'CIRCUIT_OPEN',
  RATE_LIMITED: 'RATE_LIMITED',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  IDEMPOTENCY_IN_PROGRESS: 'IDEMPOTENCY_IN_PROGRESS',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  STORAGE_UNAVAILABLE: 'STORAGE_UNAVAILABLE',
  /** A client restricted to trusted documents sent an operation that is not registered (or not by hash). */
  OPERATION_NOT_TRUSTED: 'OPERATION_NOT_TRUSTED',
  /** A verified client certificate on the mTLS listener whose subject maps to no principal. */
  CERTIFICATE_NOT_MAPPED: 'CERTIFICATE_NOT_MAPPED',
  /** The query's estimated cost is above the most one query may cost on the principal's plan (HTTP 400). */
  MAX_COST_EXCEEDED: 'MAX_COST_EXCEEDED',
  /** The plan's query-cost budget holds less than the query costs right now; wait `retryAfter` (HTTP 429). */
  THROTTLED: 'THROTTLED',
  /** Query shape limits, checked before execution (HTTP 400). */
  MAX_DEPTH_EXCEEDED: 'MAX_DEPTH_EXCEEDED',
  MAX_ALIASES_EXCEEDED: 'MAX_ALIASES_EXCEEDED',
  MAX_TOKENS_EXCEEDED: 'MAX_TOKENS_EXCEEDED',
  MAX_DIRECTIVES_EXCEEDED: 'MAX_DIRECTIVES_EXCEEDED',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const PASS_THROUGH_CODES = new Set<string>([
  ...Object.values(ErrorCode),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/** A code from the catalogue above or Apollo's request-level ones: bounded, so fit for a metric label. */
export function isPublicErrorCode(code: unknown): code is string {
  return typeof code === 'string' && PASS_THROUGH_CODES.has(code);
}

/** A client mistake in arguments, naming the argument so the client can fix it. */
export function badUserInput(message: string, argument?: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, ...(argument ? { argumentName: argument } : {}) },
  });
}

export function upstreamExtensions(error: UpstreamError): Record<string, unknown> {
  return {
    code: error.code,
    system: error.system,
    retryable: error.retryable,
    ...(error.retryAfterSeconds !== undefined ? { retryAfter: error.retryAfterSeconds } : {}),
  };
}

/**
 * Apollo's formatError: upstream failures get their code, system and retry hints; anything we did not
 * anticipate is masked, so no stack trace or upstream detail leaves the gateway.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (isUpstreamError(original)) {
    return { message: original.message, locations: formatted.locations, path: formatted.path, extensions: upstreamExtensions(original) };
  }
  // Lost mid-request (say, while enqueuing follow-ups after the ERP order was placed): a retry with the
  // same key finishes the work, every step being keyed, so the client must be told to retry.
  if (isDatabaseUnavailable(original)) {
    return {
      message: 'The gateway lost its database connection while handling the request. Retry with the same idempotency key to finish it; nothing is done twice.',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.STORAGE_UNAVAILABLE, retryable: true, retryAfter: 1 },
    };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && PASS_THROUGH_CODES.has(code)) {
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  return {
    message: 'Internal server error: the request id in extensions identifies it in the gateway logs',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}
