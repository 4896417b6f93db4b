import type { FastifyRequest } from 'fastify';
import { rawBody } from '../server/requestBody.js';
import type { StripeParams } from './stripeQueryString.js';
import { parseStripeParams } from './stripeQueryString.js';

const parsed = new WeakMap<FastifyRequest, StripeParams>();

/**
 * A POST's parameters: the form-encoded body over the query string, as Stripe reads both.
 * Parsed once: the idempotency layer fingerprints them before the handler reads them.
 */
export function postParams(request: FastifyRequest): StripeParams {
  const cached = parsed.get(request);
  if (cached) return cached;
  const params = { ...(request.query as StripeParams | undefined), ...parseStripeParams(rawBody(request)) };
  parsed.set(request, params);
  return params;
}
