import type { GraphQLResolveInfo } from 'graphql';
import type { Invoice, Partner, Product, SaleOrder, SaleOrderLine, SaleOrderState } from '../../connectors/erp/types.js';
import type { GatewayContext } from '../context.js';
import { pageFromArgs, toConnection } from '../connection.js';
import { assertMayAccessCustomer, customerScopeOf } from '../authorization.js';
import { decodeId, encodeId } from '../ids.js';
import { moneyFromMajor } from '../../domain/money.js';
import type { SelectiveLoader } from '../selection/SelectiveLoader.js';
import { selectedFields } from '../selection/selectedFields.js';
import { readsOf, UPSTREAM_READS } from '../selection/upstreamReads.js';

type PageArgs = { first?: number | null; after?: string | null };

export const ORDER_STATUS: Record<SaleOrderState, string> = {
  draft: 'DRAFT',
  sent: 'SENT',
  sale: 'CONFIRMED',
  done: 'DONE',
  cancel: 'CANCELLED',
};
const ODOO_STATE = Object.fromEntries(Object.entries(ORDER_STATUS).map(([state, status]) => [status, state])) as Record<
  string,
  SaleOrderState
>;

const PAYMENT_STATE: Record<string, string> = {
  not_paid: 'NOT_PAID',
  in_payment: 'IN_PAYMENT',
  paid: 'PAID',
  partial: 'PARTIAL',
  reversed: 'REVERSED',
};

/** A line is shown in its order's currency, which Odoo keeps on the order only. */
type LineInOrder = SaleOrderLine & { readonly currency: string };

/** Lists returned to nested fields prime the by-id loaders, so a later lookup of the same record costs nothing. */
function prime<T extends { id: number }>(loader: SelectiveLoader<number, T | null>, records: readonly T[], reads: ReadonlySet<string>): T[] {
  for (const record of records) loader.prime(record.id, record, reads);
  return [...records];
}

const present = <T>(records: readonly (T | null)[]): T[] => records.filter((record): record is T => record !== null);

/** A connection's nodes are under `nodes` and `edges.node`. */
const NODES = [['nodes'], ['edges', 'node']] as const;

/** The order's partner is read with it, for the ownership check. */
const withPartner = (reads: ReadonlySet<string>) => [...reads, 'partnerId'];

/**
 * What an order's nested fields need is found by the order's id, so it is asked for at once, beside
 * the order itself, rather than after it: the answer waits for the slowest system, not for their sum.
 * Nothing is shown before the ownership check; a failure is reported by the field that reads it.
 */
function prefetchOrderChildren(id: number, { loaders }: GatewayContext, info: GraphQLResolveInfo): void {
  const selected = selectedFields(info);
  const ignore = () => undefined;
  if (selected.has('lines')) loaders.linesOfOrder.load(id, UPSTREAM_READS.OrderLine.of(selectedFields(info, ['lines']))).catch(ignore);
  if (selected.has('shipments')) loaders.pickingsOfOrder.load(id).catch(ignore);
  if (selected.has('payments')) loaders.paymentsOfOrder.load({ link: String(id) }).catch(ignore);
}

export const erpResolvers = {
  Query: {
    customer(_: unknown, args: { id: string }, { loaders, principal }: GatewayContext, info: GraphQLResolveInfo) {
      const id = decodeId('Customer', args.id);
      assertMayAccessCustomer(principal, id, `customer ${args.id}`);
      return loaders.partner.load(id, readsOf(info, 'Customer'));
    },
    async customers(
      _: unknown,
      args: PageArgs & { search?: string | null },
      { connectors, loaders, ...context }: GatewayContext,
      info: GraphQLResolveInfo,
    ) {
      const page = pageFromArgs(args);
      const search = args.search ?? undefined;
      const scope = customerScopeOf(context.principal);
      const reads = readsOf(info, 'Customer', ...NODES);
      if (scope !== null) {
        // An end user's customer list is their own customer.
        const own = (await loaders.partner.load(scope, reads)) ?? null;
        const visible = own && page.offset === 0 ? [own] : [];
        return toConnection(visible, page, visible.length);
      }
      const partners = await connectors.erp.searchPartners(context, search, { limit: page.first + 1, offset: page.offset }, reads);
      return toConnection(prime(loaders.partner, partners, reads), page, () => connectors.erp.countPartners(context, search));
    },
    async order(_: unknown, args: { id: string }, context: GatewayContext, info: GraphQLResolveInfo) {
      const id = decodeId('Order', args.id);
      prefetchOrderChildren(id, context, info);
      const order = await context.loaders.order.load(id, withPartner(readsOf(info, 'Order')));
      if (order) assertMayAccessCustomer(context.principal, order.partnerId, `order ${args.id}`);
      return order;
    },
    async orders(
      _: unknown,
      args: PageArgs & { customerId?: string | null; status?: string | null },
      { connectors, loaders, ...context }: GatewayContext,
      info: GraphQLResolveInfo,
    ) {
      const page = pageFromArgs(args);
      const requested = args.customerId ? decodeId('Customer', args.customerId, 'customerId') : null;
      const scope = customerScopeOf(context.principal);
      if (requested !== null) assertMayAccessCustomer(context.principal, requested, `customer ${args.customerId}`);
      const partnerId = requested ?? scope;
      const filter = {
        ...(partnerId !== null ? { partnerIds: [partnerId] } : {}),
        ...(args.status ? { state: ODOO_STATE[args.status] } : {}),
      };
      const reads = readsOf(info, 'Order', ...NODES);
      const orders = await connectors.erp.searchOrders(context, filter, { limit: page.first + 1, offset: page.offset }, reads);
      return toConnection(prime(loaders.order, orders, reads), page, () => connectors.erp.countOrders(context, filter));
    },
    product: (_: unknown, args: { id: string }, { loaders }: GatewayContext, info: GraphQLResolveInfo) =>
      loaders.product.load(decodeId('Product', args.id), readsOf(info, 'Product')),
    async products(
      _: unknown,
      args: PageArgs & { search?: string | null },
      { connectors, loaders, ...context }: GatewayContext,
      info: GraphQLResolveInfo,
    ) {
      const page = pageFromArgs(args);
      const search = args.search ?? undefined;
      const reads = readsOf(info, 'Product', ...NODES);
      const products = await connectors.erp.searchProducts(context, search, { limit: page.first + 1, offset: page.offset }, reads);
      return toConnection(prime(loaders.product, products, reads), page, () => connectors.erp.countProducts(context, search));
    },
  },
  Customer: {
    id: (partner: Partner) => encodeId('Customer', partner.id),
    address: (partner: Partner) => ({ street: partner.street, city: partner.city, zip: partner.zip, country: partner.country }),
    // The partner carries its order ids newest first, so only the orders shown are read.
    async orders(partner: Partner, args: { first?: number | null }, { loaders }: GatewayContext, info: GraphQLResolveInfo) {
      const { first } = pageFromArgs(args, 10);
      return present(await loaders.order.loadMany(partner.orderIds.slice(0, first), readsOf(info, 'Order')));
    },
    async invoices(partner: Partner, args: { first?: number | null }, { loaders }: GatewayContext, info: GraphQLResolveInfo) {
      const refs = await loaders.invoiceRefsOfPartner.load(partner.id);
      const shown = args.first == null ? refs : refs.slice(0, pageFromArgs(args).first);
      return present(await loaders.invoice.loadMany(shown.map((ref) => ref.id), readsOf(info, 'Invoice')));
    },
  },
  Product: {
    id: (product: Product) => encodeId('Product', product.id),
    listPrice: (product: Product) => moneyFromMajor(product.listPrice, product.currency),
  },
  Order: {
    id: (order: SaleOrder) => encodeId('Order', order.id),
    reference: (order: SaleOrder) => order.name,
    status: (order: SaleOrder) => ORDER_STATUS[order.state],
    customer: (order: SaleOrder, _: unknown, { loaders }: GatewayContext, info: GraphQLResolveInfo) =>
      order.partnerId === null ? null : loaders.partner.load(order.partnerId, readsOf(info, 'Customer')),
    async lines(order: SaleOrder, _: unknown, { loaders }: GatewayContext, info: GraphQLResolveInfo): Promise<LineInOrder[]> {
      const lines = await loaders.linesOfOrder.load(order.id, readsOf(info, 'OrderLine'));
      return lines.map((line) => ({ ...line, currency: order.currency }));
    },
    subtotal: (order: SaleOrder) => moneyFromMajor(order.amountUntaxed, order.currency),
    tax: (order: SaleOrder) => moneyFromMajor(order.amountTax, order.currency),
    total: (order: SaleOrder) => moneyFromMajor(order.amountTotal, order.currency),
    async invoices(order: SaleOrder, _: unknown, { loaders }: GatewayContext, info: GraphQLResolveInfo) {
      return present(await loaders.invoice.loadMany(order.invoiceIds, readsOf(info, 'Invoice')));
    },
  },
  OrderLine: {
    id: (line: LineInOrder) => encodeId('OrderLine', line.id),
    product: (line: LineInOrder, _: unknown, { loaders }: GatewayContext, info: GraphQLResolveInfo) =>
      line.productId === null ? null : loaders.product.load(line.productId, readsOf(info, 'Product')),
    unitPrice: (line: LineInOrder) => moneyFromMajor(line.priceUnit, line.currency),
    subtotal: (line: LineInOrder) => moneyFromMajor(line.subtotal, line.currency),
    total: (line: LineInOrder) => moneyFromMajor(line.total, line.currency),
  },
  Invoice: {
    id: (invoice: Invoice) => encodeId('Invoice', invoice.id),
    issuedOn: (invoice: Invoice) => invoice.invoiceDate,
    dueOn: (invoice: Invoice) => invoice.dueDate,
    total: (invoice: Invoice) => moneyFromMajor(invoice.amountTotal, invoice.currency),
    amountDue: (invoice: Invoice) => moneyFromMajor(invoice.amountResidual, invoice.currency),
    paymentState: (invoice: Invoice) => PAYMENT_STATE[invoice.paymentState] ?? 'OTHER',
  },
};
