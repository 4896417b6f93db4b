import type { OdooRecord } from './erpModels.js';
import { SETUP_IDS } from './setupIds.js';
import { DAY_MS, odooDate, odooDatetime } from './time.js';
import type { TrackerStatus } from './SandboxData.js';

export type CodedStatus = Exclude<TrackerStatus, 'cancelled' | 'error'>;

/** EasyPost's test tracking codes encode the outcome in their first digit (EZ1… pre_transit, EZ4… delivered). */
export const CODE_DIGIT: Readonly<Record<CodedStatus, number>> = {
  pre_transit: 1, in_transit: 2, out_for_delivery: 3, delivered: 4, return_to_sender: 5, failure: 6, unknown: 7,
  available_for_pickup: 8,
};

/** A picking's tracking code: unique because it embeds the picking id. */
export function trackingCode(status: CodedStatus, pickingId: number): string {
  return `EZ${CODE_DIGIT[status]}${String(pickingId).padStart(9, '0')}`;
}

export function invoiceName(year: number, sequence: number): string {
  return `INV/${year}/${String(sequence).padStart(5, '0')}`;
}

export interface InvoiceInput {
  id: number;
  name: string;
  partnerId: number;
  origin: string;
  ref: string | false;
  dateMs: number;
  untaxedCents: number;
  taxCents: number;
  currencyId: number;
  /** Its account.move.line rows, built with invoiceLine. */
  lineIds: number[];
}

/**
 * A posted customer invoice for a confirmed order, on 30 days and not paid yet, to be paid into the
 * company's bank account. Its amounts are its lines' sums, as Odoo computes them.
 */
export function buildInvoice(input: InvoiceInput): OdooRecord {
  const totalCents = input.untaxedCents + input.taxCents;
  return {
    id: input.id, create_date: odooDatetime(input.dateMs), write_date: odooDatetime(input.dateMs),
    name: input.name, move_type: 'out_invoice', partner_id: input.partnerId, invoice_origin: input.origin, ref: input.ref,
    date: odooDate(input.dateMs), invoice_date: odooDate(input.dateMs), invoice_date_due: odooDate(input.dateMs + 30 * DAY_MS),
    amount_untaxed: input.untaxedCents / 100, amount_tax: input.taxCents / 100, amount_total: totalCents / 100,
    amount_residual: totalCents / 100, payment_state: 'not_paid', state: 'posted', currency_id: input.currencyId,
    payment_reference: input.name, invoice_line_ids: input.lineIds, invoice_payment_term_id: SETUP_IDS.paymentTerm30Days,
    company_id: SETUP_IDS.company, partner_bank_id: SETUP_IDS.companyBank, reversed_entry_id: false,
  };
}

/** What an invoice line takes over from the sale order line it bills. */
const BILLED_FIELDS = ['sequence', 'name', 'product_id', 'price_unit', 'discount', 'price_subtotal', 'price_total', 'currency_id'] as const;

/** An invoice line billing one sale order line: the same product, quantity, price and amounts, taxed by the sales tax. */
export function invoiceLine(id: number, moveId: number, orderLine: OdooRecord, stamp: string): OdooRecord {
  return {
    id, create_date: stamp, write_date: stamp, move_id: moveId,
    ...Object.fromEntries(BILLED_FIELDS.map((field) => [field, orderLine[field] ?? false])),
    product_uom_id: SETUP_IDS.unitUom, quantity: orderLine.product_uom_qty ?? 0, tax_ids: [SETUP_IDS.saleTax],
    display_type: 'product', sale_line_ids: [orderLine.id],
  };
}

export interface PickingInput {
  id: number;
  createdMs: number;
  updatedMs: number;
  origin: string;
  saleId: number;
  partnerId: number;
  trackingRef: string;
  state: 'assigned' | 'done';
  scheduledMs: number;
  doneMs: number | null;
}

/** An outgoing delivery order (WH/OUT/nnnnn) for a sale order. */
export function buildPicking(input: PickingInput): OdooRecord {
  return {
    id: input.id, create_date: odooDatetime(input.createdMs), write_date: odooDatetime(input.updatedMs),
    name: `WH/OUT/${String(input.id).padStart(5, '0')}`, origin: input.origin, sale_id: input.saleId,
    partner_id: input.partnerId, carrier_tracking_ref: input.trackingRef, state: input.state,
    scheduled_date: odooDatetime(input.scheduledMs), date_done: input.doneMs === null ? false : odooDatetime(input.doneMs),
    picking_type_code: 'outgoing', priority: '0',
  };
}
