import type { FastifyInstance } from 'fastify';
import type { SandboxClock } from '../clock.js';
import { randomChars } from '../data/ids.js';
import type { EInvoiceDocument, EInvoicingData } from '../data/SandboxData.js';
import { sendProductError } from '../server/productError.js';
import { queryOf } from '../server/queryOf.js';
import { documentResponse } from './documentResponse.js';
import { detailError, documentNotFound, fieldRequired } from './eInvoiceErrors.js';
import { checkPeppolRules } from './peppolRules.js';
import { readMultipartFile } from './readMultipartFile.js';
import { readUbl } from './readUbl.js';
import { sendDocument } from './sendDocument.js';

export interface DocumentRoutesOptions {
  /** Read at request time: a data reset swaps the dataset's tables in place. */
  getData: () => EInvoicingData;
  clock: SandboxClock;
  /** Told of every document that went into TRANSIT, so its delivery can be scheduled. */
  onDispatch: (document: EInvoiceDocument) => void;
}

type DocumentParams = { Params: { document_id: string } };

/** e-invoice.be's document routes: upload a UBL file, read a document, validate it, send it over Peppol. */
export function registerDocumentRoutes(app: FastifyInstance, { getData, clock, onDispatch }: DocumentRoutesOptions): void {
  // e-invoice.be takes no idempotency key: every upload is a new draft, as there.
  app.post('/api/documents/ubl', async (request, reply) => {
    const file = readMultipartFile(request, 'file');
    if (!file) return sendProductError(reply, fieldRequired('body', 'file'));
    const reading = readUbl(file.content);
    if (!reading.ok) return sendProductError(reply, detailError(422, reading.reason));
    const document = getData().documents.put({
      id: `doc_${randomChars(22)}`, state: 'DRAFT', direction: 'OUTBOUND', fileName: file.fileName,
      createdAt: new Date(clock.now()).toISOString(), ubl: reading.document, delivery: null,
    });
    return documentResponse(document);
  });

  app.get<DocumentParams>('/api/documents/:document_id', async (request, reply) => {
    const document = getData().documents.get(request.params.document_id);
    return document ? documentResponse(document) : sendProductError(reply, documentNotFound());
  });

  app.post<DocumentParams>('/api/documents/:document_id/validate', async (request, reply) => {
    const document = getData().documents.get(request.params.document_id);
    if (!document) return sendProductError(reply, documentNotFound());
    const issues = checkPeppolRules(document.ubl);
    return { id: document.id, file_name: document.fileName, is_valid: !issues.some((issue) => issue.type === 'error'), issues, ubl_document: null };
  });

  app.post<DocumentParams>('/api/documents/:document_id/send', async (request, reply) => {
    const einvoicing = getData();
    const document = einvoicing.documents.get(request.params.document_id);
    if (!document) return sendProductError(reply, documentNotFound());
    const outcome = sendDocument(einvoicing, document, queryOf(request));
    if (!outcome.ok) return sendProductError(reply, outcome.error);
    if (outcome.dispatched) onDispatch(outcome.document);
    return documentResponse(outcome.document);
  });
}
