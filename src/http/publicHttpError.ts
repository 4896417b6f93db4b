import type { FastifyError } from 'fastify';

export interface PublicHttpError {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'BAD_REQUEST',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BAD_REQUEST',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
};

const STATUS_CODES: Record<number, string> = {
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

/** What a production client is told: fixed words per code, because a framework message may quote internals. */
const PRODUCTION_MESSAGES: Record<string, string> = {
  BAD_REQUEST: 'The request is malformed: send a GraphQL-over-HTTP request with a valid JSON body',
  PAYLOAD_TOO_LARGE: 'The request body is larger than this gateway accepts',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported content type: send application/json',
  NOT_FOUND: 'No such route',
  METHOD_NOT_ALLOWED: 'This method is not allowed on this route',
  RATE_LIMITED: 'Too many requests: retry later',
};

/**
 * An error raised outside GraphQL execution (bad JSON, body too large, a failing hook) as the client
 * sees it. 5xx never says more than "internal"; in production 4xx gets a fixed message per code too,
 * while development keeps the framework's message, which is what a developer needs.
 */
export function publicHttpError(error: FastifyError, production: boolean): PublicHttpError {
  const status = error.statusCode !== undefined && error.statusCode >= 400 ? error.statusCode : 500;
  if (status >= 500) {
    return { status: 500, code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error: the request id identifies it in the gateway logs' };
  }
  const code = FASTIFY_CODES[error.code] ?? STATUS_CODES[status] ?? 'BAD_REQUEST';
  const message = production ? (PRODUCTION_MESSAGES[code] ?? PRODUCTION_MESSAGES.BAD_REQUEST!) : error.message;
  return { status, code, message };
}
