import { createCustomer, type CreateCustomerInput } from '../../domain/createCustomer.js';
import { assertNotEndUser } from '../authorization.js';
import type { GatewayContext } from '../context.js';
import { domainDepsOf } from '../domainDepsOf.js';
import { domainResult } from '../domainResult.js';
import { idempotencyScopeOf } from '../idempotencyScopeOf.js';

export const customerMutationResolvers = {
  Mutation: {
    async createCustomer(_: unknown, { input }: { input: Omit<CreateCustomerInput, 'idempotency'> }, context: GatewayContext) {
      assertNotEndUser(context.principal, 'Creating customers');
      const created = await domainResult(
        createCustomer(domainDepsOf(context), { ...input, idempotency: idempotencyScopeOf(context) }),
        (field) => `input.${field}`,
      );
      return {
        customer: created.customer,
        sync: [
          { system: 'erp', state: 'DONE', followUpId: null },
          { system: 'crm', state: 'QUEUED', followUpId: created.followUps.crmContact },
          { system: 'payments', state: 'QUEUED', followUpId: created.followUps.stripeCustomer },
        ],
      };
    },
  },
};
