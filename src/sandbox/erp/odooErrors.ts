import type { FastifyRequest } from 'fastify';
import type { ProductError } from '../server/productError.js';
import { isRecord, jsonBody } from '../server/requestBody.js';
import { OdooError, serializeOdooError } from './OdooError.js';

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 408: 'Request Time-out',
  429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
};

/** Odoo's JSON-RPC envelope for a failed call (always HTTP 200). */
export function jsonRpcError(id: unknown, error: OdooError): Record<string, unknown> {
  return { jsonrpc: '2.0', id: id ?? null, error: { code: 200, message: 'Odoo Server Error', data: serializeOdooError(error) } };
}

export function requestId(request: FastifyRequest): unknown {
  const body = jsonBody(request);
  return body.ok && isRecord(body.value) ? body.value.id ?? null : null;
}

/**
 * An Odoo failure at a given HTTP status: 200 is a JSON-RPC server error (a transient database
 * conflict, as Odoo reports under load); anything else is the HTML page a reverse proxy in front
 * of Odoo answers with.
 */
export function odooProductError(status: number, request: FastifyRequest): ProductError {
  if (status === 200) {
    const error = new OdooError('psycopg2.errors.SerializationFailure', 'could not serialize access due to concurrent update');
    return { status, body: jsonRpcError(requestId(request), error) };
  }
  const title = `${status} ${REASONS[status] ?? 'Error'}`;
  return {
    status,
    contentType: 'text/html; charset=utf-8',
    body: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
  };
}
