import type { EInvoiceRecord, EInvoiceRecords } from '../reliability/createEInvoiceRecords.js';

/** What resolvers and the ops console use of e-invoicing: the records, and asking for an invoice to be sent. */
export interface EInvoiceService {
  readonly records: EInvoiceRecords;
  /**
   * Queues an invoice for sending (a staff request, a new attempt after a refusal or a missing address):
   * answers its record, unchanged when it is already on its way or delivered, and the job's id.
   */
  request(invoiceId: number, jobKey: string, idempotencyKey: string | null): Promise<{ record: EInvoiceRecord; followUpId: string | null }>;
}
