import DataLoader from 'dataloader';
import type { Connectors } from '../connectors/createConnectors.js';
import type { CallContext } from '../connectors/core/createUpstreamClient.js';
import { companyShape, contactShape } from '../connectors/crm/createCrmConnector.js';
import type { CrmCompany, CrmContact, CrmOwner } from '../connectors/crm/types.js';
import type { InvoiceRef } from '../connectors/erp/createErpConnector.js';
import { invoiceModel, partnerModel, productModel, saleOrderLineModel, saleOrderModel } from '../connectors/erp/odooModels.js';
import type { Invoice, Partner, Picking, Product, SaleOrder, SaleOrderLine } from '../connectors/erp/types.js';
import type { PaymentLink } from '../connectors/payments/createPaymentsConnector.js';
import type { BillingCustomer, Payment, Refund } from '../connectors/payments/types.js';
import { trackerShape } from '../connectors/shipping/createShippingConnector.js';
import type { Tracker } from '../connectors/shipping/types.js';
import { SelectiveLoader } from './selection/SelectiveLoader.js';

/** The newest `first` payments linked to one ERP record (all of them when `first` is absent). */
export interface PaymentsOf {
  readonly link: string;
  readonly first?: number;
}

export interface Loaders {
  readonly partner: SelectiveLoader<number, Partner | null>;
  readonly product: SelectiveLoader<number, Product | null>;
  readonly order: SelectiveLoader<number, SaleOrder | null>;
  readonly invoice: SelectiveLoader<number, Invoice | null>;
  readonly invoiceRefsOfPartner: DataLoader<number, InvoiceRef[]>;
  readonly linesOfOrder: SelectiveLoader<number, SaleOrderLine[]>;
  readonly pickingsOfOrder: DataLoader<number, Picking[]>;
  readonly crmContactByEmail: SelectiveLoader<string, CrmContact | null>;
  readonly crmCompany: SelectiveLoader<string, CrmCompany | null>;
  readonly crmCompanyIdOfContact: DataLoader<string, string | null>;
  readonly crmOwners: DataLoader<'all', CrmOwner[]>;
  readonly billingOfPartner: SelectiveLoader<string, BillingCustomer | null>;
  readonly paymentsOfPartner: DataLoader<PaymentsOf, Payment[], string>;
  readonly paymentsOfOrder: DataLoader<PaymentsOf, Payment[], string>;
  readonly payment: DataLoader<string, Payment | null>;
  readonly refundsOfPayment: DataLoader<string, Refund[]>;
  readonly trackerByCode: SelectiveLoader<string, Tracker | null>;
}

/** Groups a flat result by a key so each loader key gets its own list, in key order. */
export function groupBy<K, V>(keys: readonly K[], items: readonly V[], keyOf: (item: V) => K | null): V[][] {
  const groups = new Map<K, V[]>(keys.map((key) => [key, []]));
  for (const item of items) {
    const key = keyOf(item);
    if (key !== null) groups.get(key)?.push(item);
  }
  return keys.map((key) => groups.get(key) ?? []);
}

/** Deliveries are read for their tracking codes only. */
const PICKING_READS = ['trackingCode'];
const BILLING_READS = ['id', 'email', 'balance', 'currency', 'defaultCard', 'defaultPaymentMethodId', 'erpPartnerId'];

/**
 * Per-request loaders: every lookup made while resolving one request is collected for a tick and
 * sent to each system in its own batch form, so a list of 50 customers costs one call per level.
 * Selective loaders also collect what each lookup needs, and ask for the union.
 */
export function createLoaders(connectors: Connectors, context: CallContext, options: { batching: boolean }): Loaders {
  const { crm, erp, payments, shipping } = connectors;
  const loader = <K, V>(load: (keys: readonly K[]) => Promise<V[]>) => new DataLoader<K, V>(load, { batch: options.batching });
  const selective = <K, V>(all: readonly string[], read: (keys: readonly K[], attributes: ReadonlySet<string>) => Promise<readonly V[]>) =>
    new SelectiveLoader<K, V>(read, { batching: options.batching, all });

  /** One search per batch: the largest `first` asked for (or every payment), each key then cut to its own. */
  const linkedPayments = (link: PaymentLink) =>
    new DataLoader<PaymentsOf, Payment[], string>(
      async (keys) => {
        const values = [...new Set(keys.map((key) => key.link))];
        const perValue = keys.some((key) => key.first === undefined) ? undefined : Math.max(...keys.map((key) => key.first ?? 0));
        const found = await payments.paymentsByMetadata(context, link, values, perValue);
        const byValue = new Map(values.map((value, index) => [value, found[index] ?? []]));
        return keys.map((key) => (byValue.get(key.link) ?? []).slice(0, key.first));
      },
      { batch: options.batching, cacheKeyFn: (key) => `${key.first ?? '*'}|${key.link}` },
    );

  return {
    partner: selective(partnerModel.shape.attributeNames, (ids, wanted) => erp.readPartners(context, ids, wanted)),
    product: selective(productModel.shape.attributeNames, (ids, wanted) => erp.readProducts(context, ids, wanted)),
    order: selective(saleOrderModel.shape.attributeNames, (ids, wanted) => erp.readOrders(context, ids, wanted)),
    invoice: selective(invoiceModel.shape.attributeNames, (ids, wanted) => erp.readInvoices(context, ids, wanted)),
    invoiceRefsOfPartner: loader(async (ids) =>
      groupBy(ids, await erp.invoiceRefsOfPartners(context, ids), (invoice) => invoice.partnerId),
    ),
    linesOfOrder: selective(saleOrderLineModel.shape.attributeNames, async (ids, wanted) =>
      groupBy(ids, await erp.linesOfOrders(context, ids, wanted), (line) => line.orderId),
    ),
    pickingsOfOrder: loader(async (ids) =>
      groupBy(ids, await erp.pickingsOfOrders(context, ids, PICKING_READS), (picking) => picking.orderId),
    ),
    crmContactByEmail: selective(contactShape.attributeNames, (emails, wanted) => crm.contactsByEmail(context, emails, wanted)),
    crmCompany: selective(companyShape.attributeNames, (ids, wanted) => crm.companiesById(context, ids, wanted)),
    crmCompanyIdOfContact: loader((ids) => crm.primaryCompanyIds(context, ids)),
    crmOwners: loader(async (keys) => {
      const owners = await crm.owners(context);
      return keys.map(() => owners);
    }),
    billingOfPartner: selective(BILLING_READS, (ids, wanted) => payments.customersByPartnerId(context, ids, wanted)),
    paymentsOfPartner: linkedPayments('erp_partner_id'),
    paymentsOfOrder: linkedPayments('erp_order_id'),
    // Stripe has no batch form for these two: each key is its own call, made in parallel.
    payment: loader((ids) => Promise.all(ids.map((id) => payments.getPayment(context, id)))),
    refundsOfPayment: loader((ids) => Promise.all(ids.map((id) => payments.refundsOfPayment(context, id)))),
    trackerByCode: selective(trackerShape.attributeNames, (codes, wanted) => shipping.trackersByCode(context, codes, wanted)),
  };
}
