import type { ProductError } from '../server/productError.js';
import { invalidRequest, resourceMissing } from './stripeErrors.js';
import type { StripeParam, StripeParams } from './stripeQueryString.js';

/** What Stripe lists page over: an id and a creation time. */
export interface Listable { id: string; created: number }

export type PageResult<Row> = { ok: true; data: Row[]; hasMore: boolean } | { ok: false; error: ProductError };

/** Stripe's order for lists: newest first, ties broken by id. */
export function newestFirst(a: Listable, b: Listable): number {
  return b.created - a.created || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** `limit` in [1, 100], default 10. */
export function readLimit(params: StripeParams): number | ProductError {
  const raw = params.limit;
  if (raw === undefined) return 10;
  const limit = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(limit >= 1 && limit <= 100)) return invalidRequest(`Invalid limit: must be an integer between 1 and 100 (got ${JSON.stringify(raw)}).`, 'limit');
  return limit;
}

/** `created=123` or `created[gt|gte|lt|lte]=123`, as a predicate; an error for malformed values. */
export function createdFilter(param: StripeParam | undefined): ((row: Listable) => boolean) | ProductError | undefined {
  if (param === undefined) return undefined;
  const asNumber = (value: StripeParam | undefined): number | undefined =>
    typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : undefined;
  if (typeof param === 'string') {
    const exact = asNumber(param);
    return exact === undefined ? invalidRequest('Invalid integer: created', 'created') : (row) => row.created === exact;
  }
  if (Array.isArray(param)) return invalidRequest('Invalid created filter', 'created');
  const bounds: [string, (created: number, bound: number) => boolean][] = [
    ['gt', (c, b) => c > b], ['gte', (c, b) => c >= b], ['lt', (c, b) => c < b], ['lte', (c, b) => c <= b],
  ];
  const tests: ((row: Listable) => boolean)[] = [];
  for (const [name, compare] of bounds) {
    if (param[name] === undefined) continue;
    const bound = asNumber(param[name]);
    if (bound === undefined) return invalidRequest(`Invalid integer: created[${name}]`, `created[${name}]`);
    tests.push((row) => compare(row.created, bound));
  }
  return (row) => tests.every((test) => test(row));
}

/**
 * One page of a Stripe list. `rows` must already be newest first; `lookup` finds a cursor
 * object even when it falls outside the filter, as Stripe pages by the cursor's position.
 */
export function pageOf<Row extends Listable>(
  rows: readonly Row[],
  params: StripeParams,
  resource: string,
  lookup: (id: string) => Row | undefined,
): PageResult<Row> {
  const limit = readLimit(params);
  if (typeof limit !== 'number') return { ok: false, error: limit };
  const startingAfter = typeof params.starting_after === 'string' ? params.starting_after : undefined;
  const endingBefore = typeof params.ending_before === 'string' ? params.ending_before : undefined;
  if (startingAfter && endingBefore) {
    return { ok: false, error: invalidRequest('You may only specify one of these parameters: ending_before, starting_after.') };
  }
  const cursorId = startingAfter ?? endingBefore;
  if (cursorId === undefined) return { ok: true, data: rows.slice(0, limit), hasMore: rows.length > limit };
  const cursor = lookup(cursorId);
  if (!cursor) return { ok: false, error: resourceMissing(resource, cursorId, startingAfter ? 'starting_after' : 'ending_before') };
  if (startingAfter) {
    const after = rows.filter((row) => newestFirst(row, cursor) > 0);
    return { ok: true, data: after.slice(0, limit), hasMore: after.length > limit };
  }
  const before = rows.filter((row) => newestFirst(row, cursor) < 0);
  return { ok: true, data: before.slice(Math.max(0, before.length - limit)), hasMore: before.length > limit };
}

/** Search pages are addressed by an opaque token; ours encodes the offset. */
export function encodePageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }), 'utf8').toString('base64url');
}

export function decodePageToken(token: string): number | undefined {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    const offset = typeof decoded === 'object' && decoded !== null ? (decoded as { offset?: unknown }).offset : undefined;
    return typeof offset === 'number' && Number.isInteger(offset) && offset >= 0 ? offset : undefined;
  } catch {
    return undefined;
  }
}
