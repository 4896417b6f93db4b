import { createHmac } from 'node:crypto';
import { checkTimestamp } from './checkTimestamp.js';
import { constantTimeEqual } from './constantTimeEqual.js';
import { headerOf, type SignatureVerifier } from './SignedRequest.js';
import { WebhookRejection } from './WebhookRejection.js';

/** Stripe's scheme: `Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">[,v1=…]`. */
export function stripeSignature(secret: string, timestamp: number, body: Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/**
 * Verifies Stripe's signature against every accepted secret (several while one is rolled), the
 * signature before the timestamp so that an unsigned request learns nothing about our clock.
 */
export const verifyStripeSignature: SignatureVerifier = (request, secrets, options) => {
  const header = headerOf(request, 'stripe-signature');
  if (!header) throw new WebhookRejection('WEBHOOK_SIGNATURE_MISSING', 'The Stripe-Signature header is missing');
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && value && /^\d+$/.test(value)) timestamp = Number(value);
    if (key === 'v1' && value) signatures.push(value);
  }
  if (timestamp === undefined || signatures.length === 0) {
    throw new WebhookRejection('WEBHOOK_SIGNATURE_INVALID', 'The Stripe-Signature header has no timestamp (t=) or no v1 signature');
  }
  const signedAt = timestamp;
  const matches = secrets.some((secret) => {
    const expected = stripeSignature(secret, signedAt, request.body);
    return signatures.some((signature) => constantTimeEqual(signature, expected));
  });
  if (!matches) {
    throw new WebhookRejection('WEBHOOK_SIGNATURE_INVALID', 'No v1 signature matches the body with an endpoint secret: check STRIPE_WEBHOOK_SECRETS');
  }
  checkTimestamp(signedAt, options.toleranceSeconds, options.nowMs);
};
