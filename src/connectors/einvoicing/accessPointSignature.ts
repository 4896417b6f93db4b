import { createHmac } from 'node:crypto';

/** Python orders strings by code point; JavaScript's default sort by UTF-16 unit, which differs above U+FFFF. */
function byCodePoint(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  for (let index = 0; index < Math.min(left.length, right.length); index += 1) {
    const difference = left[index]!.codePointAt(0)! - right[index]!.codePointAt(0)!;
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}

/** Python's `json.dumps(value, sort_keys=True)`: keys sorted at every level, ", " and ": " between, non-ASCII as \uXXXX. */
export function pythonJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  const entries = Object.keys(value as Record<string, unknown>)
    .sort(byCodePoint)
    .map((key) => `${pythonJson(key)}: ${pythonJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(', ')}}`;
}

/**
 * e-invoice.be's `X-Signature: sha256=<hex>`: an HMAC-SHA256 with the webhook's secret, not of the raw
 * body but of the event as Python serialises it with sorted keys (its servers are Python). Numbers are
 * taken as JSON parsed them: its events carry integers and strings only.
 */
export function accessPointSignature(secret: string, event: unknown): string {
  return `sha256=${createHmac('sha256', secret).update(pythonJson(event), 'utf8').digest('hex')}`;
}
