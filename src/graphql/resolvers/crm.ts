import type { GraphQLResolveInfo } from 'graphql';
import type { CrmContact } from '../../connectors/crm/types.js';
import type { Partner } from '../../connectors/erp/types.js';
import type { GatewayContext } from '../context.js';
import { readsOf } from '../selection/upstreamReads.js';

export const crmResolvers = {
  Customer: {
    // The CRM contact is linked to the ERP partner by email address.
    crm: (partner: Partner, _: unknown, { loaders }: GatewayContext, info: GraphQLResolveInfo) =>
      partner.email ? loaders.crmContactByEmail.load(partner.email, readsOf(info, 'CrmContact')) : null,
  },
  CrmContact: {
    async owner(contact: CrmContact, _: unknown, { loaders }: GatewayContext) {
      if (contact.ownerId === null) return null;
      const owners = await loaders.crmOwners.load('all');
      return owners.find((owner) => owner.id === contact.ownerId) ?? null;
    },
    async company(contact: CrmContact, _: unknown, { loaders }: GatewayContext, info: GraphQLResolveInfo) {
      const companyId = await loaders.crmCompanyIdOfContact.load(contact.id);
      return companyId === null ? null : loaders.crmCompany.load(companyId, readsOf(info, 'CrmCompany'));
    },
  },
};
