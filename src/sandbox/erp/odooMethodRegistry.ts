import type { ErpModelName } from '../data/erpModels.js';
import type { OdooMethod } from './odooMethods.js';
import { READ_METHODS } from './odooMethods.js';
import { WRITE_METHODS } from './odooWriteMethods.js';
import { PICKING_ACTIONS } from './pickingActions.js';
import { SALE_ORDER_ACTIONS } from './saleOrderActions.js';

const MODEL_METHODS: Partial<Record<ErpModelName, Readonly<Record<string, OdooMethod>>>> = { 'sale.order': SALE_ORDER_ACTIONS, 'stock.picking': PICKING_ACTIONS };

/** The method execute_kw runs; own properties only, so names like `constructor` are not methods. */
export function findMethod(model: ErpModelName, name: string): OdooMethod | undefined {
  for (const table of [MODEL_METHODS[model], READ_METHODS, WRITE_METHODS]) {
    if (table && Object.hasOwn(table, name)) return table[name];
  }
  return undefined;
}
