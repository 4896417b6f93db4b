import type { SystemConnector } from '../core/SystemConnector.js';
import { createShippingConnector, describeEasyPostError, type ShippingConnector } from './createShippingConnector.js';
import { easyPostChangeTags, SHIPPING_CACHE } from './shippingCache.js';

/** EasyPost takes the API key as the basic-auth username, with no password. */
export const shippingSystem: SystemConnector<'shipping', ShippingConnector> = {
  system: 'shipping',
  create: createShippingConnector,
  authHeaders: ({ apiKey }) => ({ authorization: `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}` }),
  describeError: describeEasyPostError,
  cacheTypes: Object.values(SHIPPING_CACHE),
  changes: { source: 'shipping', tagsOf: easyPostChangeTags },
};
