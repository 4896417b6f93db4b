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

const codePoints = (text: string): number[] => Array.from(text, (char) => char.codePointAt(0) ?? 0);

/** Python compares strings by code point; JavaScript's `<` compares UTF-16 code units, which differs above U+FFFF. */
function byCodePoint(a: string, b: string): number {
  const left = codePoints(a);
  const right = codePoints(b);
  for (let index = 0; index < Math.min(left.length, right.length); index++) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}

const SHORT_ESCAPES: Readonly<Record<string, string>> = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Python's ensure_ascii string: anything outside printable ASCII as \uxxxx, code unit by code unit (so astral characters become surrogate pairs). */
function pythonString(text: string): string {
  return `"${text.replace(/["\\]|[^ -~]/g, (char) => SHORT_ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}

/**
 * Python's `json.dumps(value, sort_keys=True)`: keys sorted at every level, `", "` and `": "` between
 * items, non-ASCII escaped. Numbers are written as JavaScript writes them, which is Python's way for the
 * integers and plain decimals JSON payloads carry.
 */
export function pythonJsonDumps(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`${value} has no JSON form`);
    return String(value);
  }
  if (typeof value === 'string') return pythonString(value);
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
    return `{${entries.sort(([a], [b]) => byCodePoint(a, b)).map(([key, item]) => `${pythonString(key)}: ${pythonJsonDumps(item)}`).join(', ')}}`;
  }
  throw new TypeError(`${typeof value} has no JSON form`);
}

/**
 * e-invoice.be: `X-Signature: sha256=<hex HMAC-SHA256>` over the event as Python's json.dumps with sorted
 * keys writes it, not over the body bytes, so a receiver re-serialises the parsed payload to check it.
 */
export function eInvoiceSignatureHeaders(secret: string, payload: unknown): Record<string, string> {
  const signature = createHmac('sha256', secret).update(pythonJsonDumps(payload), 'utf8').digest('hex');
  return { 'x-signature': `sha256=${signature}` };
}
