import type { SystemConnector } from '../core/SystemConnector.js';
import { createEInvoicingConnector, describeAccessPointError, type EInvoicingConnector } from './createEInvoicingConnector.js';
import { EINVOICING_CACHE } from './einvoicingCache.js';

export const einvoicingSystem: SystemConnector<'einvoicing', EInvoicingConnector> = {
  system: 'einvoicing',
  create: createEInvoicingConnector,
  authHeaders: ({ apiKey }) => ({ authorization: `Bearer ${apiKey}` }),
  describeError: describeAccessPointError,
  cacheTypes: Object.values(EINVOICING_CACHE),
};
