import type { Prng } from '../prng.js';
import type { ErpTables, OdooRecord } from './erpModels.js';
import { SETUP_IDS } from './setupIds.js';
import { DAY_MS, HOUR_MS, SEED_EPOCH_MS, odooDate, odooDatetime } from './time.js';

const CREDIT_NOTE_COUNT = 12;
const REASONS = ['Goods returned', 'Damaged in transit', 'Duplicate order', 'Price agreed lower'] as const;

/**
 * A few credit notes (out_refund) reversing paid invoices of business customers (those with a VAT id),
 * in full, as Odoo's "Credit Note" button makes them: the same lines, `reversed_entry_id` set, the
 * reason in `ref`, numbered RINV/<year>/<n>. The refund has been paid out, so they are settled.
 * The reversed invoices and their orders stay as they were.
 */
export function seedCreditNotes(erp: ErpTables, prng: Prng): void {
  const businesses = new Set(erp['res.partner'].all().filter((partner) => partner.vat && Number(partner.customer_rank) > 0).map((partner) => partner.id));
  const eligible = erp['account.move'].all().filter((move) => move.payment_state === 'paid' && businesses.has(Number(move.partner_id)));
  const reversed = prng.sample(eligible, CREDIT_NOTE_COUNT).sort((a, b) => a.id - b.id);
  const counters = new Map<number, number>();
  let moveId = erp['account.move'].size;
  let lineId = erp['account.move.line'].size;
  for (const invoice of reversed) {
    const dateMs = Math.min(Date.parse(`${String(invoice.invoice_date)}T12:00:00Z`) + prng.int(1, 20) * DAY_MS, SEED_EPOCH_MS - HOUR_MS);
    const year = new Date(dateMs).getUTCFullYear();
    const sequence = (counters.get(year) ?? 0) + 1;
    counters.set(year, sequence);
    const id = ++moveId;
    const stamp = odooDatetime(dateMs);
    const name = `RINV/${year}/${String(sequence).padStart(5, '0')}`;
    const lineIds = (invoice.invoice_line_ids as number[]).map((invoiceLineId) => {
      const line = erp['account.move.line'].get(invoiceLineId) as OdooRecord;
      return erp['account.move.line'].put({ ...line, id: ++lineId, create_date: stamp, write_date: stamp, move_id: id }).id;
    });
    erp['account.move'].put({
      ...invoice, id, create_date: stamp, write_date: stamp, name, move_type: 'out_refund',
      ref: `Reversal of: ${String(invoice.name)}, ${prng.pick(REASONS)}`, date: odooDate(dateMs), invoice_date: odooDate(dateMs),
      invoice_date_due: odooDate(dateMs), amount_residual: 0, payment_state: 'paid', payment_reference: name,
      invoice_line_ids: lineIds, invoice_payment_term_id: false, company_id: SETUP_IDS.company, partner_bank_id: false,
      reversed_entry_id: invoice.id,
    });
  }
}
