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
