import { describeHttpStatus, type SystemConnector } from '../core/SystemConnector.js';
import { createErpConnector, type ErpConnector } from './createErpConnector.js';
import { ERP_CACHE } from './erpCache.js';

/** Odoo authenticates each JSON-RPC call by its arguments (database, uid, password), not by headers. */
export const erpSystem: SystemConnector<'erp', ErpConnector> = {
  system: 'erp',
  create: createErpConnector,
  authHeaders: () => ({}),
  describeError: describeHttpStatus,
  cacheTypes: Object.values(ERP_CACHE),
};
