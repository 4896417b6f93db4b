import type { OdooRecord, OdooValue } from '../data/erpModels.js';
import { nextSerial } from '../data/ids.js';
import { orderName } from '../data/saleOrderRules.js';
import { odooDatetime } from '../data/time.js';
import type { ModelWriter } from './ModelWriter.js';
import { userError } from './OdooError.js';
import type { LineCommand } from './orderLines.js';
import { applyLineCommands, orderAmounts, parseLineCommands, syncLines } from './orderLines.js';
import type { WriteContext } from './odooValues.js';
import { convertVals, requiredFieldError } from './odooValues.js';
import { defaultPricelist, pricelistCurrency } from './pricelists.js';

const WRITABLE = ['partner_id', 'pricelist_id', 'client_order_ref', 'note', 'date_order'] as const;
const CONFIRMED = new Set(['sale', 'done']);

/** A quotation's pricelist follows its customer's unless one is given (Odoo's _compute_pricelist_id). */
function partnerPricelist(context: WriteContext, partnerId: number): number {
  const pricelist = context.tables['res.partner'].get(partnerId)?.property_product_pricelist;
  return typeof pricelist === 'number' ? pricelist : defaultPricelist(context.tables);
}

/** Recomputes what derives from the lines and the pricelist, then stores the order. */
function storeOrder(context: WriteContext, order: OdooRecord, commands: readonly LineCommand[]): void {
  // Odoo leaves pricelist_id optional; an order without one sells in the default pricelist's currency.
  const pricelistId = typeof order.pricelist_id === 'number' ? order.pricelist_id : defaultPricelist(context.tables);
  const currency = pricelistCurrency(context.tables, pricelistId);
  const state = String(order.state);
  const lineIds = applyLineCommands(context, { id: order.id, currencyId: currency.id, rate: currency.rate, state }, order.order_line as number[], commands);
  syncLines(context, lineIds, { currencyId: currency.id, state });
  const { untaxedCents, taxCents } = orderAmounts(context, lineIds);
  context.tables['sale.order'].put({
    ...order, write_date: odooDatetime(context.now), currency_id: currency.id, order_line: lineIds,
    amount_untaxed: untaxedCents / 100, amount_tax: taxCents / 100, amount_total: (untaxedCents + taxCents) / 100,
  });
}

export const saleOrderWriter: ModelWriter = {
  prepareCreate(context, vals) {
    const values = convertVals(context, 'sale.order', vals, WRITABLE);
    if (!values.partner_id) throw requiredFieldError('sale.order', 'partner_id');
    const commands = parseLineCommands(context, vals.order_line ?? [], []);
    return () => {
      const id = nextSerial(context.tables['sale.order']);
      const stamp = odooDatetime(context.now);
      const order: OdooRecord = {
        id, create_date: stamp, write_date: stamp, name: orderName(id), partner_id: values.partner_id as number,
        date_order: stamp, state: 'draft', amount_untaxed: 0, amount_tax: 0, amount_total: 0, currency_id: false,
        pricelist_id: partnerPricelist(context, values.partner_id as number), order_line: [], invoice_ids: [], picking_ids: [],
        invoice_status: 'no', client_order_ref: false, note: false,
        ...values,
      };
      storeOrder(context, order, commands);
      return id;
    };
  },

  prepareWrite(context, ids, vals) {
    const values: Record<string, OdooValue> = convertVals(context, 'sale.order', vals, WRITABLE);
    if ('partner_id' in values && !values.partner_id) throw requiredFieldError('sale.order', 'partner_id');
    const orders = ids.map((id) => context.tables['sale.order'].get(id) as OdooRecord);
    if ('pricelist_id' in values && orders.some((order) => CONFIRMED.has(String(order.state)))) {
      throw userError('You cannot change the pricelist of a confirmed order !');
    }
    const commands = orders.map((order) => ('order_line' in vals ? parseLineCommands(context, vals.order_line, order.order_line as number[]) : []));
    return () => {
      orders.forEach((order, index) => {
        const repriced: Record<string, OdooValue> = typeof values.partner_id === 'number' && !('pricelist_id' in values) && !CONFIRMED.has(String(order.state))
          ? { pricelist_id: partnerPricelist(context, values.partner_id) }
          : {};
        storeOrder(context, { ...order, ...values, ...repriced, id: order.id }, commands[index] ?? []);
      });
    };
  },
};
