import { createHash } from 'node:crypto';

/**
 * A UUID derived from a key, so enqueuing the same follow-up twice (a retried request) names the
 * same job and the queue keeps one.
 */
export function jobIdFromKey(key: string): string {
  const hex = createHash('sha256').update(key).digest('hex');
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
