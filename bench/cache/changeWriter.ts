import { SANDBOX_CREDENTIALS, type SandboxSystem } from '../../src/sandbox/SandboxSystem.js';
import { metadataAnyOf, STRIPE_SEARCH_MAX_CLAUSES } from '../../src/connectors/payments/stripeSearchQuery.js';
import { batchInChunks } from '../../src/connectors/core/batchInChunks.js';
import { executeKwArgs, type OdooSession } from '../peer/odooSession.js';
import type { Kind } from './cacheTargets.js';
import { factKeys, PAYMENT_MARKER, trackerVersion, type FactSystem } from './facts.js';
import type { Change } from './stalenessLog.js';

/** A change made, with the question that shows it. */
export interface WrittenChange extends Change {
  readonly probe: { readonly kind: Kind; readonly id: number };
}

interface Customer {
  readonly name: string;
  readonly contactId: string | null;
  readonly stripe: { readonly id: string; readonly paymentMethod: string } | null;
}

const CRM_AUTH = { authorization: `Bearer ${SANDBOX_CREDENTIALS.crm.token}` };
const STRIPE_AUTH = { authorization: `Bearer ${SANDBOX_CREDENTIALS.payments.secretKey}` };

/**
 * Changes records directly in the sandbox, as people and other programs change them in the real
 * systems: a customer renamed in Odoo, a contact's lifecycle stage in HubSpot, a payment taken in
 * Stripe, a parcel scanned by the carrier. Each carries its version in the value (facts.ts). Its own
 * requests are counted, so the bench can leave them out of the gateway's upstream calls.
 */
export async function createChangeWriter(options: {
  readonly urls: Record<SandboxSystem, string>;
  readonly odoo: OdooSession;
  readonly customerIds: () => number;
  readonly orderIds: () => number;
}) {
  const { urls, odoo } = options;
  const calls: Record<SandboxSystem, number> = { crm: 0, erp: 0, payments: 0, shipping: 0, einvoicing: 0 };
  const send = async <T>(system: SandboxSystem, url: string, init: RequestInit = {}): Promise<T> => {
    calls[system] += 1;
    const response = await fetch(url, init);
    if (!response.ok) throw new Error(`${system} ${url}: HTTP ${response.status} ${(await response.text()).slice(0, 200)}`);
    return (await response.json()) as T;
  };
  const odooCall = async <T>(model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}): Promise<T> => {
    const answer = await send<{ result: T; error?: { message: string } }>('erp', `${urls.erp}/jsonrpc`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { service: 'object', method: 'execute_kw', args: executeKwArgs(odoo, model, method, args, kwargs) } }),
    });
    if (answer.error) throw new Error(`Odoo: ${answer.error.message}`);
    return answer.result;
  };

  // Who the customers are in each system, read once before any load.
  const partners = await odooCall<{ id: number; name: string; email: string }[]>('res.partner', 'search_read', [[['customer_rank', '>', 0]]], { fields: ['name', 'email'] });
  const contacts = await batchInChunks(partners, 100, async (chunk) =>
    (
      await send<{ results: { id: string; properties: { email: string } }[] }>('crm', `${urls.crm}/crm/v3/objects/contacts/batch/read`, {
        method: 'POST',
        headers: { ...CRM_AUTH, 'content-type': 'application/json' },
        body: JSON.stringify({ idProperty: 'email', properties: ['email'], inputs: chunk.map((partner) => ({ id: partner.email })) }),
      })
    ).results,
  );
  const contactOf = new Map(contacts.map((contact) => [contact.properties.email.toLowerCase(), contact.id]));
  const stripeCustomers = await batchInChunks(partners, STRIPE_SEARCH_MAX_CLAUSES, async (chunk) => {
    const query = new URLSearchParams({ query: metadataAnyOf('erp_partner_id', chunk.map((partner) => String(partner.id))), limit: '100' });
    const page = await send<{ data: { id: string; metadata: { erp_partner_id: string }; invoice_settings: { default_payment_method: string | null } }[] }>(
      'payments',
      `${urls.payments}/v1/customers/search?${query}`,
      { headers: STRIPE_AUTH },
    );
    return page.data;
  });
  const stripeOf = new Map(stripeCustomers.map((customer) => [Number(customer.metadata.erp_partner_id), customer]));
  const customers = new Map<number, Customer>(
    partners.map((partner) => {
      const stripe = stripeOf.get(partner.id);
      const paymentMethod = stripe?.invoice_settings.default_payment_method;
      return [partner.id, { name: partner.name, contactId: contactOf.get(partner.email.toLowerCase()) ?? null, stripe: stripe && paymentMethod ? { id: stripe.id, paymentMethod } : null }];
    }),
  );
  const pickings = await odooCall<{ sale_id: [number, string] | false; carrier_tracking_ref: string }[]>('stock.picking', 'search_read', [[['carrier_tracking_ref', '!=', false]]], {
    fields: ['sale_id', 'carrier_tracking_ref'],
  });
  const codesOf = new Map<number, string>();
  for (const picking of pickings) if (picking.sale_id) codesOf.set(picking.sale_id[0], picking.carrier_tracking_ref);
  const versions = new Map<string, number>();
  const next = (key: string) => {
    const version = (versions.get(key) ?? 0) + 1;
    versions.set(key, version);
    return version;
  };

  /** A customer the writer can change in `system`, drawn with the readers' popularity. */
  const customerFor = (usable: (customer: Customer) => boolean): [number, Customer] => {
    for (;;) {
      const id = options.customerIds();
      const customer = customers.get(id);
      if (customer && usable(customer)) return [id, customer];
    }
  };

  const CHANGES: Record<FactSystem, () => Promise<WrittenChange>> = {
    async erp() {
      const [id, customer] = customerFor(() => true);
      const key = factKeys.partner(id);
      const version = next(key);
      await odooCall('res.partner', 'write', [[id], { name: `${customer.name} ·${version}` }]);
      return { key, version, committedAt: Date.now(), probe: { kind: 'customer', id } };
    },
    async crm() {
      const [id, customer] = customerFor((candidate) => candidate.contactId !== null);
      const key = factKeys.contact(id);
      const version = next(key);
      await send('crm', `${urls.crm}/crm/v3/objects/contacts/${customer.contactId}`, {
        method: 'PATCH',
        headers: { ...CRM_AUTH, 'content-type': 'application/json' },
        body: JSON.stringify({ properties: { lifecyclestage: `bench${version}` } }),
      });
      return { key, version, committedAt: Date.now(), probe: { kind: 'customer', id } };
    },
    async payments() {
      const [id, customer] = customerFor((candidate) => candidate.stripe !== null);
      const key = factKeys.payments(id);
      const version = next(key);
      const form = new URLSearchParams({
        amount: String(PAYMENT_MARKER + version),
        currency: 'eur',
        customer: customer.stripe!.id,
        payment_method: customer.stripe!.paymentMethod,
        confirm: 'true',
        'metadata[erp_partner_id]': String(id),
      });
      await send('payments', `${urls.payments}/v1/payment_intents`, { method: 'POST', headers: { ...STRIPE_AUTH, 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
      return { key, version, committedAt: Date.now(), probe: { kind: 'customer', id } };
    },
    async shipping() {
      let order = options.orderIds();
      while (!codesOf.has(order)) order = options.orderIds();
      const code = codesOf.get(order)!;
      // The carrier's scan is not a request of ours to its API: the control route is not counted.
      const response = await fetch(`${urls.shipping}/_control/trackers/${encodeURIComponent(code)}/scan`, { method: 'POST' });
      const tracker = (await response.json()) as { updated_at: string };
      return { key: factKeys.tracker(code), version: trackerVersion(tracker.updated_at), committedAt: Date.now(), probe: { kind: 'order', id: order } };
    },
  };

  return {
    calls,
    resetCalls: () => {
      for (const system of Object.keys(calls) as SandboxSystem[]) calls[system] = 0;
    },
    change: (system: FactSystem) => CHANGES[system](),
  };
}

export type ChangeWriter = Awaited<ReturnType<typeof createChangeWriter>>;
