import { z } from 'zod';
import { cacheType } from '../core/cache/CacheType.js';
import type { Tracker } from './types.js';

export const shippingTags = {
  tracker: (trackingCode: string) => `shipping:tracker:${trackingCode}`,
} as const;

export const SHIPPING_CACHE = {
  trackerByCode: cacheType<string, Tracker | null>({
    system: 'shipping',
    name: 'tracker',
    freshSeconds: 600,
    // EasyPost always sends whole trackers; what was parsed of them is the selection's.
    selective: true,
    tagsOf: (code) => [shippingTags.tracker(code)],
  }),
} as const;

const tracker = z.looseObject({ tracking_code: z.string() });
/** EasyPost puts the tracker in `result`; a Standard Webhooks payload in `data`. */
const trackerEvent = z.looseObject({ result: tracker.optional(), data: tracker.optional() });

/** The tags a carrier event (tracker.created, tracker.updated) changes. */
export function easyPostChangeTags(body: unknown): string[] {
  const parsed = trackerEvent.safeParse(body);
  const code = parsed.success ? (parsed.data.result ?? parsed.data.data)?.tracking_code : undefined;
  return code ? [shippingTags.tracker(code)] : [];
}
