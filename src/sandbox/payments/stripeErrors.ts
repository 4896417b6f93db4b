import type { FastifyRequest } from 'fastify';
import type { ProductError } from '../server/productError.js';

export type StripeErrorType = 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';

export function stripeError(
  status: number,
  type: StripeErrorType,
  message: string,
  extra: { code?: string; param?: string; doc_url?: string; payment_intent?: object } = {},
): ProductError {
  return { status, body: { error: { ...extra, message, type } } };
}

/** A Stripe error raised while handling a write, answered as it is. */
export class StripeFailure extends Error {
  constructor(readonly error: ProductError) {
    super('Stripe request failed');
    this.name = 'StripeFailure';
  }
}

const docUrl = (code: string) => `https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}`;

/** An error with one of Stripe's error codes and the link to its documentation. */
export function codedError(status: number, code: string, message: string, extra: { param?: string; payment_intent?: object } = {}): ProductError {
  return stripeError(status, 'invalid_request_error', message, { code, doc_url: docUrl(code), ...extra });
}

export function invalidRequest(message: string, param?: string): ProductError {
  return stripeError(400, 'invalid_request_error', message, param ? { param } : {});
}

/** Stripe's 404 for an unknown id: "No such customer: 'cus_x'"; a 400 when the id came as a parameter. */
export function resourceMissing(resource: string, id: string, param = 'id', status = 404): ProductError {
  return codedError(status, 'resource_missing', `No such ${resource}: '${id}'`, { param });
}

/** Stripe shows the first characters and last four of a wrong key. */
export function maskKey(key: string): string {
  const prefix = /^(sk|rk|pk)_(test|live)_/.exec(key)?.[0] ?? '';
  const rest = key.slice(prefix.length);
  return rest.length <= 4 ? `${prefix}${'*'.repeat(rest.length)}` : `${prefix}${'*'.repeat(rest.length - 4)}${rest.slice(-4)}`;
}

export function paymentsProductError(status: number, request: FastifyRequest): ProductError {
  switch (status) {
    case 400: return invalidRequest('Invalid request.');
    case 401: return stripeError(status, 'invalid_request_error', 'You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. \'Authorization: Bearer YOUR_SECRET_KEY\').');
    case 402: return stripeError(status, 'card_error', 'Your card was declined.', { code: 'card_declined' });
    case 403: return stripeError(status, 'invalid_request_error', 'The provided key does not have the required permissions for this endpoint.');
    case 404: {
      const path = request.url.split('?')[0] ?? request.url;
      return stripeError(status, 'invalid_request_error', `Unrecognized request URL (${request.method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`);
    }
    case 409: return stripeError(status, 'idempotency_error', 'Keys for idempotent requests can only be used with the same parameters they were first used with.');
    // Stripe types its rate-limit errors as invalid requests; the code tells them apart.
    case 429: return stripeError(status, 'invalid_request_error', 'Request rate limit exceeded. You can learn more about rate limits here https://stripe.com/docs/rate-limits.', { code: 'rate_limit' });
    default:
      return status >= 500
        ? stripeError(status, 'api_error', 'An unknown error occurred on our end. Please retry the request.')
        : stripeError(status, 'invalid_request_error', 'The request could not be completed.');
  }
}
