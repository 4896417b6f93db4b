import type { FastifyError } from 'fastify';
import { ERROR_CATALOGUE, ErrorCode } from '../errors/errorCatalogue.js';

export interface PublicHttpError {
  readonly status: number;
  readonly code: ErrorCode;
  readonly message: string;
}

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: ErrorCode.BAD_REQUEST,
  FST_ERR_CTP_EMPTY_JSON_BODY: ErrorCode.BAD_REQUEST,
  FST_ERR_CTP_BODY_TOO_LARGE: ErrorCode.PAYLOAD_TOO_LARGE,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ErrorCode.BAD_REQUEST,
};

const STATUS_CODES: Record<number, ErrorCode> = {
  404: ErrorCode.NOT_FOUND,
  405: ErrorCode.METHOD_NOT_ALLOWED,
  413: ErrorCode.PAYLOAD_TOO_LARGE,
  415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
  429: ErrorCode.RATE_LIMITED,
};

/**
 * An error raised outside GraphQL execution (bad JSON, body too large, a failing hook) as the client
 * sees it. 5xx never says more than "internal"; in production 4xx gets the catalogue's hint for its
 * code, because a framework message may quote internals, while development keeps the framework's
 * message, which is what a developer needs.
 */
export function publicHttpError(error: FastifyError, production: boolean): PublicHttpError {
  const status = error.statusCode !== undefined && error.statusCode >= 400 ? error.statusCode : 500;
  if (status >= 500) {
    return { status: 500, code: ErrorCode.INTERNAL_SERVER_ERROR, message: 'Internal server error: the request id identifies it in the gateway logs' };
  }
  const code = FASTIFY_CODES[error.code] ?? STATUS_CODES[status] ?? ErrorCode.BAD_REQUEST;
  return { status, code, message: production ? ERROR_CATALOGUE[code].hint : error.message };
}
