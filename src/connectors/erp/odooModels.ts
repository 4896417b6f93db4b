import { z } from 'zod';
import { attribute as a, recordShape, type Attributes, type RecordShape } from '../core/recordShape.js';
import type { Invoice, Partner, Picking, Product, SaleOrder, SaleOrderLine, SaleOrderState } from './types.js';

/** Odoo sends `false` for every empty value. */
const text = z.union([z.string(), z.literal(false)]).transform((value) => (value === false ? null : value));
const many2one = z
  .union([z.tuple([z.number(), z.string()]), z.literal(false)])
  .transform((value) => (value === false ? null : { id: value[0], name: value[1] }));
const many2oneId = many2one.transform((value) => value?.id ?? null);
const ids = z.array(z.number());
const number = z.number();
/** A currency many2one's display name is its ISO code (`[1, "EUR"]`). */
const currency = many2one.transform((value) => value?.name ?? 'EUR');
/** Odoo datetimes are UTC without a zone marker. */
const datetime = z.string().transform((value) => `${value.replace(' ', 'T')}Z`);

/** An Odoo model and how its fields become a domain record's attributes; `fields` on every read come from it. */
export interface OdooModel<T> {
  readonly name: string;
  readonly shape: RecordShape<T>;
}

const model = <T>(name: string, attributes: Attributes<T>, onlyWhenAsked: readonly (keyof T & string)[] = []): OdooModel<T> => ({
  name,
  shape: recordShape(attributes, { always: ['id' as keyof T & string], onlyWhenAsked }),
});

export const partnerModel = model<Partner>('res.partner', {
  id: a('id', number),
  name: a('name', z.string()),
  email: a('email', text),
  phone: a('phone', text),
  street: a('street', text),
  city: a('city', text),
  zip: a('zip', text),
  country: a('country_id', many2one.transform((value) => value?.name ?? null)),
  vat: a('vat', text),
  reference: a('ref', text),
  currency: a('x_currency', text.optional().transform((value) => value ?? 'EUR')),
  // Odoo's inverse of sale.order.partner_id, in sale.order's own order (newest first).
  orderIds: a('sale_order_ids', ids),
  // Odoo 17's Peppol module (account_peppol): read only for e-invoicing, so an Odoo without it answers every other read.
  peppolScheme: a('peppol_eas', text.optional().transform((value) => value ?? null)),
  peppolId: a('peppol_endpoint', text.optional().transform((value) => value ?? null)),
}, ['peppolScheme', 'peppolId']);

export const productModel = model<Product>('product.product', {
  id: a('id', number),
  name: a('name', z.string()),
  sku: a('default_code', text),
  listPrice: a('list_price', number),
  currency: a('currency_id', currency),
  active: a('active', z.boolean()),
});

export const saleOrderModel = model<SaleOrder>('sale.order', {
  id: a('id', number),
  name: a('name', z.string()),
  partnerId: a('partner_id', many2oneId),
  orderedAt: a('date_order', datetime),
  state: a('state', z.enum(['draft', 'sent', 'sale', 'done', 'cancel']) as z.ZodType<SaleOrderState>),
  amountUntaxed: a('amount_untaxed', number),
  amountTax: a('amount_tax', number),
  amountTotal: a('amount_total', number),
  currency: a('currency_id', currency),
  lineIds: a('order_line', ids),
  invoiceIds: a('invoice_ids', ids),
  pickingIds: a('picking_ids', ids),
});

export const saleOrderLineModel = model<SaleOrderLine>('sale.order.line', {
  id: a('id', number),
  orderId: a('order_id', many2oneId.transform((value) => value ?? 0)),
  productId: a('product_id', many2oneId),
  description: a('name', z.string()),
  quantity: a('product_uom_qty', number),
  priceUnit: a('price_unit', number),
  subtotal: a('price_subtotal', number),
  total: a('price_total', number),
});

export const invoiceModel = model<Invoice>('account.move', {
  id: a('id', number),
  number: a('name', z.string()),
  partnerId: a('partner_id', many2oneId),
  origin: a('invoice_origin', text),
  invoiceDate: a('invoice_date', text),
  dueDate: a('invoice_date_due', text),
  amountTotal: a('amount_total', number),
  amountResidual: a('amount_residual', number),
  paymentState: a('payment_state', z.string()),
  state: a('state', z.string()),
  currency: a('currency_id', currency),
});

export const pickingModel = model<Picking>('stock.picking', {
  id: a('id', number),
  name: a('name', z.string()),
  orderId: a('sale_id', many2oneId),
  trackingCode: a('carrier_tracking_ref', text),
  state: a('state', z.string()),
});
