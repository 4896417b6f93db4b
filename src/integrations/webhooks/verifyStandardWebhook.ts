import { checkTimestamp } from './checkTimestamp.js';
import { constantTimeEqual } from './constantTimeEqual.js';
import { headerOf, type SignatureVerifier } from './SignedRequest.js';
import { standardWebhookSignature } from './standardWebhookSignature.js';
import { WebhookRejection } from './WebhookRejection.js';

/**
 * Standard Webhooks: `webhook-id`, `webhook-timestamp` (unix seconds) and `webhook-signature`, a
 * space-separated list of `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` (several while rotating).
 */
export const verifyStandardWebhook: SignatureVerifier = (request, secrets, options) => {
  const id = headerOf(request, 'webhook-id');
  const timestamp = headerOf(request, 'webhook-timestamp');
  const header = headerOf(request, 'webhook-signature');
  if (!id || !timestamp || !header) {
    throw new WebhookRejection('WEBHOOK_SIGNATURE_MISSING', 'The webhook-id, webhook-timestamp and webhook-signature headers are all required');
  }
  if (!/^\d+$/.test(timestamp)) throw new WebhookRejection('WEBHOOK_SIGNATURE_INVALID', 'webhook-timestamp must be unix seconds');
  const signatures = header
    .split(' ')
    .map((entry) => entry.split(','))
    .flatMap(([version, signature]) => (version === 'v1' && signature ? [signature] : []));
  if (signatures.length === 0) throw new WebhookRejection('WEBHOOK_SIGNATURE_INVALID', 'webhook-signature has no v1 signature');
  const matches = secrets.some((secret) => {
    const expected = standardWebhookSignature(secret, id, Number(timestamp), request.body);
    return signatures.some((signature) => constantTimeEqual(signature, expected));
  });
  if (!matches) throw new WebhookRejection('WEBHOOK_SIGNATURE_INVALID', 'No v1 signature matches the body with a configured secret');
  checkTimestamp(Number(timestamp), options.toleranceSeconds, options.nowMs);
};
