/** The sandbox's one sales tax. */
export const TAX_RATE = 0.2;

export interface LineAmounts {
  subtotalCents: number;
  taxCents: number;
}

/** Odoo's default tax rounding is per line, so an order's tax is the sum of rounded line taxes. */
export function lineAmounts(unitCents: number, quantity: number, discountPercent = 0): LineAmounts {
  const subtotalCents = Math.round(unitCents * quantity * (1 - discountPercent / 100));
  return { subtotalCents, taxCents: Math.round(subtotalCents * TAX_RATE) };
}

/** Products are priced in EUR; the public pricelists convert at the currency's rate. */
export function unitPriceCents(listPriceCents: number, rate: number): number {
  return Math.round(listPriceCents * rate);
}

/** Odoo's default sale.order sequence; the sandbox numbers orders by id, so names sort like ids. */
export function orderName(id: number): string {
  return `S${String(id).padStart(5, '0')}`;
}
