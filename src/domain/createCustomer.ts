import type { Partner } from '../connectors/erp/types.js';
import { deriveKey, type IdempotencyScope } from '../reliability/deriveKey.js';
import { enqueueCustomerFollowUps } from '../reliability/enqueueCustomerFollowUps.js';
import type { DomainDeps } from './DomainDeps.js';
import { DomainError } from './DomainError.js';

const CURRENCIES = new Set(['EUR', 'USD', 'GBP']);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface CreateCustomerInput {
  readonly name: string;
  readonly email: string;
  readonly company?: string | null;
  readonly phone?: string | null;
  readonly vat?: string | null;
  readonly address?: { street?: string | null; city?: string | null; zip?: string | null; country?: string | null } | null;
  readonly currency: string;
  readonly idempotency: IdempotencyScope;
}

export interface CreatedCustomer {
  readonly customer: Partner;
  readonly followUps: { readonly crmContact: string; readonly stripeCustomer: string };
}

/**
 * The ERP partner is written in the request: it is the record of truth and its id is the
 * customer's. The CRM contact and the Stripe customer follow through the queue, so a CRM or
 * Stripe outage does not stop a customer from being created; then `customer.created` is
 * published. Job and event ids derive from the key, so a retried request repeats neither.
 */
export async function createCustomer(
  { erp, followUps, events, call }: Pick<DomainDeps, 'erp' | 'followUps' | 'events' | 'call'>,
  input: CreateCustomerInput,
): Promise<CreatedCustomer> {
  const name = input.name.trim();
  const email = input.email.trim().toLowerCase();
  const currency = input.currency.toUpperCase();
  if (!name) throw new DomainError('A customer needs a name', 'name');
  if (!EMAIL.test(email)) throw new DomainError(`"${input.email}" is not an email address`, 'email');
  if (!CURRENCIES.has(currency)) throw new DomainError(`currency must be one of ${[...CURRENCIES].join(', ')}`, 'currency');

  const scope = input.idempotency;
  const reference = deriveKey(scope, 'erp-partner');
  let partner = await erp.findPartnerByReference(call, reference);
  if (!partner) {
    const sameEmail = (await erp.searchPartners(call, email, { limit: 5, offset: 0 })).find((candidate) => candidate.email?.toLowerCase() === email);
    if (sameEmail) throw new DomainError(`A customer with the email ${email} already exists`, 'email');
    partner = await erp.createPartner(call, {
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
  const queued = await enqueueCustomerFollowUps(followUps, scope, customer);
  await events.publish({ name: 'customer.created', id: deriveKey(scope, 'customer-created-event'), data: customer });
  return { customer: partner, followUps: { crmContact: queued.crm, stripeCustomer: queued.payments } };
}
