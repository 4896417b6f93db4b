import type { ProductError } from '../server/productError.js';

/** EasyPost's error envelope: `{ error: { code, message, errors: [] } }`. */
export function easypostError(status: number, code: string, message: string, errors: { field: string; message: string }[] = []): ProductError {
  return { status, body: { error: { code, message, errors } } };
}

export function invalidParameter(field: string, message: string): ProductError {
  return easypostError(422, 'PARAMETER.INVALID', `Invalid ${field}: ${message}`, [{ field, message }]);
}

export function notFound(): ProductError {
  return easypostError(404, 'NOT_FOUND', 'The requested resource could not be found.');
}

export function shippingProductError(status: number): ProductError {
  switch (status) {
    case 400: return easypostError(status, 'BAD_REQUEST', 'The request could not be understood by the server due to malformed syntax.');
    case 401: return easypostError(status, 'UNAUTHORIZED', 'The request requires user authentication.');
    case 402: return easypostError(status, 'PAYMENT_REQUIRED', 'Insufficient funds.');
    case 403: return easypostError(status, 'FORBIDDEN', 'You do not have permission to access this resource.');
    case 404: return notFound();
    case 422: return easypostError(status, 'UNPROCESSABLE_ENTITY', 'The request was well-formed but could not be processed.');
    case 429: return easypostError(status, 'RATE_LIMITED', 'You have exceeded the rate limit. Please try again later.');
    case 500: return easypostError(status, 'INTERNAL_SERVER_ERROR', 'We\'re sorry, something went wrong. If the problem persists please contact support@easypost.com.');
    case 502: return easypostError(status, 'BAD_GATEWAY', 'The server received an invalid response from an upstream server.');
    case 503: return easypostError(status, 'SERVICE_UNAVAILABLE', 'The service is temporarily unavailable. Please try again later.');
    case 504: return easypostError(status, 'GATEWAY_TIMEOUT', 'The server did not receive a timely response from an upstream server.');
    default: return easypostError(status, status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST', 'The request failed.');
  }
}
