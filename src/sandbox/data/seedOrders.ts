import type { Prng } from '../prng.js';
import type { ErpTables, OdooRecord } from './erpModels.js';
import type { Catalog, CurrencyCode } from './seedCatalog.js';
import { buildInvoice, invoiceLine, invoiceName } from './fulfilment.js';
import { lineAmounts, orderName, unitPriceCents } from './saleOrderRules.js';
import type { Customer } from './seedCustomers.js';
import { DAY_MS, HOUR_MS, SEED_EPOCH_MS, odooDatetime } from './time.js';

export const ORDER_COUNT = 5000;

export type OrderState = 'draft' | 'sale' | 'done' | 'cancel';

/** What the payment and shipping generators need to know about an order. */
export interface OrderSummary {
  id: number;
  name: string;
  customer: Customer;
  state: OrderState;
  dateMs: number;
  currency: CurrencyCode;
  totalCents: number;
  invoiceId: number | null;
}

export function isConfirmed(order: OrderSummary): boolean {
  return order.state === 'sale' || order.state === 'done';
}

/** Each customer gets at least one order; the rest are spread at random (10 on average). */
function assignCustomers(customers: readonly Customer[], prng: Prng): Customer[] {
  const assigned = [...customers];
  while (assigned.length < ORDER_COUNT) assigned.push(prng.pick(customers));
  return prng.shuffle(assigned);
}

export function seedOrders(erp: ErpTables, catalog: Catalog, customers: readonly Customer[], prng: Prng): OrderSummary[] {
  const owners = assignCustomers(customers, prng);
  const spanMs = 365 * DAY_MS;
  const stepMs = Math.floor(spanMs / ORDER_COUNT);
  const start = SEED_EPOCH_MS - spanMs;
  const invoiceCounters = new Map<string, number>();
  const orders: OrderSummary[] = [];
  let lineId = 0;
  let invoiceId = 0;
  let invoiceLineId = 0;

  for (let index = 0; index < ORDER_COUNT; index++) {
    const id = index + 1;
    const name = orderName(id);
    const customer = owners[index] as Customer;
    // Strictly increasing dates, so order names sort like dates (as Odoo's sequence does).
    const dateMs = start + index * stepMs + prng.int(0, Math.floor(stepMs / 2000)) * 1000;
    const state = prng.weighted<OrderState>({ sale: 68, done: 17, draft: 8, cancel: 7 });
    const currencyId = catalog.currencyIds[customer.currency];
    const rate = catalog.rates[customer.currency];
    const created = odooDatetime(dateMs);

    const lines: OdooRecord[] = [];
    let untaxedCents = 0;
    let taxCents = 0;
    const products = prng.sample(catalog.products, prng.int(1, 4));
    products.forEach((product, position) => {
      const quantity = prng.chance(0.1) ? 10 : prng.int(1, 5);
      const unitCents = unitPriceCents(product.listPriceCents, rate);
      const { subtotalCents, taxCents: lineTaxCents } = lineAmounts(unitCents, quantity);
      untaxedCents += subtotalCents;
      taxCents += lineTaxCents;
      lines.push(erp['sale.order.line'].put({
        id: ++lineId, create_date: created, write_date: created,
        order_id: id, sequence: 10 * (position + 1), product_id: product.id, name: product.displayName,
        product_uom_qty: quantity, price_unit: unitCents / 100, discount: 0,
        price_subtotal: subtotalCents / 100, price_tax: lineTaxCents / 100,
        price_total: (subtotalCents + lineTaxCents) / 100, currency_id: currencyId, state,
      }));
    });

    const totalCents = untaxedCents + taxCents;
    const summary: OrderSummary = { id, name, customer, state, dateMs, currency: customer.currency, totalCents, invoiceId: null };
    let invoiceMs: number | undefined;
    if (isConfirmed(summary)) invoiceMs = Math.min(dateMs + prng.int(0, 2) * DAY_MS, Math.max(dateMs, SEED_EPOCH_MS - HOUR_MS));
    const clientOrderRef = prng.chance(0.3) ? `PO-${prng.chars(6, '0123456789')}` : false;
    if (invoiceMs !== undefined) {
      const year = new Date(invoiceMs).getUTCFullYear();
      const sequence = (invoiceCounters.get(String(year)) ?? 0) + 1;
      invoiceCounters.set(String(year), sequence);
      const moveId = ++invoiceId;
      summary.invoiceId = moveId;
      const stamp = odooDatetime(invoiceMs);
      const lineIds = lines.map((line) => erp['account.move.line'].put(invoiceLine(++invoiceLineId, moveId, line, stamp)).id);
      // Left unpaid here: the payments generator settles it once it knows whether the charge succeeded.
      erp['account.move'].put(buildInvoice({
        id: moveId, name: invoiceName(year, sequence), partnerId: customer.partnerId, origin: name, ref: clientOrderRef,
        dateMs: invoiceMs, untaxedCents, taxCents, currencyId, lineIds,
      }));
    }

    erp['sale.order'].put({
      id, create_date: created, write_date: created, name, partner_id: customer.partnerId, date_order: created, state,
      amount_untaxed: untaxedCents / 100, amount_tax: taxCents / 100, amount_total: totalCents / 100,
      currency_id: currencyId, pricelist_id: catalog.pricelistIds[customer.currency], order_line: lines.map((line) => line.id),
      invoice_ids: summary.invoiceId === null ? [] : [summary.invoiceId], picking_ids: [],
      invoice_status: summary.invoiceId === null ? 'no' : 'invoiced', client_order_ref: clientOrderRef, note: false,
    });
    orders.push(summary);
  }
  return orders;
}
