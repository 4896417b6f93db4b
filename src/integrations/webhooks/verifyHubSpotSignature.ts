import { createHmac } from 'node:crypto';
import { checkTimestamp } from './checkTimestamp.js';
import { constantTimeEqual } from './constantTimeEqual.js';
import { headerOf, type SignatureVerifier } from './SignedRequest.js';
import { WebhookRejection } from './WebhookRejection.js';

/** HubSpot decodes these escapes in the URI before signing it. */
const DECODED: Readonly<Record<string, string>> = {
  '%3A': ':', '%2F': '/', '%3F': '?', '%40': '@', '%21': '!', '%24': '$', '%27': "'", '%28': '(', '%29': ')', '%2A': '*', '%2C': ',', '%3B': ';',
};

function hubSpotUri(url: string): string {
  return url.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (escape) => DECODED[escape.toUpperCase()] ?? escape);
}

/** X-HubSpot-Signature-v3: base64 HMAC-SHA256 of method + URI + body + timestamp, keyed by the app's client secret. */
export function hubSpotSignature(secret: string, method: string, url: string, body: Buffer, timestampMs: string): string {
  return createHmac('sha256', secret).update(`${method}${hubSpotUri(url)}`).update(body).update(timestampMs).digest('base64');
}

export const verifyHubSpotSignature: SignatureVerifier = (request, secrets, options) => {
  const signature = headerOf(request, 'x-hubspot-signature-v3');
  const timestamp = headerOf(request, 'x-hubspot-request-timestamp');
  if (!signature || !timestamp) {
    throw new WebhookRejection('WEBHOOK_SIGNATURE_MISSING', 'The X-HubSpot-Signature-v3 and X-HubSpot-Request-Timestamp headers are both required');
  }
  if (!/^\d+$/.test(timestamp)) throw new WebhookRejection('WEBHOOK_SIGNATURE_INVALID', 'X-HubSpot-Request-Timestamp must be epoch milliseconds');
  const matches = secrets.some((secret) =>
    constantTimeEqual(signature, hubSpotSignature(secret, request.method, request.url, request.body, timestamp)),
  );
  if (!matches) {
    throw new WebhookRejection(
      'WEBHOOK_SIGNATURE_INVALID',
      'The signature does not match with a configured client secret (if a proxy rewrites the URL, set WEBHOOK_PUBLIC_BASE_URL)',
    );
  }
  checkTimestamp(Number(timestamp) / 1000, options.toleranceSeconds, options.nowMs);
};
