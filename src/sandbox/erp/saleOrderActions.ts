import type { OdooRecord } from '../data/erpModels.js';
import { buildInvoice, buildPicking, invoiceLine, invoiceName, trackingCode } from '../data/fulfilment.js';
import { nextSerial } from '../data/ids.js';
import { DAY_MS, odooDatetime } from '../data/time.js';
import { bindArguments } from './bindArguments.js';
import { typeError, userError } from './OdooError.js';
import type { MethodCall, OdooMethod } from './odooMethods.js';
import { checkExist, recordIds } from './odooMethods.js';
import type { WriteContext } from './odooValues.js';
import { writeContext } from './odooWriteMethods.js';
import { orderAmounts, syncLines } from './orderLines.js';

function targetOrders(call: MethodCall, method: string): { context: WriteContext; orders: OdooRecord[] } {
  const bound = bindArguments(method, ['ids'], call.args, call.kwargs);
  if (bound.ids === undefined) throw typeError(`${method}() missing 1 required positional argument: 'self'`);
  const ids = recordIds(bound.ids);
  checkExist(call, ids);
  return { context: writeContext(call), orders: ids.map((id) => call.context.tables['sale.order'].get(id) as OdooRecord) };
}

/** Invoices are numbered per year, INV/2026/00001 onwards. */
function nextInvoiceSequence(context: WriteContext, year: number): number {
  const prefix = `INV/${year}/`;
  let last = 0;
  for (const move of context.tables['account.move'].values()) {
    if (typeof move.name === 'string' && move.name.startsWith(prefix)) last = Math.max(last, Number(move.name.slice(prefix.length)));
  }
  return last + 1;
}

/**
 * The sandbox's company invoices on confirmation and ships from stock, so confirming posts the
 * invoice (as every seeded confirmed order has one, with a line per order line) and reserves a
 * delivery with a tracking code.
 */
function confirm(context: WriteContext, order: OdooRecord): void {
  const { tables, now } = context;
  const lineIds = order.order_line as number[];
  const { untaxedCents, taxCents } = orderAmounts(context, lineIds);
  const year = new Date(now).getUTCFullYear();
  const invoiceId = nextSerial(tables['account.move']);
  const stamp = odooDatetime(now);
  const invoiceLineIds = lineIds.map((lineId) => {
    const line = invoiceLine(nextSerial(tables['account.move.line']), invoiceId, tables['sale.order.line'].get(lineId) as OdooRecord, stamp);
    return tables['account.move.line'].put(line).id;
  });
  tables['account.move'].put(buildInvoice({
    id: invoiceId, name: invoiceName(year, nextInvoiceSequence(context, year)), partnerId: Number(order.partner_id),
    origin: String(order.name), ref: typeof order.client_order_ref === 'string' ? order.client_order_ref : false,
    dateMs: now, untaxedCents, taxCents, currencyId: Number(order.currency_id), lineIds: invoiceLineIds,
  }));
  const pickingId = nextSerial(tables['stock.picking']);
  tables['stock.picking'].put(buildPicking({
    id: pickingId, createdMs: now, updatedMs: now, origin: String(order.name), saleId: order.id,
    partnerId: Number(order.partner_id), trackingRef: trackingCode('pre_transit', pickingId), state: 'assigned',
    scheduledMs: now + DAY_MS, doneMs: null,
  }));
  tables['sale.order'].put({
    ...order, state: 'sale', date_order: stamp, write_date: stamp, invoice_status: 'invoiced',
    invoice_ids: [...(order.invoice_ids as number[]), invoiceId], picking_ids: [...(order.picking_ids as number[]), pickingId],
  });
  syncLines(context, lineIds, { currencyId: Number(order.currency_id), state: 'sale' });
}

/** Cancels the order with what it set in motion: its unpaid invoices and its deliveries not yet shipped. */
function cancel(context: WriteContext, order: OdooRecord): void {
  const { tables } = context;
  const stamp = odooDatetime(context.now);
  for (const id of order.invoice_ids as number[]) {
    const invoice = tables['account.move'].get(id);
    if (invoice && invoice.payment_state !== 'paid') tables['account.move'].put({ ...invoice, state: 'cancel', write_date: stamp });
  }
  for (const id of order.picking_ids as number[]) {
    const picking = tables['stock.picking'].get(id);
    if (picking && picking.state !== 'done') tables['stock.picking'].put({ ...picking, state: 'cancel', write_date: stamp });
  }
  tables['sale.order'].put({ ...order, state: 'cancel', invoice_status: 'no', write_date: stamp });
  syncLines(context, order.order_line as number[], { currencyId: Number(order.currency_id), state: 'cancel' });
}

/** sale.order's workflow buttons, callable through execute_kw as in Odoo 17. */
export const SALE_ORDER_ACTIONS: Readonly<Record<string, OdooMethod>> = {
  action_confirm(call) {
    const { context, orders } = targetOrders(call, 'action_confirm');
    if (orders.some((order) => order.state !== 'draft' && order.state !== 'sent')) {
      throw userError('Some orders are not in a state requiring confirmation.');
    }
    for (const order of orders) confirm(context, order);
    return true;
  },
  action_cancel(call) {
    const { context, orders } = targetOrders(call, 'action_cancel');
    if (orders.some((order) => order.state === 'done')) throw userError('You cannot cancel a locked order. Please unlock it first.');
    for (const order of orders) cancel(context, order);
    return true;
  },
};
