import type { CallContext } from '../connectors/core/createUpstreamClient.js';
import { UpstreamError } from '../connectors/core/UpstreamError.js';
import { buildUblDocument } from '../connectors/einvoicing/document/buildUblDocument.js';
import { UblGenerationError } from '../connectors/einvoicing/document/UblGenerationError.js';
import type { ErpConnector } from '../connectors/erp/createErpConnector.js';
import { eInvoiceSourceOf } from './eInvoiceSourceOf.js';

/**
 * A posted invoice as the UBL document it would be sent as, built now from the ERP's data; null for one
 * that is not posted (or not there). Data the document cannot be made from is the ERP's to correct, so
 * it fails as that system's refusal, naming what is wrong.
 */
export async function eInvoiceDocument(erp: ErpConnector, call: CallContext, invoiceId: number): Promise<string | null> {
  const document = await erp.readInvoiceDocument(call, invoiceId);
  if (!document || document.state !== 'posted') return null;
  try {
    return await buildUblDocument(eInvoiceSourceOf(document));
  } catch (error) {
    if (!(error instanceof UblGenerationError)) throw error;
    throw new UpstreamError({ system: 'erp', kind: 'rejected', message: error.message, cause: error });
  }
}
