import type { CallContext } from '../connectors/core/createUpstreamClient.js';
import { isUpstreamError } from '../connectors/core/UpstreamError.js';
import type { EInvoicingConnector } from '../connectors/einvoicing/createEInvoicingConnector.js';
import { buildUblDocument } from '../connectors/einvoicing/document/buildUblDocument.js';
import { checkPeppolRules, type RuleViolation } from '../connectors/einvoicing/document/checkPeppolRules.js';
import { UblGenerationError } from '../connectors/einvoicing/document/UblGenerationError.js';
import type { ErpConnector } from '../connectors/erp/createErpConnector.js';
import type { EInvoiceRecord, EInvoiceRecords } from '../reliability/createEInvoiceRecords.js';
import { JobFailure } from '../reliability/describeFailure.js';
import { eInvoiceSourceOf } from './eInvoiceSourceOf.js';

export interface SendEInvoiceDeps {
  readonly erp: ErpConnector;
  readonly einvoicing: EInvoicingConnector;
  readonly records: EInvoiceRecords;
  readonly call: CallContext;
}

const describe = (violations: readonly RuleViolation[]) => violations.map((violation) => `${violation.rule}: ${violation.message}`).join('; ');

/** A draft of this generation's document at the access point, its id recorded before anything else is asked of it. */
async function createDraft({ einvoicing, records, call }: SendEInvoiceDeps, record: EInvoiceRecord, xml: string, number: string): Promise<string> {
  const created = await einvoicing.createDocument(call, { xml, fileName: `${number.replace(/[^\w.-]+/g, '_')}.xml` });
  await records.documentCreated(record.invoiceId, record.generation, created.id);
  return created.id;
}

/**
 * Sends one posted ERP invoice (or credit note) to its buyer over Peppol, once:
 * 1. The buyer must have a Peppol address in the ERP; otherwise the invoice is NOT_ON_PEPPOL, which
 *    retrying cannot change (no retry storm).
 * 2. The UBL document is generated from the ERP's figures and checked against the EN 16931 and Peppol
 *    rules before it leaves: a document that breaks one is REJECTED with the rule ids and is never sent.
 *    Then the address must be registered in the Peppol directory, or the invoice is NOT_ON_PEPPOL too.
 * 3. The access point stores it as a draft (recorded at once, so a retry uses it again rather than
 *    making another), checks it again, and sends it: SENT. A retry whose draft is no longer a draft
 *    (the send went, its answer was lost) sends nothing. Its webhooks say DELIVERED.
 * A rejection fails for good (a dead letter at once); once the ERP data is corrected, the letter's replay
 * runs this again, which builds a new document (a new generation) and sends it.
 */
export async function sendEInvoice(deps: SendEInvoiceDeps, invoiceId: number): Promise<EInvoiceRecord> {
  const { erp, einvoicing, records, call } = deps;
  const record = await records.queue(invoiceId);
  if (record.state !== 'QUEUED') return record;
  const reject = async (message: string, violations: readonly RuleViolation[] = []): Promise<never> => {
    await records.rejected(invoiceId, { message, violations });
    throw new JobFailure('EINVOICE_REJECTED', message, null, { final: true });
  };

  const document = await erp.readInvoiceDocument(call, invoiceId);
  if (!document) return reject(`The ERP has no invoice ${invoiceId}`);
  if (document.state !== 'posted') return reject(`Invoice ${document.number} is ${document.state}, not posted: only posted invoices are sent`);
  const receiver = document.buyer.peppol;
  if (!receiver) {
    await records.notOnPeppol(invoiceId, `${document.buyer.name} has no Peppol address in the ERP (peppol_eas, peppol_endpoint)`, null);
    return (await records.get(invoiceId)) ?? record;
  }

  let xml: string;
  try {
    xml = await buildUblDocument(eInvoiceSourceOf(document));
  } catch (error) {
    if (!(error instanceof UblGenerationError)) throw error;
    return reject(error.message, error.problems.map((problem) => ({ rule: 'UBL-GENERATION', message: problem.message, ...(problem.path ? { location: problem.path } : {}) })));
  }
  const violations = checkPeppolRules(xml);
  if (violations.length > 0) return reject(`The e-invoice of ${document.number} breaks ${describe(violations)}`, violations);
  // Checked after the rules: an address with wrong check digits is data to correct, not an unknown buyer.
  const address = `${receiver.scheme}:${receiver.id}`;
  if (!(await einvoicing.lookupParticipant(call, receiver))) {
    await records.notOnPeppol(invoiceId, `${address} (${document.buyer.name}) is not registered on the Peppol network`, address);
    return (await records.get(invoiceId)) ?? record;
  }

  try {
    // An earlier attempt's document is used again; one whose send went through (its answer lost) is not sent twice.
    const earlier = record.documentId ? await einvoicing.getDocument(call, record.documentId) : null;
    if (earlier && earlier.state !== 'DRAFT') {
      await records.sent(invoiceId, address);
      return (await records.get(invoiceId)) ?? record;
    }
    const documentId = earlier?.id ?? (await createDraft(deps, record, xml, document.number));
    const checked = await einvoicing.validateDocument(call, documentId);
    const errors = checked.issues.filter((issue) => issue.severity === 'error').map((issue) => ({ rule: issue.rule ?? 'ACCESS-POINT', message: issue.message }));
    if (!checked.valid || errors.length > 0) return reject(`The access point refused the e-invoice of ${document.number}: ${describe(errors)}`, errors);
    await einvoicing.sendDocument(call, documentId, receiver);
  } catch (error) {
    // The access point refusing the document or its receiver is an answer about it, not a passing failure.
    if (isUpstreamError(error) && error.system === 'einvoicing' && error.kind === 'rejected') return reject(error.message);
    throw error;
  }
  await records.sent(invoiceId, address);
  return (await records.get(invoiceId)) ?? record;
}
