import { accessPointSignature } from '../../connectors/einvoicing/accessPointSignature.js';
import { constantTimeEqual } from './constantTimeEqual.js';
import { headerOf, type SignatureVerifier } from './SignedRequest.js';
import { WebhookRejection } from './WebhookRejection.js';

/**
 * The Peppol access point's (e-invoice.be's) `X-Signature: sha256=<hex>`. It signs the event, which
 * carries no send time, so there is no timestamp to hold to a tolerance: a replayed capture is refused
 * as what it is, an event id already received.
 */
export const verifyAccessPointSignature: SignatureVerifier = (request, secrets) => {
  const signature = headerOf(request, 'x-signature');
  if (!signature) throw new WebhookRejection('WEBHOOK_SIGNATURE_MISSING', 'The X-Signature header is required');
  let event: unknown;
  try {
    event = JSON.parse(request.body.toString('utf8'));
  } catch {
    throw new WebhookRejection('WEBHOOK_SIGNATURE_INVALID', 'The body is not JSON, so no signature can match it');
  }
  if (!secrets.some((secret) => constantTimeEqual(signature, accessPointSignature(secret, event)))) {
    throw new WebhookRejection('WEBHOOK_SIGNATURE_INVALID', 'X-Signature matches no configured secret (sha256=<hex HMAC of the event with sorted keys>)');
  }
};
