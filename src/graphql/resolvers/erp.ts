import type DataLoader from 'dataloader';
import type { Invoice, Partner, Product, SaleOrder, SaleOrderLine, SaleOrderState } from '../../connectors/erp/types.js';
import type { GatewayContext } from '../context.js';
import { pageFromArgs, toConnection } from '../connection.js';
import { assertMayAccessCustomer, customerScopeOf } from '../authorization.js';
import { decodeId, encodeId } from '../ids.js';
import { moneyFromMajor } from '../money.js';

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
function prime<T extends { id: number }>(loader: DataLoader<number, T | null>, records: readonly T[]): T[] {
  for (const record of records) loader.prime(record.id, record);
  return [...records];
}

export const erpResolvers = {
  Query: {
    customer(_: unknown, args: { id: string }, { loaders, principal }: GatewayContext) {
      const id = decodeId('Customer', args.id);
      assertMayAccessCustomer(principal, id, `customer ${args.id}`);
      return loaders.partner.load(id);
    },
    async customers(_: unknown, args: PageArgs & { search?: string | null }, { connectors, loaders, ...context }: GatewayContext) {
      const page = pageFromArgs(args);
      const search = args.search ?? undefined;
      const scope = customerScopeOf(context.principal);
      if (scope !== null) {
        // An end user's customer list is their own customer.
        const own = (await loaders.partner.load(scope)) ?? null;
        const visible = own && page.offset === 0 ? [own] : [];
        return toConnection(visible, page, visible.length);
      }
      const partners = await connectors.erp.searchPartners(context, search, { limit: page.first + 1, offset: page.offset });
      return toConnection(prime(loaders.partner, partners), page, () => connectors.erp.countPartners(context, search));
    },
    async order(_: unknown, args: { id: string }, { loaders, principal }: GatewayContext) {
      const order = await loaders.order.load(decodeId('Order', args.id));
      if (order) assertMayAccessCustomer(principal, order.partnerId, `order ${args.id}`);
      return order;
    },
    async orders(
      _: unknown,
      args: PageArgs & { customerId?: string | null; status?: string | null },
      { connectors, loaders, ...context }: GatewayContext,
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
      const orders = await connectors.erp.searchOrders(context, filter, { limit: page.first + 1, offset: page.offset });
      return toConnection(prime(loaders.order, orders), page, () => connectors.erp.countOrders(context, filter));
    },
    product: (_: unknown, args: { id: string }, { loaders }: GatewayContext) => loaders.product.load(decodeId('Product', args.id)),
    async products(_: unknown, args: PageArgs & { search?: string | null }, { connectors, loaders, ...context }: GatewayContext) {
      const page = pageFromArgs(args);
      const search = args.search ?? undefined;
      const products = await connectors.erp.searchProducts(context, search, { limit: page.first + 1, offset: page.offset });
      return toConnection(prime(loaders.product, products), page, () => connectors.erp.countProducts(context, search));
    },
  },
  Customer: {
    id: (partner: Partner) => encodeId('Customer', partner.id),
    address: (partner: Partner) => ({ street: partner.street, city: partner.city, zip: partner.zip, country: partner.country }),
    async orders(partner: Partner, args: { first?: number | null }, { loaders }: GatewayContext) {
      const { first } = pageFromArgs(args, 10);
      return prime(loaders.order, await loaders.ordersOfPartner.load(partner.id)).slice(0, first);
    },
    async invoices(partner: Partner, _: unknown, { loaders }: GatewayContext) {
      return prime(loaders.invoice, await loaders.invoicesOfPartner.load(partner.id));
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
    customer: (order: SaleOrder, _: unknown, { loaders }: GatewayContext) =>
      order.partnerId === null ? null : loaders.partner.load(order.partnerId),
    async lines(order: SaleOrder, _: unknown, { loaders }: GatewayContext): Promise<LineInOrder[]> {
      const lines = await loaders.linesOfOrder.load(order.id);
      return lines.map((line) => ({ ...line, currency: order.currency }));
    },
    subtotal: (order: SaleOrder) => moneyFromMajor(order.amountUntaxed, order.currency),
    tax: (order: SaleOrder) => moneyFromMajor(order.amountTax, order.currency),
    total: (order: SaleOrder) => moneyFromMajor(order.amountTotal, order.currency),
    async invoices(order: SaleOrder, _: unknown, { loaders }: GatewayContext) {
      const invoices = await loaders.invoice.loadMany(order.invoiceIds);
      return invoices.filter((invoice): invoice is Invoice => invoice !== null && !(invoice instanceof Error));
    },
  },
  OrderLine: {
    id: (line: LineInOrder) => encodeId('OrderLine', line.id),
    product: (line: LineInOrder, _: unknown, { loaders }: GatewayContext) =>
      line.productId === null ? null : loaders.product.load(line.productId),
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
