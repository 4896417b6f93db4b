import DataLoader from 'dataloader';
import type { Connectors } from '../connectors/createConnectors.js';
import type { CallContext } from '../connectors/core/createUpstreamClient.js';
import { companyShape, contactShape } from '../connectors/crm/createCrmConnector.js';
import type { CrmCompany, CrmContact, CrmOwner } from '../connectors/crm/types.js';
import type { InvoiceRef } from '../connectors/erp/types.js';
import { invoiceModel, partnerModel, productModel, saleOrderLineModel, saleOrderModel } from '../connectors/erp/odooModels.js';
import type { Invoice, Partner, Picking, Product, SaleOrder, SaleOrderLine } from '../connectors/erp/types.js';
import type { PaymentLink } from '../connectors/payments/createPaymentsConnector.js';
import type { BillingCustomer, Payment, Refund } from '../connectors/payments/types.js';
import { trackerShape } from '../connectors/shipping/createShippingConnector.js';
import type { Tracker } from '../connectors/shipping/types.js';
import type { CacheType } from '../connectors/core/cache/CacheType.js';
import type { EntityCache } from '../connectors/core/cache/createEntityCache.js';
import type { ReadPolicy } from '../connectors/core/cache/ReadPolicy.js';
import { CRM_CACHE } from '../connectors/crm/crmCache.js';
import { ERP_CACHE } from '../connectors/erp/erpCache.js';
import { PAYMENTS_CACHE } from '../connectors/payments/paymentsCache.js';
import { SHIPPING_CACHE } from '../connectors/shipping/shippingCache.js';
import { EINVOICING_CACHE } from '../connectors/einvoicing/einvoicingCache.js';
import type { PeppolParticipant } from '../connectors/einvoicing/types.js';
import type { EInvoiceRecord, EInvoiceRecords } from '../reliability/createEInvoiceRecords.js';
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
  /** Buyers in the Peppol directory, by `scheme:identifier`. */
  readonly peppolParticipant: DataLoader<string, PeppolParticipant | null>;
  /** Invoices' e-invoice records (the gateway's database), by ERP invoice id. */
  readonly eInvoice: DataLoader<number, EInvoiceRecord | null>;
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

/** How one request's loaders read: through the entity cache under the request's policy. */
export interface LoaderOptions {
  readonly batching: boolean;
  readonly cache: EntityCache;
  readonly policy: ReadPolicy;
  readonly einvoices: Pick<EInvoiceRecords, 'getMany'>;
}

type Read<K, V> = (keys: readonly K[], attributes: ReadonlySet<string> | undefined) => Promise<readonly (V | Error)[]>;

/**
 * Per-request loaders: every lookup made while resolving one request is collected for a tick and
 * sent to each system in its own batch form, so a list of 50 customers costs one call per level.
 * Selective loaders also collect what each lookup needs, and ask for the union. Each batch reads
 * through the entity cache first, so only what it does not hold fresh reaches the systems.
 */
export function createLoaders(connectors: Connectors, context: CallContext, options: LoaderOptions): Loaders {
  const { crm, erp, payments, shipping, einvoicing } = connectors;
  const { cache, policy } = options;
  const cached =
    <K, V>(type: CacheType<K, V>, load: (keys: K[], attributes: ReadonlySet<string> | undefined) => Promise<readonly V[]>): Read<K, V> =>
    (keys, attributes) =>
      cache.read(type, policy, keys, attributes, load);
  const loader = <K, V>(read: Read<K, V>) => new DataLoader<K, V>((keys) => read(keys, undefined), { batch: options.batching });
  const selective = <K, V>(all: readonly string[], read: Read<K, V>) => new SelectiveLoader<K, V>(read, { batching: options.batching, all });

  /**
   * One search per batch, each key then cut to its own `first`. Cached lists are read whole (a later
   * `first` is cut from them); uncached, a search pages only as far as the largest `first` needs.
   */
  const linkedPayments = (link: PaymentLink, type: CacheType<string, Payment[]>) => {
    const whole = cached(type, (values) => payments.paymentsByMetadata(context, link, values));
    return new DataLoader<PaymentsOf, Payment[], string>(
      async (keys) => {
        const values = [...new Set(keys.map((key) => key.link))];
        const perValue = keys.some((key) => key.first === undefined) ? undefined : Math.max(...keys.map((key) => key.first ?? 0));
        const found = cache.keeps(type) ? await whole(values, undefined) : await payments.paymentsByMetadata(context, link, values, perValue);
        const byValue = new Map(values.map((value, index) => [value, found[index] ?? []]));
        return keys.map((key) => {
          const list = byValue.get(key.link) ?? [];
          return list instanceof Error ? list : list.slice(0, key.first);
        });
      },
      { batch: options.batching, cacheKeyFn: (key) => `${key.first ?? '*'}|${key.link}` },
    );
  };

  return {
    partner: selective(partnerModel.shape.attributeNames, cached(ERP_CACHE.partner, (ids, wanted) => erp.readPartners(context, ids, wanted))),
    product: selective(productModel.shape.attributeNames, cached(ERP_CACHE.product, (ids, wanted) => erp.readProducts(context, ids, wanted))),
    order: selective(saleOrderModel.shape.attributeNames, cached(ERP_CACHE.order, (ids, wanted) => erp.readOrders(context, ids, wanted))),
    invoice: selective(invoiceModel.shape.attributeNames, cached(ERP_CACHE.invoice, (ids, wanted) => erp.readInvoices(context, ids, wanted))),
    invoiceRefsOfPartner: loader(
      cached(ERP_CACHE.invoiceRefsOfPartner, async (ids) => groupBy(ids, await erp.invoiceRefsOfPartners(context, ids), (invoice) => invoice.partnerId)),
    ),
    linesOfOrder: selective(
      saleOrderLineModel.shape.attributeNames,
      cached(ERP_CACHE.linesOfOrder, async (ids, wanted) => groupBy(ids, await erp.linesOfOrders(context, ids, wanted), (line) => line.orderId)),
    ),
    pickingsOfOrder: loader(
      cached(ERP_CACHE.pickingsOfOrder, async (ids) => groupBy(ids, await erp.pickingsOfOrders(context, ids, PICKING_READS), (picking) => picking.orderId)),
    ),
    crmContactByEmail: selective(contactShape.attributeNames, cached(CRM_CACHE.contactByEmail, (emails, wanted) => crm.contactsByEmail(context, emails, wanted))),
    crmCompany: selective(companyShape.attributeNames, cached(CRM_CACHE.company, (ids, wanted) => crm.companiesById(context, ids, wanted))),
    crmCompanyIdOfContact: loader(cached(CRM_CACHE.companyIdOfContact, (ids) => crm.primaryCompanyIds(context, ids))),
    crmOwners: loader(
      cached(CRM_CACHE.owners, async (keys) => {
        const owners = await crm.owners(context);
        return keys.map(() => owners);
      }),
    ),
    billingOfPartner: selective(BILLING_READS, cached(PAYMENTS_CACHE.customerOfPartner, (ids, wanted) => payments.customersByPartnerId(context, ids, wanted))),
    paymentsOfPartner: linkedPayments('erp_partner_id', PAYMENTS_CACHE.paymentsOfPartner),
    paymentsOfOrder: linkedPayments('erp_order_id', PAYMENTS_CACHE.paymentsOfOrder),
    // Stripe has no batch form for these two: each key is its own call, made in parallel.
    payment: loader(cached(PAYMENTS_CACHE.payment, (ids) => Promise.all(ids.map((id) => payments.getPayment(context, id))))),
    refundsOfPayment: loader(cached(PAYMENTS_CACHE.refundsOfPayment, (ids) => Promise.all(ids.map((id) => payments.refundsOfPayment(context, id))))),
    trackerByCode: selective(trackerShape.attributeNames, cached(SHIPPING_CACHE.trackerByCode, (codes, wanted) => shipping.trackersByCode(context, codes, wanted))),
    // The directory answers one address a lookup: each in parallel.
    peppolParticipant: loader(
      cached(EINVOICING_CACHE.participant, (addresses) =>
        Promise.all(addresses.map((address) => einvoicing.lookupParticipant(context, { scheme: address.slice(0, address.indexOf(':')), id: address.slice(address.indexOf(':') + 1) }))),
      ),
    ),
    eInvoice: new DataLoader(async (ids) => {
      const records = await options.einvoices.getMany(ids);
      return ids.map((id) => records.get(id) ?? null);
    }, { batch: options.batching }),
  };
}
