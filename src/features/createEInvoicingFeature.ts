import { z } from 'zod';
import type { Logger } from 'pino';
import type { Connectors } from '../connectors/createConnectors.js';
import type { CallContext } from '../connectors/core/createUpstreamClient.js';
import type { ErpChanges, WatchedModel } from '../connectors/erp/erpChanges.js';
import { sendEInvoice } from '../domain/sendEInvoice.js';
import { ignored, type WebhookHandler } from '../integrations/webhooks/WebhookHandler.js';
import type { WebhookHandlers } from '../integrations/webhooks/webhookHandlerFor.js';
import type { EInvoiceService } from '../domain/EInvoiceService.js';
import { createEInvoiceRecords } from '../reliability/createEInvoiceRecords.js';
import type { FollowUpRegistry } from '../reliability/createFollowUpRegistry.js';
import type { JobQueue } from '../reliability/createJobQueue.js';
import { workId } from '../reliability/workId.js';
import type { Store } from '../store/createStore.js';

export interface EInvoicingFeature extends EInvoiceService {
  /** The access point's status events (document.sent, document.sent.failed), for the webhooks integration. */
  readonly webhookHandlers: WebhookHandlers;
  /** The ERP poll's listener: a new posted customer invoice of a buyer with a Peppol address is queued for sending. */
  erpChanges(model: WatchedModel, changes: ErpChanges): Promise<void>;
}

const postedInvoice = z.looseObject({
  id: z.number(),
  state: z.literal('posted'),
  move_type: z.enum(['out_invoice', 'out_refund']),
  partner_id: z.number().nullable(),
});
const documentEvent = z.looseObject({ data: z.looseObject({ document_id: z.string(), reason: z.string().nullish() }) });

/**
 * E-invoicing over Peppol: the send job (the domain's sendEInvoice), its state in the database, the ERP
 * poll finding invoices to send, and the access point's status events moving them on.
 */
export function createEInvoicingFeature(deps: { store: Store; connectors: Connectors; queue: JobQueue; followUps: FollowUpRegistry; logger: Logger }): EInvoicingFeature {
  const { connectors, queue } = deps;
  const records = createEInvoiceRecords(deps.store.prisma);
  const log = deps.logger.child({ component: 'einvoicing' });
  const send = async (invoiceId: number, context: CallContext) => {
    const record = await sendEInvoice({ erp: connectors.erp, einvoicing: connectors.einvoicing, records, call: context }, invoiceId);
    context.log.info({ invoiceId, state: record.state, documentId: record.documentId, reason: record.lastError }, 'e-invoice handled');
  };
  deps.followUps.registerEInvoiceJobs({ send: (invoiceId, context) => send(invoiceId, context) });

  const onDocument = (apply: (documentId: string, reason: string) => Promise<boolean>, what: string): WebhookHandler => async (event) => {
    const parsed = documentEvent.safeParse(event.body);
    if (!parsed.success) return ignored('The event names no document (data.document_id)');
    const { document_id: documentId, reason } = parsed.data.data;
    // Events may come twice or out of order: only a forward move of an invoice's current document applies.
    if (!(await apply(documentId, reason ?? 'The buyer\'s access point refused the document'))) {
      return ignored(`Document ${documentId} is not an e-invoice waiting for ${what} (an earlier document, or one already past it)`);
    }
    return { status: 'processed' };
  };

  return {
    records,
    webhookHandlers: {
      einvoicing: {
        'document.sent': onDocument((documentId) => records.documentDelivered(documentId), 'delivery'),
        'document.sent.failed': onDocument((documentId, reason) => records.documentFailed(documentId, reason), 'a delivery failure'),
      },
    },
    async erpChanges(model, changes) {
      if (model !== 'account.move') return;
      const invoices = changes.changed.flatMap((row) => {
        const parsed = postedInvoice.safeParse(row);
        return parsed.success && parsed.data.partner_id !== null ? [{ id: parsed.data.id, partnerId: parsed.data.partner_id }] : [];
      });
      if (invoices.length === 0) return;
      const known = await records.getMany(invoices.map((invoice) => invoice.id));
      const fresh = invoices.filter((invoice) => !known.has(invoice.id));
      if (fresh.length === 0) return;
      const context = { requestId: `poll:einvoicing:${Date.now()}`, log };
      const partners = await connectors.erp.readPartners(context, [...new Set(fresh.map((invoice) => invoice.partnerId))], ['peppolScheme', 'peppolId']);
      const onPeppol = new Set(partners.flatMap((partner) => (partner?.peppolScheme && partner.peppolId ? [partner.id] : [])));
      for (const invoice of fresh.filter((candidate) => onPeppol.has(candidate.partnerId))) {
        await queue.enqueue('einvoice-send', { invoiceId: invoice.id }, { jobKey: workId('einvoice-send', String(invoice.id)) });
        log.info({ invoiceId: invoice.id }, 'posted invoice of a Peppol buyer queued for sending');
      }
    },
    async request(invoiceId, jobKey, idempotencyKey) {
      const record = await records.queue(invoiceId);
      if (record.state !== 'QUEUED') return { record, followUpId: null };
      const followUpId = await queue.enqueue('einvoice-send', { invoiceId }, { jobKey, ...(idempotencyKey ? { idempotencyKey } : {}) });
      return { record, followUpId };
    },
  };
}
