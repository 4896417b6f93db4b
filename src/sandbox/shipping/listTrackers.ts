import type { EasyPostTracker, ShippingData } from '../data/SandboxData.js';
import type { ProductError } from '../server/productError.js';
import { intParam, singleParam } from '../server/queryOf.js';
import { invalidParameter } from './easypostErrors.js';

type Order = 'created-desc' | 'updated-asc';

/** Creation order: created_at, then id (ids carry no time in the sandbox). */
const byCreation = (a: EasyPostTracker, b: EasyPostTracker): number =>
  a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
const byUpdate = (a: EasyPostTracker, b: EasyPostTracker): number =>
  a.updated_at < b.updated_at ? -1 : a.updated_at > b.updated_at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

const newestCreatedFirst = (a: EasyPostTracker, b: EasyPostTracker): number => byCreation(b, a);

/** Parses an ISO 8601 datetime parameter into a comparable UTC string (to the second). */
function isoParam(query: Record<string, unknown>, name: string): string | undefined | ProductError {
  const value = singleParam(query[name]);
  if (value === undefined || value === '') return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return invalidParameter(name, 'must be an ISO 8601 datetime');
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

export type TrackerPage = { ok: true; trackers: EasyPostTracker[]; hasMore: boolean } | { ok: false; error: ProductError };

/**
 * GET /v2/trackers. Newest first by default, as EasyPost lists; with `updated_after` the
 * order is updated_at ascending so a poller can resume from the last updated_at it saw.
 */
export function listTrackers(shipping: ShippingData, query: Record<string, unknown>): TrackerPage {
  const pageSize = intParam(query.page_size, 1, 100);
  if (pageSize === null) return { ok: false, error: invalidParameter('page_size', 'must be an integer between 1 and 100') };
  const bounds: Record<string, string | undefined> = {};
  for (const name of ['updated_after', 'updated_before', 'start_datetime', 'end_datetime']) {
    const value = isoParam(query, name);
    if (typeof value === 'object') return { ok: false, error: value };
    bounds[name] = value;
  }
  const cursors: Record<string, EasyPostTracker | undefined> = {};
  for (const name of ['before_id', 'after_id']) {
    const id = singleParam(query[name]);
    if (id === undefined) continue;
    const tracker = shipping.trackers.get(id);
    if (!tracker) return { ok: false, error: invalidParameter(name, `no tracker with id ${id}`) };
    cursors[name] = tracker;
  }
  const trackingCode = singleParam(query.tracking_code);
  const carrier = singleParam(query.carrier)?.toLowerCase();
  const order: Order = bounds.updated_after !== undefined ? 'updated-asc' : 'created-desc';
  const compare = order === 'created-desc' ? newestCreatedFirst : byUpdate;
  const source = trackingCode !== undefined
    ? shipping.trackers.lookup('tracking_code', trackingCode).sort(compare)
    : shipping.trackers.sorted(order, compare);

  const { updated_after: updatedAfter, updated_before: updatedBefore, start_datetime: start, end_datetime: end } = bounds;
  const { before_id: before, after_id: after } = cursors;
  const limit = pageSize ?? 20;
  const trackers: EasyPostTracker[] = [];
  let hasMore = false;
  for (const tracker of source) {
    if (carrier !== undefined && tracker.carrier.toLowerCase() !== carrier) continue;
    if (updatedAfter !== undefined && tracker.updated_at <= updatedAfter) continue;
    if (updatedBefore !== undefined && tracker.updated_at >= updatedBefore) continue;
    if (start !== undefined && tracker.created_at < start) continue;
    if (end !== undefined && tracker.created_at > end) continue;
    if (before && byCreation(tracker, before) >= 0) continue;
    if (after && byCreation(tracker, after) <= 0) continue;
    if (trackers.length === limit) {
      hasMore = true;
      break;
    }
    trackers.push(tracker);
  }
  return { ok: true, trackers, hasMore };
}
