import { createHmac } from 'node:crypto';

/**
 * How the simulated products sign what they send. The sandbox keeps its own implementation (it
 * imports nothing from the gateway), so the gateway's verification is checked against another one.
 */

/** Stripe: `Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`, the secret used as is. */
export function stripeSignatureHeader(secret: string, body: string, nowMs: number): Record<string, string> {
  const timestamp = Math.floor(nowMs / 1000);
  const signature = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return { 'stripe-signature': `t=${timestamp},v1=${signature}` };
}

/** Standard Webhooks: the key is the base64 after `whsec_`; the signature covers "id.timestamp.body". */
export function standardWebhookHeaders(secret: string, id: string, body: string, nowMs: number): Record<string, string> {
  const timestamp = Math.floor(nowMs / 1000);
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': `v1,${signature}` };
}

/**
 * HubSpot v3: base64 HMAC-SHA256, keyed by the app's client secret, of method + URI + body + timestamp
 * (epoch ms). The URI is the full target URL with the escapes HubSpot documents decoded, as it signs it.
 */
export function hubSpotSignatureHeaders(clientSecret: string, method: string, url: string, body: string, nowMs: number): Record<string, string> {
  const timestamp = String(nowMs);
  const uri = url.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (escape) => decodeURIComponent(escape));
  const signature = createHmac('sha256', clientSecret).update(`${method}${uri}${body}${timestamp}`).digest('base64');
  return { 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': timestamp };
}
