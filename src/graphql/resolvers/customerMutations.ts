import { deriveKey } from '../../reliability/deriveKey.js';
import { enqueueCustomerFollowUps } from '../../reliability/enqueueCustomerFollowUps.js';
import { assertNotEndUser } from '../authorization.js';
import type { GatewayContext } from '../context.js';
import { badUserInput } from '../errors.js';
import { idempotencyScopeOf } from '../idempotencyScopeOf.js';

const CURRENCIES = new Set(['EUR', 'USD', 'GBP']);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface CustomerInput {
  name: string;
  email: string;
  company?: string | null;
  phone?: string | null;
  vat?: string | null;
  address?: { street?: string | null; city?: string | null; zip?: string | null; country?: string | null } | null;
  currency: string;
}

export const customerMutationResolvers = {
  Mutation: {
    /**
     * The ERP partner is written in the request: it is the record of truth and its id is the
     * customer's. The CRM contact and the Stripe customer follow through the queue, so a CRM or
     * Stripe outage does not stop a customer from being created; then `customer.created` is
     * published. Job and event ids derive from the key, so a retried request repeats neither.
     */
    async createCustomer(_: unknown, { input }: { input: CustomerInput }, context: GatewayContext) {
      assertNotEndUser(context.principal, 'Creating customers');
      const name = input.name.trim();
      const email = input.email.trim().toLowerCase();
      const currency = input.currency.toUpperCase();
      if (!name) throw badUserInput('A customer needs a name', 'input.name');
      if (!EMAIL.test(email)) throw badUserInput(`"${input.email}" is not an email address`, 'input.email');
      if (!CURRENCIES.has(currency)) throw badUserInput(`currency must be one of ${[...CURRENCIES].join(', ')}`, 'input.currency');

      const { connectors, services } = context;
      const scope = idempotencyScopeOf(context);
      const reference = deriveKey(scope, 'erp-partner');
      let partner = await connectors.erp.findPartnerByReference(context, reference);
      if (!partner) {
        const sameEmail = (await connectors.erp.searchPartners(context, email, { limit: 5, offset: 0 })).find(
          (candidate) => candidate.email?.toLowerCase() === email,
        );
        if (sameEmail) throw badUserInput(`A customer with the email ${email} already exists`, 'input.email');
        partner = await connectors.erp.createPartner(context, {
          name,
          email,
          phone: input.phone ?? null,
          street: input.address?.street ?? null,
          city: input.address?.city ?? null,
          zip: input.address?.zip ?? null,
          vat: input.vat ?? null,
          currency,
          reference,
        });
      }

      const customer = { partnerId: partner.id, email, name, phone: input.phone ?? null, company: input.company ?? null };
      const followUps = await enqueueCustomerFollowUps(services.queue, scope, customer);
      await services.events.publish({ name: 'customer.created', id: deriveKey(scope, 'customer-created-event'), data: customer });
      return {
        customer: partner,
        sync: [
          { system: 'erp', state: 'DONE', followUpId: null },
          { system: 'crm', state: 'QUEUED', followUpId: followUps.crm },
          { system: 'payments', state: 'QUEUED', followUpId: followUps.payments },
        ],
      };
    },
  },
};
