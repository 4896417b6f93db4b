import type { RuleViolation } from '../connectors/einvoicing/document/checkPeppolRules.js';
import type { EInvoice, PrismaClient } from '../generated/prisma/client.js';

export type EInvoiceState = 'NOT_SENT' | 'QUEUED' | 'SENT' | 'DELIVERED' | 'REJECTED' | 'NOT_ON_PEPPOL';

export type { RuleViolation };

/** An ERP invoice's e-invoice, as resolvers and the ops console read it. */
export interface EInvoiceRecord {
  readonly invoiceId: number;
  readonly state: EInvoiceState;
  readonly generation: number;
  readonly documentId: string | null;
  readonly receiver: string | null;
  readonly lastError: string | null;
  readonly violations: readonly RuleViolation[];
  readonly queuedAt: Date | null;
  readonly sentAt: Date | null;
  readonly deliveredAt: Date | null;
  readonly rejectedAt: Date | null;
  readonly notOnPeppolAt: Date | null;
  readonly updatedAt: Date;
}

/** What a document's sender knows of the ones it may not send again: those already on their way or there. */
const ON_ITS_WAY: readonly EInvoiceState[] = ['SENT', 'DELIVERED'];
/** The states a new document starts from: a refusal or a missing address, once corrected. */
const ENDED_WITHOUT_DELIVERY: readonly EInvoiceState[] = ['REJECTED', 'NOT_ON_PEPPOL'];

export interface EInvoiceRecords {
  get(invoiceId: number): Promise<EInvoiceRecord | null>;
  getMany(invoiceIds: readonly number[]): Promise<Map<number, EInvoiceRecord>>;
  /**
   * Marks the invoice queued for sending and answers its record. One that was refused or had no
   * address starts a new generation (a new document); one on its way or delivered stays as it is.
   */
  queue(invoiceId: number): Promise<EInvoiceRecord>;
  documentCreated(invoiceId: number, generation: number, documentId: string): Promise<void>;
  sent(invoiceId: number, receiver: string): Promise<void>;
  rejected(invoiceId: number, reason: { readonly message: string; readonly violations: readonly RuleViolation[] }): Promise<void>;
  notOnPeppol(invoiceId: number, reason: string, receiver: string | null): Promise<void>;
  /**
   * The access point's word on a document, applied only when the document is the invoice's current
   * one and the move is forward: an event for a replaced document, or one arriving after a later one,
   * changes nothing. Answers whether it applied.
   */
  documentDelivered(documentId: string): Promise<boolean>;
  documentFailed(documentId: string, reason: string): Promise<boolean>;
  /** Refused or unaddressable e-invoices, newest first: what an operator has to look at. */
  awaitingAction(limit: number): Promise<EInvoiceRecord[]>;
}

function recordOf(row: EInvoice): EInvoiceRecord {
  return {
    invoiceId: row.invoiceId,
    state: row.state,
    generation: row.generation,
    documentId: row.documentId,
    receiver: row.receiver,
    lastError: row.lastError,
    violations: Array.isArray(row.violations) ? (row.violations as unknown as RuleViolation[]) : [],
    queuedAt: row.queuedAt,
    sentAt: row.sentAt,
    deliveredAt: row.deliveredAt,
    rejectedAt: row.rejectedAt,
    notOnPeppolAt: row.notOnPeppolAt,
    updatedAt: row.updatedAt,
  };
}

/** E-invoice state in the gateway's database: the invoice stays the ERP's, where it stands on Peppol is ours. */
export function createEInvoiceRecords(prisma: PrismaClient): EInvoiceRecords {
  const forward = async (documentId: string, data: Parameters<PrismaClient['eInvoice']['updateMany']>[0]['data']) =>
    (await prisma.eInvoice.updateMany({ where: { documentId, state: { in: ['QUEUED', 'SENT'] } }, data })).count > 0;

  return {
    async get(invoiceId) {
      const row = await prisma.eInvoice.findUnique({ where: { invoiceId } });
      return row && recordOf(row);
    },
    async getMany(invoiceIds) {
      const rows = await prisma.eInvoice.findMany({ where: { invoiceId: { in: [...invoiceIds] } } });
      return new Map(rows.map((row) => [row.invoiceId, recordOf(row)]));
    },
    async queue(invoiceId) {
      return prisma.$transaction(async (tx) => {
        const now = new Date();
        await tx.eInvoice.upsert({ where: { invoiceId }, create: { invoiceId, state: 'QUEUED', queuedAt: now }, update: {} });
        // The row is locked for the rest of the transaction, so two senders agree on the generation.
        const [row] = await tx.$queryRaw<{ state: EInvoiceState }[]>`SELECT state FROM "einvoices" WHERE invoice_id = ${invoiceId} FOR UPDATE`;
        const state = row?.state ?? 'QUEUED';
        if (ON_ITS_WAY.includes(state)) return recordOf(await tx.eInvoice.findUniqueOrThrow({ where: { invoiceId } }));
        const restart = ENDED_WITHOUT_DELIVERY.includes(state);
        const updated = await tx.eInvoice.update({
          where: { invoiceId },
          data: {
            state: 'QUEUED',
            ...(state !== 'QUEUED' ? { queuedAt: now } : {}),
            ...(restart ? { generation: { increment: 1 }, documentId: null } : {}),
          },
        });
        return recordOf(updated);
      });
    },
    async documentCreated(invoiceId, generation, documentId) {
      await prisma.eInvoice.updateMany({ where: { invoiceId, generation }, data: { documentId } });
    },
    async sent(invoiceId, receiver) {
      await prisma.eInvoice.updateMany({ where: { invoiceId, state: 'QUEUED' }, data: { state: 'SENT', sentAt: new Date(), receiver, lastError: null, violations: [] } });
    },
    async rejected(invoiceId, reason) {
      await prisma.eInvoice.update({
        where: { invoiceId },
        data: {
          state: 'REJECTED',
          rejectedAt: new Date(),
          lastError: reason.message,
          violations: reason.violations.map(({ rule, message, location }) => ({ rule, message, ...(location ? { location } : {}) })),
        },
      });
    },
    async notOnPeppol(invoiceId, reason, receiver) {
      await prisma.eInvoice.update({ where: { invoiceId }, data: { state: 'NOT_ON_PEPPOL', notOnPeppolAt: new Date(), lastError: reason, receiver, violations: [] } });
    },
    documentDelivered: (documentId) => forward(documentId, { state: 'DELIVERED', deliveredAt: new Date() }),
    documentFailed: (documentId, reason) => forward(documentId, { state: 'REJECTED', rejectedAt: new Date(), lastError: reason, violations: [] }),
    async awaitingAction(limit) {
      const rows = await prisma.eInvoice.findMany({ where: { state: { in: [...ENDED_WITHOUT_DELIVERY] } }, orderBy: { updatedAt: 'desc' }, take: limit });
      return rows.map(recordOf);
    },
  };
}
