import { z } from 'zod';
import type { ConnectorDeps } from '../core/connectorDeps.js';
import type { CallContext, ErrorDescriber } from '../core/createUpstreamClient.js';
import { parseUpstreamBody } from '../core/parseUpstreamBody.js';
import type { AccessPointDocument, AccessPointValidation, PeppolAddress, PeppolParticipant } from './types.js';

export interface EInvoicingConnector {
  readonly system: 'einvoicing';
  /**
   * Creates a draft document from a UBL file. Never retried here: e-invoice.be takes no idempotency key,
   * so a retry after a lost answer would make a second draft.
   */
  createDocument(context: CallContext, document: { readonly xml: string; readonly fileName: string }): Promise<AccessPointDocument>;
  getDocument(context: CallContext, id: string): Promise<AccessPointDocument | null>;
  /** The access point's own checks of a stored document. */
  validateDocument(context: CallContext, id: string): Promise<AccessPointValidation>;
  /** Sends a validated draft to the buyer over Peppol. Never retried here: whether a lost send went is read with getDocument. */
  sendDocument(context: CallContext, id: string, receiver: PeppolAddress): Promise<AccessPointDocument>;
  /** The buyer as the Peppol directory knows it, null when it is not registered (cannot receive over Peppol). */
  lookupParticipant(context: CallContext, address: PeppolAddress): Promise<PeppolParticipant | null>;
}

const nullableString = z.string().nullish().transform((value) => value ?? null);

const documentSchema = z
  .looseObject({
    id: z.string(),
    state: z.enum(['DRAFT', 'TRANSIT', 'FAILED', 'SENT', 'RECEIVED']),
    document_type: z.enum(['INVOICE', 'CREDIT_NOTE', 'DEBIT_NOTE']).nullish(),
    invoice_id: nullableString,
  })
  .transform(
    (document): AccessPointDocument => ({ id: document.id, state: document.state, documentType: document.document_type ?? null, invoiceId: document.invoice_id }),
  );

const validationSchema = z
  .looseObject({
    is_valid: z.boolean(),
    issues: z.array(z.looseObject({ message: z.string(), type: z.enum(['error', 'warning']).catch('error'), rule_id: nullableString })).default([]),
  })
  .transform(
    (validation): AccessPointValidation => ({
      valid: validation.is_valid,
      issues: validation.issues.map((issue) => ({ rule: issue.rule_id, message: issue.message, severity: issue.type })),
    }),
  );

const participantsSchema = z.looseObject({
  participants: z
    .array(
      z.looseObject({
        peppol_id: z.string(),
        peppol_scheme: z.string(),
        entities: z.array(z.looseObject({ name: nullableString, country_code: nullableString })).default([]),
      }),
    )
    .default([]),
});

/**
 * The directory's answer for exactly this address: a search by text may find others too. Peppol
 * identifiers compare without case, and the identifier may come with its scheme in front.
 */
function sameParticipant(participant: { peppol_scheme: string; peppol_id: string }, address: PeppolAddress): boolean {
  const id = participant.peppol_id.toLowerCase();
  const bare = id.startsWith(`${participant.peppol_scheme}:`) ? id.slice(participant.peppol_scheme.length + 1) : id;
  return participant.peppol_scheme === address.scheme && bare === address.id.toLowerCase();
}

/** e-invoice.be answers errors as FastAPI does: `detail` is a sentence, or a list of field errors. */
export const describeAccessPointError: ErrorDescriber = (status, body) => {
  const parsed = z
    .object({ detail: z.union([z.string(), z.array(z.looseObject({ msg: z.string(), loc: z.array(z.union([z.string(), z.number()])).optional() }))]) })
    .safeParse(body);
  if (!parsed.success) return { message: `HTTP ${status}` };
  const { detail } = parsed.data;
  return { message: typeof detail === 'string' ? detail : detail.map((item) => `${item.loc?.join('.') ?? 'body'}: ${item.msg}`).join('; ') };
};

/** A Peppol access point with the e-invoice.be API: documents from UBL files, checked, sent, and a participant directory. */
export function createEInvoicingConnector({ client }: ConnectorDeps<'einvoicing'>): EInvoicingConnector {
  const documentPath = (id: string, action = '') => `api/documents/${encodeURIComponent(id)}${action}`;

  return {
    system: 'einvoicing',
    async createDocument(context, document) {
      const response = await client.request(context, {
        method: 'POST',
        path: 'api/documents/ubl',
        route: 'POST /api/documents/ubl',
        files: { file: { content: document.xml, fileName: document.fileName, type: 'application/xml' } },
        idempotent: false,
      });
      return parseUpstreamBody('einvoicing', documentSchema, response.body, 'the created document');
    },
    async getDocument(context, id) {
      try {
        const response = await client.request(context, { method: 'GET', path: documentPath(id), route: 'GET /api/documents/{id}', idempotent: true });
        return parseUpstreamBody('einvoicing', documentSchema, response.body, 'a document');
      } catch (error) {
        if ((error as { status?: number }).status === 404) return null;
        throw error;
      }
    },
    async validateDocument(context, id) {
      const response = await client.request(context, {
        method: 'POST',
        path: documentPath(id, '/validate'),
        route: 'POST /api/documents/{id}/validate',
        // Checking changes nothing.
        idempotent: true,
      });
      return parseUpstreamBody('einvoicing', validationSchema, response.body, 'the validation of a document');
    },
    async sendDocument(context, id, receiver) {
      const response = await client.request(context, {
        method: 'POST',
        path: documentPath(id, '/send'),
        route: 'POST /api/documents/{id}/send',
        searchParams: new URLSearchParams({ receiver_peppol_scheme: receiver.scheme, receiver_peppol_id: receiver.id }),
        idempotent: false,
      });
      return parseUpstreamBody('einvoicing', documentSchema, response.body, 'the sent document');
    },
    async lookupParticipant(context, address) {
      const response = await client.request(context, {
        method: 'GET',
        path: 'api/lookup/participants',
        route: 'GET /api/lookup/participants',
        searchParams: new URLSearchParams({ query: `${address.scheme}:${address.id}` }),
        idempotent: true,
      });
      const { participants } = parseUpstreamBody('einvoicing', participantsSchema, response.body, 'a participant lookup');
      const found = participants.find((participant) => sameParticipant(participant, address));
      if (!found) return null;
      const entity = found.entities[0];
      return { id: address.id, scheme: address.scheme, name: entity?.name ?? null, countryCode: entity?.country_code ?? null };
    },
  };
}
