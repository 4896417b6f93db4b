import { cacheType } from '../core/cache/CacheType.js';
import type { PeppolParticipant } from './types.js';

/**
 * Whether a buyer can receive over Peppol changes when it registers with an access point, which no
 * notification tells: a lookup is kept a day (CACHE_FRESHNESS einvoicing.participant), and a send
 * that finds the buyer gone or new asks again.
 */
export const EINVOICING_CACHE = {
  participant: cacheType<string, PeppolParticipant | null>({
    system: 'einvoicing',
    name: 'participant',
    freshSeconds: 86_400,
    announced: false,
    tagsOf: (address) => [`einvoicing:participant:${address}`],
  }),
} as const;
