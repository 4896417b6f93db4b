import { createHash } from 'node:crypto';

/**
 * The id of one unit of durable work, derived from its kind and its key (a follow-up's job key, the
 * event a consumer group handles): the same work always gets the same id, so enqueuing it twice (a
 * retried request, a redelivered event) names one job, and its attempts and dead letter are found
 * under that id whichever path ran it. A UUID, because pg-boss job ids are.
 */
export function workId(kind: string, key: string): string {
  const hex = createHash('sha256').update(`${kind}:${key}`).digest('hex');
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
