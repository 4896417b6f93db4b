import type { OdooRecord, OdooValue } from '../data/erpModels.js';
import { nextSerial } from '../data/ids.js';
import { lineAmounts, unitPriceCents } from '../data/saleOrderRules.js';
import { odooDatetime } from '../data/time.js';
import { missingError, pyRepr, validationError, valueError } from './OdooError.js';
import { createDomainContext } from './odooRecords.js';
import type { WriteContext } from './odooValues.js';
import { convertVals } from './odooValues.js';
import { isRecord } from '../server/requestBody.js';

const WRITABLE = ['product_id', 'product_uom_qty', 'price_unit', 'discount', 'name', 'sequence'] as const;

type LineValues = Record<string, OdooValue>;

export type LineCommand =
  | { kind: 'create'; values: LineValues }
  | { kind: 'update'; id: number; values: LineValues }
  | { kind: 'delete'; id: number }
  | { kind: 'clear' };

/** What a line takes from its order. */
export interface LineOrder {
  id: number;
  currencyId: number;
  rate: number;
  state: string;
}

/** sale.order.line's SQL constraint `accountable_required_fields`, as Odoo reports it. */
const MISSING_PRODUCT = 'The operation cannot be completed: Missing required fields on accountable sale order line.';

function lineValues(context: WriteContext, vals: unknown, creating: boolean): LineValues {
  if (!isRecord(vals)) throw valueError(`Wrong value for sale.order.line: ${pyRepr(vals)}`);
  const values = convertVals(context, 'sale.order.line', vals, WRITABLE);
  if ((creating && !values.product_id) || values.product_id === false) throw validationError(MISSING_PRODUCT);
  if (typeof values.product_uom_qty === 'number' && values.product_uom_qty < 0) {
    // Stock Odoo accepts negative quantities (returns); this company's rule refuses them on sales.
    throw validationError(`The quantity of a sales order line cannot be negative (got ${values.product_uom_qty}).`);
  }
  return values;
}

/**
 * Odoo's x2many commands for `order_line`: [0, 0, vals] creates, [1, id, vals] updates,
 * [2, id] and [3, id] delete (a line cannot exist without its order) and [5] clears.
 */
export function parseLineCommands(context: WriteContext, commands: unknown, lineIds: readonly number[]): LineCommand[] {
  if (!Array.isArray(commands)) throw valueError(`Wrong value for sale.order.order_line: ${pyRepr(commands)}`);
  const owned = (id: unknown): number => {
    if (typeof id !== 'number' || !lineIds.includes(id)) throw missingError('sale.order.line', [Number(id)], context.uid);
    return id;
  };
  return commands.map((command): LineCommand => {
    if (!Array.isArray(command)) throw valueError(`Wrong value for sale.order.order_line: ${pyRepr(command)}`);
    const [code, id, vals] = command as unknown[];
    switch (code) {
      case 0: return { kind: 'create', values: lineValues(context, vals, true) };
      case 1: return { kind: 'update', id: owned(id), values: lineValues(context, vals, false) };
      case 2:
      case 3: return { kind: 'delete', id: owned(id) };
      case 5: return { kind: 'clear' };
      default: throw valueError(`Unsupported command ${pyRepr(code)} for sale.order.order_line: the sandbox implements 0, 1, 2, 3 and 5.`);
    }
  });
}

/** A line with its derived fields: the product's name and price in the order currency unless given, and the amounts. */
function buildLine(context: WriteContext, order: LineOrder, id: number, position: number, previous: OdooRecord | undefined, values: LineValues): OdooRecord {
  const productId = Number(values.product_id ?? previous?.product_id);
  const product = context.tables['product.product'].get(productId) as OdooRecord;
  const productChanged = previous === undefined || productId !== previous.product_id;
  const priceUnit = Number(values.price_unit ?? (productChanged
    ? unitPriceCents(Math.round(Number(product.list_price) * 100), order.rate) / 100
    : previous.price_unit));
  const quantity = Number(values.product_uom_qty ?? previous?.product_uom_qty ?? 1);
  const discount = Number(values.discount ?? previous?.discount ?? 0);
  const { subtotalCents, taxCents } = lineAmounts(Math.round(priceUnit * 100), quantity, discount);
  const stamp = odooDatetime(context.now);
  return {
    id, create_date: previous?.create_date ?? stamp, write_date: stamp, order_id: order.id,
    sequence: Number(values.sequence ?? previous?.sequence ?? 10 * (position + 1)), product_id: productId,
    name: values.name ?? (productChanged ? createDomainContext(context.tables).displayName('product.product', product) : previous.name ?? false),
    product_uom_qty: quantity, price_unit: priceUnit, discount, price_subtotal: subtotalCents / 100, price_tax: taxCents / 100,
    price_total: (subtotalCents + taxCents) / 100, currency_id: order.currencyId, state: order.state,
  };
}

/** Runs parsed commands against an order's lines; returns the order's line ids afterwards. */
export function applyLineCommands(context: WriteContext, order: LineOrder, lineIds: readonly number[], commands: readonly LineCommand[]): number[] {
  const table = context.tables['sale.order.line'];
  let ids = [...lineIds];
  for (const command of commands) {
    if (command.kind === 'create') {
      const id = nextSerial(table);
      table.put(buildLine(context, order, id, ids.length, undefined, command.values));
      ids.push(id);
    } else if (command.kind === 'update') {
      table.put(buildLine(context, order, command.id, ids.indexOf(command.id), table.get(command.id), command.values));
    } else {
      const removed = command.kind === 'clear' ? ids : [command.id];
      for (const id of removed) table.delete(id);
      ids = ids.filter((id) => !removed.includes(id));
    }
  }
  return ids;
}

/** Lines follow their order's currency and state (related fields in Odoo). */
export function syncLines(context: WriteContext, lineIds: readonly number[], order: Pick<LineOrder, 'currencyId' | 'state'>): void {
  const table = context.tables['sale.order.line'];
  for (const id of lineIds) {
    const line = table.get(id);
    if (line && (line.currency_id !== order.currencyId || line.state !== order.state)) {
      table.put({ ...line, currency_id: order.currencyId, state: order.state });
    }
  }
}

/** The order's amounts, summed in cents from its lines so they match the lines to the cent. */
export function orderAmounts(context: WriteContext, lineIds: readonly number[]): { untaxedCents: number; taxCents: number } {
  let untaxedCents = 0;
  let taxCents = 0;
  for (const id of lineIds) {
    const line = context.tables['sale.order.line'].get(id);
    untaxedCents += Math.round(Number(line?.price_subtotal ?? 0) * 100);
    taxCents += Math.round(Number(line?.price_tax ?? 0) * 100);
  }
  return { untaxedCents, taxCents };
}
