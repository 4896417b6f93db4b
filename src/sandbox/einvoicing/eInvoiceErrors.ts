import { STATUS_CODES } from 'node:http';
import type { ProductError } from '../server/productError.js';

/** One entry of FastAPI's 422 list (pydantic v2's error format). */
export interface FastApiIssue {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
}

/** e-invoice.be is a FastAPI app: every error is `{ "detail": … }`, a message or, for invalid input, a list of issues. */
export function detailError(status: number, detail: string | FastApiIssue[], headers?: Record<string, string>): ProductError {
  return { status, body: { detail }, ...(headers ? { headers } : {}) };
}

/** FastAPI's answer to a required form field or query parameter that is absent. */
export function fieldRequired(location: 'body' | 'query', name: string): ProductError {
  return detailError(422, [{ type: 'missing', loc: [location, name], msg: 'Field required', input: null }]);
}

export function invalidApiKey(): ProductError {
  return detailError(401, 'Invalid or missing API key', { 'www-authenticate': 'Bearer' });
}

export function documentNotFound(): ProductError {
  return detailError(404, 'Document not found');
}

/** Errors raised in front of the handlers (unknown routes, injected faults, rate limits): Starlette's default detail, the status phrase. */
export function eInvoicingProductError(status: number): ProductError {
  return status === 401 ? invalidApiKey() : detailError(status, STATUS_CODES[status] ?? 'Error');
}
