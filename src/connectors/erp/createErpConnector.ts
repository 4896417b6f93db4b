import { z } from 'zod';
import type { CallContext } from '../core/createUpstreamClient.js';
import { parseUpstreamBody } from '../core/parseUpstreamBody.js';
import type { ConnectorDeps } from '../core/connectorDeps.js';
import type { Wanted } from '../core/recordShape.js';
import { createOdooRpc, OdooFault, type OdooDomain } from './odooRpc.js';
import {
  invoiceModel,
  partnerModel,
  pickingModel,
  productModel,
  saleOrderLineModel,
  saleOrderModel,
  type OdooModel,
} from './odooModels.js';
import { CHANGE_FEEDS, writtenAfter, type ErpChanges, type OdooCursor, type WatchedModel } from './erpChanges.js';
import { erpTags } from './erpCache.js';
import { readInvoiceDocument } from './readInvoiceDocument.js';
import type { ErpInvoiceDocument, Invoice, InvoiceRef, PageRequest, Partner, Picking, Product, SaleOrder, SaleOrderLine, SaleOrderState } from './types.js';

export interface OrderFilter {
  readonly partnerIds?: readonly number[];
  readonly state?: SaleOrderState;
}

export interface NewPartner {
  readonly name: string;
  readonly email: string;
  readonly phone?: string | null;
  readonly street?: string | null;
  readonly city?: string | null;
  readonly zip?: string | null;
  readonly vat?: string | null;
  readonly currency: string;
  /** Our reference, derived from the idempotency key, so a retried creation finds the first one. */
  readonly reference: string;
}

export interface NewOrder {
  readonly partnerId: number;
  /** Our reference, derived from the idempotency key, so a retried placement finds the first order. */
  readonly clientReference: string;
  readonly lines: readonly { readonly productId: number; readonly quantity: number }[];
}

export interface ErpConnector {
  readonly system: 'erp';
  findPartnerByReference(context: CallContext, reference: string): Promise<Partner | null>;
  createPartner(context: CallContext, partner: NewPartner): Promise<Partner>;
  findOrderByClientReference(context: CallContext, clientReference: string): Promise<SaleOrder | null>;
  /** Creates a draft order; not retried, since Odoo would create it twice. */
  createOrder(context: CallContext, order: NewOrder): Promise<SaleOrder>;
  confirmOrder(context: CallContext, orderId: number): Promise<SaleOrder>;
  cancelOrder(context: CallContext, orderId: number): Promise<SaleOrder>;
  readPartners(context: CallContext, ids: readonly number[], wanted?: Wanted): Promise<(Partner | null)[]>;
  searchPartners(context: CallContext, search: string | undefined, page: PageRequest, wanted?: Wanted): Promise<Partner[]>;
  countPartners(context: CallContext, search: string | undefined): Promise<number>;
  readProducts(context: CallContext, ids: readonly number[], wanted?: Wanted): Promise<(Product | null)[]>;
  searchProducts(context: CallContext, search: string | undefined, page: PageRequest, wanted?: Wanted): Promise<Product[]>;
  countProducts(context: CallContext, search: string | undefined): Promise<number>;
  readOrders(context: CallContext, ids: readonly number[], wanted?: Wanted): Promise<(SaleOrder | null)[]>;
  searchOrders(context: CallContext, filter: OrderFilter, page?: PageRequest, wanted?: Wanted): Promise<SaleOrder[]>;
  countOrders(context: CallContext, filter: OrderFilter): Promise<number>;
  linesOfOrders(context: CallContext, orderIds: readonly number[], wanted?: Wanted): Promise<SaleOrderLine[]>;
  readInvoices(context: CallContext, ids: readonly number[], wanted?: Wanted): Promise<(Invoice | null)[]>;
  /** The customers' invoices, newest first, as ids only: callers read the ones they show. */
  invoiceRefsOfPartners(context: CallContext, partnerIds: readonly number[]): Promise<InvoiceRef[]>;
  pickingsOfOrders(context: CallContext, orderIds: readonly number[], wanted?: Wanted): Promise<Picking[]>;
  pickingsByTrackingCode(context: CallContext, trackingCodes: readonly string[]): Promise<Picking[]>;
  /** Marks a delivery as shipped (Odoo's `button_validate`); not retried, so check its state first. */
  validatePicking(context: CallContext, pickingId: number): Promise<Picking>;
  /** Records a payment's outcome on invoices; writing the same state again changes nothing. */
  setInvoicePaymentState(context: CallContext, invoiceIds: readonly number[], state: InvoicePaymentState, paymentReference: string): Promise<void>;
  /** Customers whose email is exactly one of these (case-insensitive). */
  partnersByEmail(context: CallContext, emails: readonly string[]): Promise<Partner[]>;
  updatePartner(context: CallContext, partnerId: number, values: { readonly phone?: string | null }): Promise<void>;
  /**
   * What was written to a model after the cursor (Odoo announces nothing), as the cache tags it
   * changes; without a cursor, where the model's changes stand now, to start from.
   */
  changesSince(context: CallContext, model: WatchedModel, cursor: OdooCursor | null, pageSize: number): Promise<ErpChanges>;
  /** A customer invoice or credit note with what an e-invoice is built from; null when there is none. */
  readInvoiceDocument(context: CallContext, invoiceId: number): Promise<ErpInvoiceDocument | null>;
}

/** Odoo's account.move payment_state values a payment can set. */
export type InvoicePaymentState = 'not_paid' | 'in_payment' | 'paid' | 'partial' | 'reversed';

const CUSTOMERS: OdooDomain = [['customer_rank', '>', 0]];
const ORDER_SORT = 'date_order desc, id desc';

function textSearch(search: string | undefined, fields: readonly string[]): OdooDomain {
  if (!search) return [];
  // Prefix notation: n conditions joined by OR need n-1 leading '|'.
  return [...fields.slice(1).map(() => '|'), ...fields.map((field) => [field, 'ilike', search] as const)];
}

function orderDomain(filter: OrderFilter): OdooDomain {
  return [
    ...(filter.partnerIds ? [['partner_id', 'in', [...filter.partnerIds]] as const] : []),
    ...(filter.state ? [['state', '=', filter.state] as const] : []),
  ];
}

const countSchema = z.number().int().nonnegative();
const writeDateSchema = z.string();
const orderIdsSchema = z.array(z.object({ id: z.number() }));
const createdIdSchema = z.union([z.number().int().positive(), z.tuple([z.number().int().positive()])]).transform((id) =>
  typeof id === 'number' ? id : id[0],
);

/** Odoo external API (JSON-RPC execute_kw). Lookups by id use `read`, which takes many ids in one call. */
export function createErpConnector(deps: ConnectorDeps<'erp'>): ErpConnector {
  const rpc = createOdooRpc(deps.client, deps.config.credentials);

  async function searchRead<T>(
    context: CallContext,
    model: OdooModel<T>,
    domain: OdooDomain,
    options: { limit?: number; offset?: number; order?: string } = {},
    wanted?: Wanted,
  ): Promise<T[]> {
    const projection = model.shape.project(wanted);
    const result = await rpc.executeKw(context, model.name, 'search_read', [domain], { fields: projection.fields, ...options });
    return parseUpstreamBody('erp', projection.records, result, `${model.name}.search_read`);
  }

  async function readByIds<T extends { id: number }>(
    context: CallContext,
    model: OdooModel<T>,
    ids: readonly number[],
    wanted?: Wanted,
  ): Promise<(T | null)[]> {
    if (ids.length === 0) return [];
    const projection = model.shape.project(wanted);
    let records: T[];
    try {
      const result = await rpc.executeKw(context, model.name, 'read', [[...ids]], { fields: projection.fields });
      records = parseUpstreamBody('erp', projection.records, result, `${model.name}.read`);
    } catch (error) {
      // `read` fails whole when one id is gone; ask again for the ones that exist.
      if (!(error instanceof OdooFault && error.exception === 'odoo.exceptions.MissingError')) throw error;
      records = await searchRead(context, model, [['id', 'in', [...ids]]], {}, projection.attributes);
    }
    const byId = new Map(records.map((record) => [record.id, record]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async function count(context: CallContext, modelName: string, domain: OdooDomain): Promise<number> {
    const result = await rpc.executeKw(context, modelName, 'search_count', [domain]);
    return parseUpstreamBody('erp', countSchema, result, `${modelName}.search_count`);
  }

  async function readOne<T extends { id: number }>(context: CallContext, model: OdooModel<T>, id: number): Promise<T> {
    const [record] = await readByIds(context, model, [id]);
    if (!record) throw new OdooFault('odoo.exceptions.MissingError', `${model.name}(${id}) does not exist`);
    return record;
  }

  async function create(context: CallContext, modelName: string, values: Record<string, unknown>): Promise<number> {
    const result = await rpc.executeKw(context, modelName, 'create', [values], {}, { idempotent: false });
    return parseUpstreamBody('erp', createdIdSchema, result, `${modelName}.create`);
  }

  async function orderAction(context: CallContext, orderId: number, action: 'action_confirm' | 'action_cancel') {
    // Odoo 17 answers a cancel of a confirmed order with a warning wizard unless told not to.
    const kwargs = action === 'action_cancel' ? { context: { disable_cancel_warning: true } } : {};
    await rpc.executeKw(context, saleOrderModel.name, action, [[orderId]], kwargs, { idempotent: false });
    // Confirming creates the order's deliveries; either action changes its lines' state.
    await deps.changed([erpTags.order(orderId), erpTags.linesOfOrder(orderId), erpTags.pickingsOfOrder(orderId)]);
    return readOne(context, saleOrderModel, orderId);
  }

  const first = async <T>(records: Promise<T[]>) => (await records)[0] ?? null;

  const partnerDomain = (search: string | undefined) => [...CUSTOMERS, ...textSearch(search, ['name', 'email', 'ref'])];
  const productDomain = (search: string | undefined) => textSearch(search, ['name', 'default_code']);

  return {
    system: 'erp',
    findPartnerByReference: (context, reference) =>
      first(searchRead(context, partnerModel, [['ref', '=', reference]], { limit: 1 })),
    async createPartner(context, partner) {
      const id = await create(context, partnerModel.name, {
        name: partner.name,
        email: partner.email,
        phone: partner.phone ?? false,
        street: partner.street ?? false,
        city: partner.city ?? false,
        zip: partner.zip ?? false,
        vat: partner.vat ?? false,
        ref: partner.reference,
        x_currency: partner.currency,
        customer_rank: 1,
      });
      await deps.changed([erpTags.partner(id)]);
      return readOne(context, partnerModel, id);
    },
    findOrderByClientReference: (context, clientReference) =>
      first(searchRead(context, saleOrderModel, [['client_order_ref', '=', clientReference]], { limit: 1 })),
    async createOrder(context, order) {
      const id = await create(context, saleOrderModel.name, {
        partner_id: order.partnerId,
        client_order_ref: order.clientReference,
        // Odoo's one2many command (0, 0, values) creates each line with the order.
        order_line: order.lines.map((line) => [0, 0, { product_id: line.productId, product_uom_qty: line.quantity }]),
      });
      await deps.changed([erpTags.order(id), erpTags.partner(order.partnerId)]);
      return readOne(context, saleOrderModel, id);
    },
    confirmOrder: (context, orderId) => orderAction(context, orderId, 'action_confirm'),
    cancelOrder: (context, orderId) => orderAction(context, orderId, 'action_cancel'),
    readPartners: (context, ids, wanted) => readByIds(context, partnerModel, ids, wanted),
    searchPartners: (context, search, page, wanted) =>
      searchRead(context, partnerModel, partnerDomain(search), { ...page, order: 'id asc' }, wanted),
    countPartners: (context, search) => count(context, partnerModel.name, partnerDomain(search)),
    readProducts: (context, ids, wanted) => readByIds(context, productModel, ids, wanted),
    searchProducts: (context, search, page, wanted) =>
      searchRead(context, productModel, productDomain(search), { ...page, order: 'id asc' }, wanted),
    countProducts: (context, search) => count(context, productModel.name, productDomain(search)),
    readOrders: (context, ids, wanted) => readByIds(context, saleOrderModel, ids, wanted),
    searchOrders: (context, filter, page, wanted) =>
      searchRead(context, saleOrderModel, orderDomain(filter), { ...page, order: ORDER_SORT }, wanted),
    countOrders: (context, filter) => count(context, saleOrderModel.name, orderDomain(filter)),
    linesOfOrders: (context, orderIds, wanted) =>
      searchRead(context, saleOrderLineModel, [['order_id', 'in', [...orderIds]]], { order: 'order_id asc, id asc' }, [
        ...(wanted ?? saleOrderLineModel.shape.attributeNames),
        'orderId',
      ]),
    readInvoices: (context, ids, wanted) => readByIds(context, invoiceModel, ids, wanted),
    invoiceRefsOfPartners: (context, partnerIds) =>
      searchRead(
        context,
        invoiceModel,
        [['partner_id', 'in', [...partnerIds]], ['move_type', '=', 'out_invoice']],
        { order: 'invoice_date desc, id desc' },
        ['partnerId'],
      ),
    pickingsOfOrders: (context, orderIds, wanted) =>
      searchRead(context, pickingModel, [['sale_id', 'in', [...orderIds]]], { order: 'id asc' }, [
        ...(wanted ?? pickingModel.shape.attributeNames),
        'orderId',
      ]),
    pickingsByTrackingCode: (context, trackingCodes) =>
      searchRead(context, pickingModel, [['carrier_tracking_ref', 'in', [...trackingCodes]]], { order: 'id asc' }),
    async validatePicking(context, pickingId) {
      await rpc.executeKw(context, pickingModel.name, 'button_validate', [[pickingId]], {}, { idempotent: false });
      const picking = await readOne(context, pickingModel, pickingId);
      if (picking.orderId !== null) await deps.changed([erpTags.pickingsOfOrder(picking.orderId)]);
      return picking;
    },
    async setInvoicePaymentState(context, invoiceIds, state, paymentReference) {
      if (invoiceIds.length === 0) return;
      // A write of fixed values is safe to repeat, so it may be retried.
      await rpc.executeKw(context, invoiceModel.name, 'write', [[...invoiceIds], { payment_state: state, payment_reference: paymentReference }]);
      await deps.changed(invoiceIds.map(erpTags.invoice));
    },
    async partnersByEmail(context, emails) {
      if (emails.length === 0) return [];
      const domain: OdooDomain = [...emails.slice(1).map(() => '|'), ...emails.map((email) => ['email', '=ilike', email] as const)];
      // =ilike treats _ and % as wildcards, which emails may contain.
      const wanted = new Set(emails.map((email) => email.toLowerCase()));
      const partners = await searchRead(context, partnerModel, domain, { order: 'id asc' });
      return partners.filter((partner) => partner.email !== null && wanted.has(partner.email.toLowerCase()));
    },
    async updatePartner(context, partnerId, values) {
      const vals = Object.fromEntries(Object.entries(values).map(([field, value]) => [field, value ?? false]));
      await rpc.executeKw(context, partnerModel.name, 'write', [[partnerId], vals]);
      await deps.changed([erpTags.partner(partnerId)]);
    },
    readInvoiceDocument: (context, invoiceId) => readInvoiceDocument(rpc, context, invoiceId),
    async changesSince(context, model, cursor, pageSize) {
      const feed = CHANGE_FEEDS[model];
      const rowSchema = z.looseObject({ id: z.number(), write_date: writeDateSchema, ...feed.fields });
      const read = async (domain: unknown[], order: string, limit: number) =>
        parseUpstreamBody('erp', z.array(rowSchema), await rpc.executeKw(context, model, 'search_read', [domain], {
          fields: ['write_date', ...Object.keys(feed.fields)],
          order,
          limit,
        }), `${model}.search_read`);
      if (cursor === null) {
        const [newest] = await read([], 'write_date desc, id desc', 1);
        return { tags: [], changed: [], records: 0, cursor: { writeDate: newest?.write_date ?? '1970-01-01 00:00:00', id: newest?.id ?? 0 }, more: false };
      }
      const rows = await read([...writtenAfter(cursor)], 'write_date asc, id asc', pageSize);
      const tags = rows.flatMap((row) => feed.tagsOf(row));
      const origins = rows.flatMap((row) => (typeof row.invoice_origin === 'string' ? [row.invoice_origin] : []));
      if (origins.length > 0) {
        const orders = await rpc.executeKw(context, saleOrderModel.name, 'search_read', [[['name', 'in', [...new Set(origins)]]]], { fields: ['id'] });
        for (const order of parseUpstreamBody('erp', orderIdsSchema, orders, 'sale.order.search_read')) tags.push(erpTags.order(order.id));
      }
      const last = rows.at(-1);
      return { tags, changed: rows, records: rows.length, cursor: last ? { writeDate: last.write_date, id: last.id } : cursor, more: rows.length === pageSize };
    },
  };
}
