import { ApolloServerErrorCode } from '@apollo/server/errors';

/** What a client learns from a code, besides the message of the one error. */
export interface ErrorEntry<Code extends string = string> {
  readonly code: Code;
  /**
   * The HTTP status of a response refused with this code. An error met while executing an operation
   * arrives instead in a 200 response, beside the data that could be read (GraphQL over HTTP).
   */
  readonly status: number;
  /** Whether the same request may succeed later, unchanged (after `retryAfter` when there is one). */
  readonly retryable: boolean;
  /** What the client should do, in one line. */
  readonly hint: string;
}

type Entry = Omit<ErrorEntry, 'code'>;

/**
 * Every code a client can see, in one place. Codes are never reused for another meaning: clients,
 * dashboards and log searches branch on them. Apollo's own codes keep Apollo's spelling.
 */
const ENTRIES = {
  UPSTREAM_UNAVAILABLE: { status: 502, retryable: true, hint: 'The system failed after the gateway’s retries: retry later' },
  UPSTREAM_TIMEOUT: { status: 504, retryable: true, hint: 'The system did not answer in time: retry later' },
  UPSTREAM_REJECTED: { status: 502, retryable: false, hint: 'The system refused the request or answered garbage: do not repeat it unchanged' },
  CIRCUIT_OPEN: { status: 503, retryable: true, hint: 'The system is failing and is not being called: retry after `retryAfter`' },
  RATE_LIMITED: { status: 429, retryable: true, hint: 'A request limit (plan window, field or system) is reached: retry after `retryAfter`' },
  THROTTLED: { status: 429, retryable: true, hint: 'The plan’s query-cost budget is short of this query: retry after `retryAfter`' },
  MAX_COST_EXCEEDED: { status: 400, retryable: false, hint: 'The query costs more than one query may on the plan: ask for less' },
  MAX_DEPTH_EXCEEDED: { status: 400, retryable: false, hint: 'The query is too deep: fetch deeper data with a separate query' },
  MAX_ALIASES_EXCEEDED: { status: 400, retryable: false, hint: 'The query has too many aliases: use fewer, or list arguments' },
  MAX_TOKENS_EXCEEDED: { status: 400, retryable: false, hint: 'The query has too many tokens: split it' },
  MAX_DIRECTIVES_EXCEEDED: { status: 400, retryable: false, hint: 'The query has too many directives: use fewer' },
  [ApolloServerErrorCode.BAD_USER_INPUT]: { status: 400, retryable: false, hint: 'An argument is wrong: fix the one `argumentName` names' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, retryable: false, hint: 'This key was used for another request: use a new key' },
  IDEMPOTENCY_IN_PROGRESS: { status: 409, retryable: true, hint: 'The first request with this key is still running: retry after `retryAfter`' },
  STORAGE_UNAVAILABLE: { status: 503, retryable: true, hint: 'The gateway’s database is unreachable: retry with the same idempotency key' },
  OPERATION_NOT_TRUSTED: { status: 403, retryable: false, hint: 'This client may only send registered operations: send a registered hash' },
  CERTIFICATE_NOT_MAPPED: { status: 403, retryable: false, hint: 'The client certificate maps to no principal: ask the operator to map its subject' },
  UNAUTHENTICATED: { status: 401, retryable: false, hint: 'No valid credential: send a valid API key or token' },
  FORBIDDEN: { status: 403, retryable: false, hint: 'The credential lacks the role needed: use one that has it' },
  [ApolloServerErrorCode.GRAPHQL_PARSE_FAILED]: { status: 400, retryable: false, hint: 'The document is not valid GraphQL syntax: fix it' },
  [ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED]: { status: 400, retryable: false, hint: 'The document does not match the schema: fix it against the SDL' },
  [ApolloServerErrorCode.OPERATION_RESOLUTION_FAILURE]: { status: 400, retryable: false, hint: 'No single operation to run: name one with `operationName`' },
  [ApolloServerErrorCode.PERSISTED_QUERY_NOT_FOUND]: { status: 200, retryable: false, hint: 'The hash is not registered yet: send the query with its hash' },
  [ApolloServerErrorCode.PERSISTED_QUERY_NOT_SUPPORTED]: { status: 200, retryable: false, hint: 'Persisted queries are off here: send the query text' },
  [ApolloServerErrorCode.BAD_REQUEST]: { status: 400, retryable: false, hint: 'The request is malformed: send a GraphQL-over-HTTP request with a valid JSON body' },
  NOT_FOUND: { status: 404, retryable: false, hint: 'No such route, or not with this method: see /docs for the endpoints' },
  METHOD_NOT_ALLOWED: { status: 405, retryable: false, hint: 'This route does not take this method: see /docs for the methods each route takes' },
  PAYLOAD_TOO_LARGE: { status: 413, retryable: false, hint: 'The body is larger than the gateway accepts: send less per request' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, retryable: false, hint: 'Unsupported content type: send application/json' },
  WEBHOOK_SOURCE_UNKNOWN: { status: 404, retryable: false, hint: 'No webhook source of this name is configured: check the URL' },
  WEBHOOK_SIGNATURE_MISSING: { status: 400, retryable: false, hint: 'The delivery carries no signature header: sign it' },
  WEBHOOK_SIGNATURE_INVALID: { status: 400, retryable: false, hint: 'The signature matches no configured secret: check the signing secret' },
  WEBHOOK_TIMESTAMP_OUT_OF_TOLERANCE: { status: 400, retryable: false, hint: 'The signed timestamp is too old or in the future: check the sender’s clock' },
  WEBHOOK_PAYLOAD_INVALID: { status: 400, retryable: false, hint: 'The signed body is not an event the source sends: fix the payload' },
  WEBHOOK_PAYLOAD_TOO_LARGE: { status: 413, retryable: false, hint: 'The body is larger than WEBHOOK_BODY_LIMIT_BYTES: send smaller events' },
  [ApolloServerErrorCode.INTERNAL_SERVER_ERROR]: { status: 500, retryable: false, hint: 'A gateway bug: report the request id, which finds it in the logs' },
} as const satisfies Record<string, Entry>;

// The template turns Apollo's enum members into their plain strings, so a literal such as 'FORBIDDEN' is a code too.
export type ErrorCode = `${keyof typeof ENTRIES}`;

/** Each code by its name, for code that raises one: `ErrorCode.CIRCUIT_OPEN`. */
export const ErrorCode: { readonly [Code in ErrorCode]: Code } = Object.freeze(
  Object.fromEntries(Object.keys(ENTRIES).map((code) => [code, code])) as { [Code in ErrorCode]: Code },
);

export const ERROR_CATALOGUE: { readonly [Code in ErrorCode]: ErrorEntry<Code> } = Object.freeze(
  Object.fromEntries(Object.entries(ENTRIES).map(([code, entry]) => [code, Object.freeze({ code, ...entry })])) as {
    [Code in ErrorCode]: ErrorEntry<Code>;
  },
);

/** A code from the catalogue: bounded, so fit for a metric label, and safe to pass to a client. */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ENTRIES, code);
}
