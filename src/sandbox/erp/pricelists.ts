import type { ErpTables } from '../data/erpModels.js';

/** The pricelist in a currency (the sandbox has one public pricelist per currency). */
export function pricelistOfCurrency(tables: ErpTables, code: string): number | undefined {
  const [currency] = tables['res.currency'].lookup('name', code);
  if (!currency) return undefined;
  return tables['product.pricelist'].all().find((pricelist) => pricelist.currency_id === currency.id)?.id;
}

/** Odoo falls back to the first pricelist by sequence when a partner has none of its own. */
export function defaultPricelist(tables: ErpTables): number {
  const [first] = [...tables['product.pricelist'].values()].sort((a, b) => Number(a.sequence) - Number(b.sequence) || a.id - b.id);
  if (!first) throw new Error('The sandbox data has no pricelist');
  return first.id;
}

/** The currency a pricelist sells in, and its rate from EUR (the products' currency). */
export function pricelistCurrency(tables: ErpTables, pricelistId: number): { id: number; rate: number } {
  const currencyId = Number(tables['product.pricelist'].get(pricelistId)?.currency_id);
  return { id: currencyId, rate: Number(tables['res.currency'].get(currencyId)?.rate ?? 1) };
}
