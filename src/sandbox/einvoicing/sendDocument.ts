import type { EInvoiceDocument, EInvoicingData, UblParty } from '../data/SandboxData.js';
import type { ProductError } from '../server/productError.js';
import { singleParam } from '../server/queryOf.js';
import { detailError } from './eInvoiceErrors.js';
import { findParticipant } from './peppolDirectory.js';
import { checkPeppolRules } from './peppolRules.js';

/** A Peppol id from the query's scheme and id, each (absent or empty) defaulting to the party's electronic address in the document. */
function peppolIdOf(query: Record<string, unknown>, role: 'sender' | 'receiver', party: UblParty): string | undefined {
  const scheme = singleParam(query[`${role}_peppol_scheme`]) || party.endpoint?.scheme;
  const id = singleParam(query[`${role}_peppol_id`]) || party.endpoint?.id;
  return scheme && id ? `${scheme}:${id}` : undefined;
}

export type SendOutcome = { ok: true; document: EInvoiceDocument; dispatched: boolean } | { ok: false; error: ProductError };

/**
 * `POST /api/documents/{id}/send`: a document that passes the rules, to a receiver the network knows, goes
 * into TRANSIT (`dispatched`); one already on its way or delivered is answered as it is, so a retried send
 * sends nothing twice. A failed one may be sent again.
 */
export function sendDocument(einvoicing: EInvoicingData, document: EInvoiceDocument, query: Record<string, unknown>): SendOutcome {
  if (document.state === 'TRANSIT' || document.state === 'SENT') return { ok: true, document, dispatched: false };
  const errors = checkPeppolRules(document.ubl).filter((issue) => issue.type === 'error');
  if (errors.length > 0) {
    const found = errors.map((issue) => `[${issue.rule_id}] ${issue.message.replace(/^\[[^\]]+\]-/, '').replace(/\.$/, '')}`).join('; ');
    return { ok: false, error: detailError(422, `Document ${document.id} does not pass Peppol BIS Billing 3.0 validation: ${found}`) };
  }
  const receiver = peppolIdOf(query, 'receiver', document.ubl.buyer);
  const sender = peppolIdOf(query, 'sender', document.ubl.seller);
  if (!receiver || !sender) return { ok: false, error: detailError(422, 'The sender and receiver Peppol ids are neither given nor in the document') };
  if (!findParticipant(einvoicing.participants, receiver)) {
    return { ok: false, error: detailError(422, `Receiver ${receiver} is not registered on the Peppol network`) };
  }
  const sent = einvoicing.documents.put({ ...document, state: 'TRANSIT', delivery: { sender, receiver, failureReason: null } });
  return { ok: true, document: sent, dispatched: true };
}
