import type { SystemConnector } from '../core/SystemConnector.js';
import { createPaymentsConnector, describeStripeError, type PaymentsConnector } from './createPaymentsConnector.js';
import { PAYMENTS_CACHE, stripeChangeTags } from './paymentsCache.js';

export const paymentsSystem: SystemConnector<'payments', PaymentsConnector> = {
  system: 'payments',
  create: createPaymentsConnector,
  authHeaders: ({ secretKey }) => ({ authorization: `Bearer ${secretKey}` }),
  describeError: describeStripeError,
  cacheTypes: Object.values(PAYMENTS_CACHE),
  changes: { source: 'stripe', tagsOf: stripeChangeTags },
};
