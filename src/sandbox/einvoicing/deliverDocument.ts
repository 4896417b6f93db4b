import { randomChars } from '../data/ids.js';
import type { EInvoiceDocument, EInvoiceEvent, EInvoicingData } from '../data/SandboxData.js';
import { unixSeconds } from '../data/time.js';
import { findParticipant } from './peppolDirectory.js';

/** The tenant every sandbox event belongs to (one API key, one tenant). */
const TENANT_ID = 'ten_sandbox';

export type DocumentInTransit = EInvoiceDocument & { state: 'TRANSIT'; delivery: NonNullable<EInvoiceDocument['delivery']> };

export function isInTransit(document: EInvoiceDocument | undefined): document is DocumentInTransit {
  return document?.state === 'TRANSIT' && document.delivery !== null;
}

/**
 * The receiving access point's answer to a document in TRANSIT: SENT when it takes it, FAILED when it
 * rejects it or the receiver left the network meanwhile. Records the status webhook it raises.
 */
export function deliverDocument(einvoicing: EInvoicingData, document: DocumentInTransit, nowMs: number): { document: EInvoiceDocument; event: EInvoiceEvent } {
  const { receiver } = document.delivery;
  const participant = findParticipant(einvoicing.participants, receiver);
  const failureReason = !participant
    ? `Receiver ${receiver} is no longer registered on the Peppol network`
    : participant.rejects ? `The access point of ${receiver} rejected the document` : null;
  const delivered = einvoicing.documents.put({
    ...document, state: failureReason ? 'FAILED' : 'SENT', delivery: { ...document.delivery, failureReason },
  });
  const event: EInvoiceEvent = {
    id: `evt_${randomChars(24)}`, tenant_id: TENANT_ID, created_at: unixSeconds(nowMs),
    ...(failureReason
      ? { type: 'document.sent.failed', data: { document_id: document.id, reason: failureReason } }
      : { type: 'document.sent', data: { document_id: document.id } }),
  };
  einvoicing.events.put(event);
  return { document: delivered, event };
}
