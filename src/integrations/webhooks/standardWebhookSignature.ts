import { createHmac } from 'node:crypto';

const PREFIX = 'whsec_';

/** The HMAC key of a `whsec_<base64>` secret: the decoded bytes after the prefix. */
export function standardWebhookKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, 'base64');
}

/** The base64 signature of one message (the part after `v1,`). */
export function standardWebhookSignature(secret: string, id: string, timestampSeconds: number, body: Buffer | string): string {
  return createHmac('sha256', standardWebhookKey(secret)).update(`${id}.${timestampSeconds}.`).update(body).digest('base64');
}

/** The signature headers of one message, signed with every given secret (old and new while rotating). */
export function standardWebhookHeaders(
  secrets: readonly string[],
  id: string,
  timestampSeconds: number,
  body: string,
): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': secrets.map((secret) => `v1,${standardWebhookSignature(secret, id, timestampSeconds, body)}`).join(' '),
  };
}
