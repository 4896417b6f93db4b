import type { SystemConnector } from '../core/SystemConnector.js';
import { CRM_CACHE, hubSpotChangeTags } from './crmCache.js';
import { createCrmConnector, describeHubSpotError, type CrmConnector } from './createCrmConnector.js';

export const crmSystem: SystemConnector<'crm', CrmConnector> = {
  system: 'crm',
  create: createCrmConnector,
  authHeaders: ({ token }) => ({ authorization: `Bearer ${token}` }),
  describeError: describeHubSpotError,
  cacheTypes: Object.values(CRM_CACHE),
  changes: { source: 'hubspot', tagsOf: hubSpotChangeTags },
};
