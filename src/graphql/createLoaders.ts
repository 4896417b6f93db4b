import DataLoader from 'dataloader';
import type { Connectors } from '../connectors/createConnectors.js';
import type { CallContext } from '../connectors/core/createUpstreamClient.js';
import type { CrmCompany, CrmContact, CrmOwner } from '../connectors/crm/types.js';
import type { Invoice, Partner, Picking, Product, SaleOrder, SaleOrderLine } from '../connectors/erp/types.js';
import type { BillingCustomer, Payment, Refund } from '../connectors/payments/types.js';
import type { Tracker } from '../connectors/shipping/types.js';

export interface Loaders {
  readonly partner: DataLoader<number, Partner | null>;
  readonly product: DataLoader<number, Product | null>;
  readonly order: DataLoader<number, SaleOrder | null>;
  readonly invoice: DataLoader<number, Invoice | null>;
  readonly ordersOfPartner: DataLoader<number, SaleOrder[]>;
  readonly invoicesOfPartner: DataLoader<number, Invoice[]>;
  readonly linesOfOrder: DataLoader<number, SaleOrderLine[]>;
  readonly pickingsOfOrder: DataLoader<number, Picking[]>;
  readonly crmContactByEmail: DataLoader<string, CrmContact | null>;
  readonly crmCompany: DataLoader<string, CrmCompany | null>;
  readonly crmCompanyIdOfContact: DataLoader<string, string | null>;
  readonly crmOwners: DataLoader<'all', CrmOwner[]>;
  readonly billingOfPartner: DataLoader<string, BillingCustomer | null>;
  readonly paymentsOfPartner: DataLoader<string, Payment[]>;
  readonly paymentsOfOrder: DataLoader<string, Payment[]>;
  readonly payment: DataLoader<string, Payment | null>;
  readonly refundsOfPayment: DataLoader<string, Refund[]>;
  readonly trackerByCode: DataLoader<string, Tracker | null>;
}

/** Groups a flat result by a key so each DataLoader key gets its own list, in key order. */
export function groupBy<K, V>(keys: readonly K[], items: readonly V[], keyOf: (item: V) => K | null): V[][] {
  const groups = new Map<K, V[]>(keys.map((key) => [key, []]));
  for (const item of items) {
    const key = keyOf(item);
    if (key !== null) groups.get(key)?.push(item);
  }
  return keys.map((key) => groups.get(key) ?? []);
}

/**
 * Per-request loaders: every lookup made while resolving one request is collected for a tick and
 * sent to each system in its own batch form, so a list of 50 customers costs one call per level.
 */
export function createLoaders(connectors: Connectors, context: CallContext, options: { batching: boolean }): Loaders {
  const { crm, erp, payments, shipping } = connectors;
  const loader = <K, V>(load: (keys: readonly K[]) => Promise<V[]>) =>
    new DataLoader<K, V>(load, { batch: options.batching });

  return {
    partner: loader((ids) => erp.readPartners(context, ids)),
    product: loader((ids) => erp.readProducts(context, ids)),
    order: loader((ids) => erp.readOrders(context, ids)),
    invoice: loader((ids) => erp.readInvoices(context, ids)),
    ordersOfPartner: loader(async (ids) =>
      groupBy(ids, await erp.searchOrders(context, { partnerIds: ids }), (order) => order.partnerId),
    ),
    invoicesOfPartner: loader(async (ids) =>
      groupBy(ids, await erp.invoicesOfPartners(context, ids), (invoice) => invoice.partnerId),
    ),
    linesOfOrder: loader(async (ids) => groupBy(ids, await erp.linesOfOrders(context, ids), (line) => line.orderId)),
    pickingsOfOrder: loader(async (ids) =>
      groupBy(ids, await erp.pickingsOfOrders(context, ids), (picking) => picking.orderId),
    ),
    crmContactByEmail: loader((emails) => crm.contactsByEmail(context, emails)),
    crmCompany: loader((ids) => crm.companiesById(context, ids)),
    crmCompanyIdOfContact: loader((ids) => crm.primaryCompanyIds(context, ids)),
    crmOwners: loader(async (keys) => {
      const owners = await crm.owners(context);
      return keys.map(() => owners);
    }),
    billingOfPartner: loader((ids) => payments.customersByPartnerId(context, ids)),
    paymentsOfPartner: loader((ids) => payments.paymentsByMetadata(context, 'erp_partner_id', ids)),
    paymentsOfOrder: loader((refs) => payments.paymentsByMetadata(context, 'order_ref', refs)),
    // Stripe has no batch form for these two: each key is its own call, made in parallel.
    payment: loader((ids) => Promise.all(ids.map((id) => payments.getPayment(context, id)))),
    refundsOfPayment: loader((ids) => Promise.all(ids.map((id) => payments.refundsOfPayment(context, id)))),
    trackerByCode: loader((codes) => shipping.trackersByCode(context, codes)),
  };
}
