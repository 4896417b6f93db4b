import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { metadataAnyOf, STRIPE_SEARCH_MAX_CLAUSES } from '../../src/connectors/payments/stripeSearchQuery.js';
import { groupBy } from '../../src/graphql/createLoaders.js';
import { executeKwArgs, type OdooSession } from './odooSession.js';
import { selectionInside } from './selectionInside.js';
import { COMPANY_PROPERTIES, CONTACT_PROPERTIES } from './sources/crmSource.js';
import { fieldsOf, ODOO_MODELS } from './sources/erpSource.js';

/** What the peer adds to the composed sources: the three entry points and the joins across systems. */
export const peerTypeDefs = /* GraphQL */ `
  extend type Query {
    "The first customers in ERP order (partners with customer_rank > 0, by id)."
    customers(first: Int!): [ErpPartner!]!
    customer(id: Int!): ErpPartner
    order(id: Int!): ErpSaleOrder
  }
  extend type ErpPartner {
    "The CRM contact with the partner's email."
    crm: CrmContact
    "The Stripe customer whose metadata.erp_partner_id is the partner's id."
    billing: StripeCustomer
    "PaymentIntents whose metadata.erp_partner_id is the partner's id, newest first."
    payments: [StripePaymentIntent!]!
    "The partner's newest orders."
    orders(first: Int! = 10): [ErpSaleOrder!]!
  }
  extend type CrmContact {
    "The contact's primary company."
    company: CrmCompany
  }
  extend type ErpSaleOrder {
    lines: [ErpSaleOrderLine!]!
    "PaymentIntents whose metadata.order_ref is the order's reference, newest first."
    payments: [StripePaymentIntent!]!
    "The carrier's trackers for the tracking codes of the order's deliveries."
    shipments: [EasyPostTracker!]!
  }
  extend type ErpSaleOrderLine {
    product: ErpProduct
  }
`;

/**
 * One call of Mesh's in-context SDK (`context.<Source>.Query.<field>`). With `key` and `argsFromKeys`, the
 * calls a request makes for one field are collected by a DataLoader and sent as one upstream call per
 * `dataLoaderOptions.maxBatchSize` keys; `valuesFromResults` hands each key its part of the answer.
 */
interface SourceCall {
  root: unknown;
  context: PeerContext;
  info: GraphQLResolveInfo;
  args?: Record<string, unknown>;
  key?: unknown;
  argsFromKeys?: (keys: never[]) => Record<string, unknown>;
  valuesFromResults?: (answer: never, keys: never[]) => unknown;
  selectionSet?: string | ((subtree: SelectionSetNode) => SelectionSetNode);
  dataLoaderOptions?: { maxBatchSize?: number };
}

type SourceField = (call: SourceCall) => Promise<unknown>;

/** The context's in-context SDK: one entry per source of the supergraph, named as mesh.config.ts names them. */
interface PeerContext {
  readonly Erp: { Query: Record<(typeof ODOO_MODELS)[keyof typeof ODOO_MODELS]['field'], SourceField> };
  readonly Crm: { Query: Record<'crmContacts' | 'crmCompanies' | 'crmContactCompanies', SourceField> };
  readonly Payments: { Query: Record<'stripePaymentIntents' | 'stripeCustomers', SourceField> };
  readonly Shipping: { Query: Record<'easyPostTrackers', SourceField> };
}

/** Odoo's many2one: `[id, display name]`, or false when empty. */
type Many2one = [number, string] | false;
interface OdooAnswer<T> {
  result: T[] | null;
  error: { message: string; data: { name: string | null; message: string | null } | null } | null;
}
interface Partner {
  id: number;
  email: string | false;
}
interface SaleOrder {
  id: number;
  name: string;
  partner_id: Many2one;
}
interface SaleOrderLine {
  order_id: Many2one;
  product_id: Many2one;
}
interface Picking {
  sale_id: Many2one;
  carrier_tracking_ref: string | false;
}
interface CrmObject {
  id: string;
  properties: { email?: string | null };
}
interface CrmAssociation {
  from: { id: string };
  to: { toObjectId: number; associationTypes: { label: string | null }[] }[];
}
interface StripeObject {
  created: number;
  metadata: Record<string, string | null>;
}
interface StripeSearch<T> {
  data: T[];
  has_more: boolean;
}
interface Tracker {
  tracking_code: string;
}

const HUBSPOT_BATCH_SIZE = 100;
const EASYPOST_BATCH_SIZE = 100;
const idOf = (value: Many2one): number | null => (value === false ? null : value[0]);

/** Odoo answers failures with HTTP 200 and an `error` member: raise it as the field's error. */
function recordsOf<T>(answer: OdooAnswer<T>): T[] {
  if (answer.error) throw new Error(`Odoo: ${answer.error.data?.message ?? answer.error.message}`);
  return answer.result ?? [];
}

/** A search answered in one page; a second page would need a call per key, which this peer does not make. */
function onePage<T>(answer: StripeSearch<T>): T[] {
  if (answer.has_more) throw new Error('Stripe search has more than one page for these keys');
  return answer.data;
}

function indexBy<K, V>(keys: readonly K[], items: readonly V[], keyOf: (item: V) => K): (V | null)[] {
  const byKey = new Map(items.map((item) => [keyOf(item), item]));
  return keys.map((key) => byKey.get(key) ?? null);
}

const newestFirst = <T extends StripeObject>(payments: T[]) => payments.sort((a, b) => b.created - a.created);

/** The joins, written as Mesh's docs show for sources whose batch endpoints need the keys reshaped. */
export function createPeerResolvers(odoo: OdooSession) {
  const executeKw = (model: (typeof ODOO_MODELS)[keyof typeof ODOO_MODELS], method: string, args: unknown[], kwargs: Record<string, unknown> = {}) => ({
    input: { params: { args: executeKwArgs(odoo, model.model, method, args, { fields: fieldsOf(model), ...kwargs }) } },
  });
  const odooError = 'error { message data { name message } }';
  // Mesh adds a resolver's `selectionSet` to what it asks a source only when the client's fields sit
  // right under the source's root field; here they sit in an envelope, so every selection carries the
  // fields the joins below read.
  const joinKeys = { ErpPartner: 'id email', ErpSaleOrder: 'id name', ErpSaleOrderLine: 'product_id', CrmContact: 'id properties { email }' };
  const selection = {
    partners: selectionInside('result', joinKeys.ErpPartner, odooError),
    ordersOfPartners: selectionInside('result', `${joinKeys.ErpSaleOrder} partner_id`, odooError),
    order: selectionInside('result', joinKeys.ErpSaleOrder, odooError),
    linesOfOrders: selectionInside('result', `${joinKeys.ErpSaleOrderLine} order_id`, odooError),
    products: selectionInside('result', 'id', odooError),
    contacts: selectionInside('results', joinKeys.CrmContact),
    companies: selectionInside('results', 'id'),
    paymentsOfPartners: selectionInside('data', 'created metadata { erp_partner_id }', 'has_more'),
    paymentsOfOrders: selectionInside('data', 'created metadata { order_ref }', 'has_more'),
    billingOfPartners: selectionInside('data', 'metadata { erp_partner_id }', 'has_more'),
    trackers: selectionInside('trackers', 'tracking_code'),
  };
  /** A Stripe search for the keys' PaymentIntents (or customers), ten metadata clauses a call. */
  const stripeSearch = (key: 'erp_partner_id' | 'order_ref') => (values: string[]) => ({ query: metadataAnyOf(key, values), limit: 100 });

  return {
    Query: {
      customers: (root: unknown, args: { first: number }, context: PeerContext, info: GraphQLResolveInfo) =>
        context.Erp.Query.erpPartners({
          root,
          context,
          info,
          args: executeKw(ODOO_MODELS.partner, 'search_read', [[['customer_rank', '>', 0]]], { order: 'id asc', limit: args.first }),
          selectionSet: selection.partners,
          valuesFromResults: recordsOf,
        }),
      customer: async (root: unknown, args: { id: number }, context: PeerContext, info: GraphQLResolveInfo) => {
        const partners = (await context.Erp.Query.erpPartners({
          root,
          context,
          info,
          args: executeKw(ODOO_MODELS.partner, 'read', [[args.id]]),
          selectionSet: selection.partners,
          valuesFromResults: recordsOf,
        })) as unknown[];
        return partners[0] ?? null;
      },
      order: async (root: unknown, args: { id: number }, context: PeerContext, info: GraphQLResolveInfo) => {
        const orders = (await context.Erp.Query.erpSaleOrders({
          root,
          context,
          info,
          args: executeKw(ODOO_MODELS.order, 'read', [[args.id]]),
          selectionSet: selection.order,
          valuesFromResults: recordsOf,
        })) as unknown[];
        return orders[0] ?? null;
      },
    },
    ErpPartner: {
      crm: (partner: Partner, _: unknown, context: PeerContext, info: GraphQLResolveInfo) =>
        partner.email === false
          ? null
          : context.Crm.Query.crmContacts({
              root: partner,
              context,
              info,
              key: partner.email.toLowerCase(),
              argsFromKeys: (emails: string[]) => ({
                input: { idProperty: 'email', properties: CONTACT_PROPERTIES, inputs: emails.map((id) => ({ id })) },
              }),
              valuesFromResults: (answer: { results: CrmObject[] }, emails: string[]) =>
                indexBy(emails, answer.results, (contact) => contact.properties.email?.toLowerCase() ?? ''),
              selectionSet: selection.contacts,
              dataLoaderOptions: { maxBatchSize: HUBSPOT_BATCH_SIZE },
            }),
      billing: (partner: Partner, _: unknown, context: PeerContext, info: GraphQLResolveInfo) =>
        context.Payments.Query.stripeCustomers({
          root: partner,
          context,
          info,
          key: String(partner.id),
          argsFromKeys: stripeSearch('erp_partner_id'),
          valuesFromResults: (answer: StripeSearch<StripeObject>, ids: string[]) =>
            indexBy(ids, onePage(answer), (customer) => customer.metadata.erp_partner_id ?? ''),
          selectionSet: selection.billingOfPartners,
          dataLoaderOptions: { maxBatchSize: STRIPE_SEARCH_MAX_CLAUSES },
        }),
      payments: (partner: Partner, _: unknown, context: PeerContext, info: GraphQLResolveInfo) =>
        context.Payments.Query.stripePaymentIntents({
          root: partner,
          context,
          info,
          key: String(partner.id),
          argsFromKeys: stripeSearch('erp_partner_id'),
          valuesFromResults: (answer: StripeSearch<StripeObject>, ids: string[]) =>
            groupBy(ids, onePage(answer), (payment) => payment.metadata.erp_partner_id).map(newestFirst),
          selectionSet: selection.paymentsOfPartners,
          dataLoaderOptions: { maxBatchSize: STRIPE_SEARCH_MAX_CLAUSES },
        }),
      orders: async (partner: Partner, args: { first: number }, context: PeerContext, info: GraphQLResolveInfo) => {
        const orders = (await context.Erp.Query.erpSaleOrders({
          root: partner,
          context,
          info,
          key: partner.id,
          argsFromKeys: (ids: number[]) =>
            executeKw(ODOO_MODELS.order, 'search_read', [[['partner_id', 'in', ids]]], { order: 'date_order desc, id desc' }),
          valuesFromResults: (answer: OdooAnswer<SaleOrder>, ids: number[]) => groupBy(ids, recordsOf(answer), (order) => idOf(order.partner_id)),
          selectionSet: selection.ordersOfPartners,
        })) as SaleOrder[];
        return orders.slice(0, args.first);
      },
    },
    CrmContact: {
      company: async (contact: CrmObject, _: unknown, context: PeerContext, info: GraphQLResolveInfo) => {
        const companyId = await context.Crm.Query.crmContactCompanies({
          root: contact,
          context,
          info,
          key: contact.id,
          argsFromKeys: (ids: string[]) => ({ input: { inputs: ids.map((id) => ({ id })) } }),
          valuesFromResults: (answer: { results: CrmAssociation[] }, ids: string[]) =>
            indexBy(ids, answer.results, (row) => row.from.id).map((row) => {
              const primary = row?.to.find((to) => to.associationTypes.some((type) => type.label === 'Primary')) ?? row?.to[0];
              return primary ? String(primary.toObjectId) : null;
            }),
          selectionSet: '{ results { from { id } to { toObjectId associationTypes { label } } } }',
          dataLoaderOptions: { maxBatchSize: HUBSPOT_BATCH_SIZE },
        });
        if (companyId === null) return null;
        return context.Crm.Query.crmCompanies({
          root: contact,
          context,
          info,
          key: companyId,
          argsFromKeys: (ids: string[]) => ({ input: { properties: COMPANY_PROPERTIES, inputs: ids.map((id) => ({ id })) } }),
          valuesFromResults: (answer: { results: CrmObject[] }, ids: string[]) => indexBy(ids, answer.results, (company) => company.id),
          selectionSet: selection.companies,
          dataLoaderOptions: { maxBatchSize: HUBSPOT_BATCH_SIZE },
        });
      },
    },
    ErpSaleOrder: {
      lines: (order: SaleOrder, _: unknown, context: PeerContext, info: GraphQLResolveInfo) =>
        context.Erp.Query.erpSaleOrderLines({
          root: order,
          context,
          info,
          key: order.id,
          argsFromKeys: (ids: number[]) =>
            executeKw(ODOO_MODELS.line, 'search_read', [[['order_id', 'in', ids]]], { order: 'order_id asc, id asc' }),
          valuesFromResults: (answer: OdooAnswer<SaleOrderLine>, ids: number[]) => groupBy(ids, recordsOf(answer), (line) => idOf(line.order_id)),
          selectionSet: selection.linesOfOrders,
        }),
      payments: (order: SaleOrder, _: unknown, context: PeerContext, info: GraphQLResolveInfo) =>
        context.Payments.Query.stripePaymentIntents({
          root: order,
          context,
          info,
          key: order.name,
          argsFromKeys: stripeSearch('order_ref'),
          valuesFromResults: (answer: StripeSearch<StripeObject>, references: string[]) =>
            groupBy(references, onePage(answer), (payment) => payment.metadata.order_ref).map(newestFirst),
          selectionSet: selection.paymentsOfOrders,
          dataLoaderOptions: { maxBatchSize: STRIPE_SEARCH_MAX_CLAUSES },
        }),
      shipments: async (order: SaleOrder, _: unknown, context: PeerContext, info: GraphQLResolveInfo) => {
        // The ERP's deliveries carry the tracking codes; the carrier knows the rest.
        const codes = (await context.Erp.Query.erpPickings({
          root: order,
          context,
          info,
          key: order.id,
          argsFromKeys: (ids: number[]) => executeKw(ODOO_MODELS.picking, 'search_read', [[['sale_id', 'in', ids]]], { order: 'id asc' }),
          valuesFromResults: (answer: OdooAnswer<Picking>, ids: number[]) =>
            groupBy(ids, recordsOf(answer), (picking) => idOf(picking.sale_id)).map((pickings) =>
              pickings.flatMap((picking) => (picking.carrier_tracking_ref === false ? [] : [picking.carrier_tracking_ref])),
            ),
          selectionSet: `{ result { sale_id carrier_tracking_ref } ${odooError} }`,
        })) as string[];
        const trackers = (await context.Shipping.Query.easyPostTrackers({
          root: order,
          context,
          info,
          key: codes,
          argsFromKeys: (trackingCodes: string[]) => ({ input: { tracking_codes: trackingCodes } }),
          valuesFromResults: (answer: { trackers: Tracker[] }, trackingCodes: string[]) =>
            indexBy(trackingCodes, answer.trackers, (tracker) => tracker.tracking_code),
          selectionSet: selection.trackers,
          dataLoaderOptions: { maxBatchSize: EASYPOST_BATCH_SIZE },
        })) as (Tracker | Error | null)[];
        return trackers.filter((tracker): tracker is Tracker => {
          if (tracker instanceof Error) throw tracker;
          return tracker !== null;
        });
      },
    },
    ErpSaleOrderLine: {
      product: (line: SaleOrderLine, _: unknown, context: PeerContext, info: GraphQLResolveInfo) =>
        line.product_id === false
          ? null
          : context.Erp.Query.erpProducts({
              root: line,
              context,
              info,
              key: idOf(line.product_id),
              argsFromKeys: (ids: number[]) => executeKw(ODOO_MODELS.product, 'read', [ids]),
              valuesFromResults: (answer: OdooAnswer<{ id: number }>, ids: number[]) => indexBy(ids, recordsOf(answer), (product) => product.id),
              selectionSet: selection.products,
            }),
    },
  };
}
