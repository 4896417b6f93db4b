import type { CacheRecord } from './EntityStore.js';

/**
 * A record as JSON text for Redis, Dates included (a payment's creation time): JSON alone would bring
 * them back as strings, which the resolvers do not expect.
 */
export function encodeRecord(record: CacheRecord): string {
  return JSON.stringify(
    { v: record.value, a: record.attributes && [...record.attributes], r: record.readAt },
    function replace(this: Record<string, unknown>, key, value: unknown) {
      const raw = this[key];
      return raw instanceof Date ? { $date: raw.getTime() } : value;
    },
  );
}

const revive = (_key: string, value: unknown): unknown => {
  if (typeof value === 'object' && value !== null && '$date' in value && typeof value.$date === 'number') return new Date(value.$date);
  return value;
};

export function decodeRecord(text: string): CacheRecord {
  const parsed = JSON.parse(text, revive) as { v: unknown; a: string[] | null; r: number };
  return { value: parsed.v, attributes: parsed.a && new Set(parsed.a), readAt: parsed.r };
}
