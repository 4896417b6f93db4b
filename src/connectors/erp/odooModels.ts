import { z } from 'zod';
import type { Invoice, Partner, Picking, Product, SaleOrder, SaleOrderLine, SaleOrderState } from './types.js';

/** Odoo sends `false` for every empty value. */
const text = z.union([z.string(), z.literal(false)]).transform((value) => (value === false ? null : value));
const many2one = z
  .union([z.tuple([z.number(), z.string()]), z.literal(false)])
  .transform((value) => (value === false ? null : { id: value[0], name: value[1] }));
const ids = z.array(z.number());
const number = z.number();
/** A currency many2one's display name is its ISO code (`[1, "EUR"]`). */
const currency = many2one.transform((value) => value?.name ?? 'EUR');

export interface OdooModel<T> {
  readonly name: string;
  readonly fields: readonly string[];
  readonly record: z.ZodType<T>;
  /** Built once: zod compiles a schema's parser on first use. */
  readonly records: z.ZodType<T[]>;
}

function model<S extends z.ZodRawShape, T>(name: string, shape: S, map: (raw: z.infer<z.ZodObject<S>>) => T): OdooModel<T> {
  const record = z.object(shape).transform(map) as unknown as z.ZodType<T>;
  return { name, fields: Object.keys(shape), record, records: z.array(record) };
}

export const partnerModel = model(
  'res.partner',
  {
    id: number,
    name: z.string(),
    email: text,
    phone: text,
    street: text,
    city: text,
    zip: text,
    country_id: many2one,
    vat: text,
    ref: text,
    x_currency: text.optional(),
  },
  (r): Partner => ({
    id: r.id,
    name: r.name,
    email: r.email,
    phone: r.phone,
    street: r.street,
    city: r.city,
    zip: r.zip,
    country: r.country_id?.name ?? null,
    vat: r.vat,
    reference: r.ref,
    currency: r.x_currency ?? 'EUR',
  }),
);

export const productModel = model(
  'product.product',
  { id: number, name: z.string(), default_code: text, list_price: number, currency_id: currency, active: z.boolean() },
  (r): Product => ({
    id: r.id,
    name: r.name,
    sku: r.default_code,
    listPrice: r.list_price,
    currency: r.currency_id,
    active: r.active,
  }),
);

export const saleOrderModel = model(
  'sale.order',
  {
    id: number,
    name: z.string(),
    partner_id: many2one,
    date_order: z.string(),
    state: z.enum(['draft', 'sent', 'sale', 'done', 'cancel']),
    amount_untaxed: number,
    amount_tax: number,
    amount_total: number,
    currency_id: currency,
    order_line: ids,
    invoice_ids: ids,
    picking_ids: ids,
  },
  (r): SaleOrder => ({
    id: r.id,
    name: r.name,
    partnerId: r.partner_id?.id ?? null,
    // Odoo datetimes are UTC without a zone marker.
    orderedAt: `${r.date_order.replace(' ', 'T')}Z`,
    state: r.state as SaleOrderState,
    amountUntaxed: r.amount_untaxed,
    amountTax: r.amount_tax,
    amountTotal: r.amount_total,
    currency: r.currency_id,
    lineIds: r.order_line,
    invoiceIds: r.invoice_ids,
    pickingIds: r.picking_ids,
  }),
);

export const saleOrderLineModel = model(
  'sale.order.line',
  {
    id: number,
    order_id: many2one,
    product_id: many2one,
    name: z.string(),
    product_uom_qty: number,
    price_unit: number,
    price_subtotal: number,
    price_total: number,
  },
  (r): SaleOrderLine => ({
    id: r.id,
    orderId: r.order_id?.id ?? 0,
    productId: r.product_id?.id ?? null,
    description: r.name,
    quantity: r.product_uom_qty,
    priceUnit: r.price_unit,
    subtotal: r.price_subtotal,
    total: r.price_total,
  }),
);

export const invoiceModel = model(
  'account.move',
  {
    id: number,
    name: z.string(),
    partner_id: many2one,
    invoice_origin: text,
    invoice_date: text,
    invoice_date_due: text,
    amount_total: number,
    amount_residual: number,
    payment_state: z.string(),
    state: z.string(),
    currency_id: currency,
  },
  (r): Invoice => ({
    id: r.id,
    number: r.name,
    partnerId: r.partner_id?.id ?? null,
    origin: r.invoice_origin,
    invoiceDate: r.invoice_date,
    dueDate: r.invoice_date_due,
    amountTotal: r.amount_total,
    amountResidual: r.amount_residual,
    paymentState: r.payment_state,
    state: r.state,
    currency: r.currency_id,
  }),
);

export const pickingModel = model(
  'stock.picking',
  { id: number, name: z.string(), sale_id: many2one, carrier_tracking_ref: text, state: z.string() },
  (r): Picking => ({
    id: r.id,
    name: r.name,
    orderId: r.sale_id?.id ?? null,
    trackingCode: r.carrier_tracking_ref,
    state: r.state,
  }),
);
