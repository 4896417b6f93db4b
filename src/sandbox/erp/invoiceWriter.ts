import { odooDatetime } from '../data/time.js';
import type { ModelWriter } from './ModelWriter.js';
import { ACCESS_ERROR, OdooError } from './OdooError.js';
import { convertVals } from './odooValues.js';

const WRITABLE = ['payment_state', 'payment_reference', 'ref'] as const;

/**
 * account.move: invoices come from confirming orders, so clients only write a payment's outcome on
 * them. Registering a payment in Odoo reconciles it and the residual follows; the sandbox keeps the
 * residual in step with the state written, as the seeded invoices are (paid ones owe nothing).
 */
export const invoiceWriter: ModelWriter = {
  prepareCreate() {
    throw new OdooError(ACCESS_ERROR, "You are not allowed to create 'Journal Entry' (account.move) records: invoices come from confirmed orders.");
  },

  prepareWrite(context, ids, vals) {
    const values = convertVals(context, 'account.move', vals, WRITABLE);
    return () => {
      const table = context.tables['account.move'];
      for (const id of ids) {
        const invoice = table.get(id)!;
        const total = Number(invoice.amount_total);
        const residual = values.payment_state === 'paid' || values.payment_state === 'reversed'
          ? 0
          : values.payment_state === 'not_paid' ? total : Number(invoice.amount_residual);
        table.put({ ...invoice, ...values, id, amount_residual: residual, write_date: odooDatetime(context.now) });
      }
    };
  },
};
