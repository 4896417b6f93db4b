import type { GraphQLResolveInfo } from 'graphql';
import type { Invoice, Partner } from '../../connectors/erp/types.js';
import { eInvoiceDocument } from '../../domain/eInvoiceDocument.js';
import type { EInvoiceRecord } from '../../reliability/createEInvoiceRecords.js';
import { deriveKey } from '../../reliability/deriveKey.js';
import { auditAdminAction } from '../authorization.js';
import { pageFromArgs } from '../connection.js';
import type { GatewayContext } from '../context.js';
import { decodeId } from '../ids.js';
import { idempotencyScopeOf } from '../idempotencyScopeOf.js';
import { readsOf } from '../selection/upstreamReads.js';

/** An invoice nothing was asked of yet, as the API shows one without a record. */
const notSent = (invoiceId: number): EInvoiceRecord => ({
  invoiceId,
  state: 'NOT_SENT',
  generation: 1,
  documentId: null,
  receiver: null,
  lastError: null,
  violations: [],
  queuedAt: null,
  sentAt: null,
  deliveredAt: null,
  rejectedAt: null,
  notOnPeppolAt: null,
  updatedAt: new Date(0),
});

const iso = (value: Date | null) => value?.toISOString() ?? null;

export const einvoicingResolvers = {
  Query: {
    async eInvoicesAwaitingAction(_: unknown, args: { first?: number | null }, context: GatewayContext) {
      const records = await context.services.einvoices.records.awaitingAction(pageFromArgs(args, 50).first);
      const letters = await context.services.deadLetters.list({ kind: 'einvoice-send', status: 'open' }, { offset: 0, limit: 1000 });
      const letterOf = new Map(letters.map((letter) => [(letter.payload as { invoiceId?: unknown } | null)?.invoiceId, letter]));
      return records.map((record) => ({ record, deadLetter: letterOf.get(record.invoiceId) ?? null }));
    },
  },
  EInvoiceAttention: {
    eInvoice: (attention: { record: EInvoiceRecord }) => attention.record,
    invoice: (attention: { record: EInvoiceRecord }, _: unknown, { loaders }: GatewayContext, info: GraphQLResolveInfo) =>
      loaders.invoice.load(attention.record.invoiceId, readsOf(info, 'Invoice')),
  },
  Mutation: {
    async sendInvoice(_: unknown, args: { invoiceId: string }, context: GatewayContext, info: GraphQLResolveInfo) {
      const invoiceId = decodeId('Invoice', args.invoiceId, 'invoiceId');
      const scope = idempotencyScopeOf(context);
      const { record, followUpId } = await context.services.einvoices.request(invoiceId, deriveKey(scope, 'einvoice-send-job'), scope.key);
      await auditAdminAction(context, { action: 'einvoice.send', targetType: 'Invoice', targetId: String(invoiceId), details: { state: record.state, followUpId } });
      return { invoice: await context.loaders.invoice.load(invoiceId, readsOf(info, 'Invoice', ['invoice'])), eInvoice: record, followUpId };
    },
  },
  Invoice: {
    async eInvoice(invoice: Invoice, _: unknown, { loaders }: GatewayContext) {
      return (await loaders.eInvoice.load(invoice.id)) ?? notSent(invoice.id);
    },
    eInvoiceDocument: (invoice: Invoice, _: unknown, { connectors, ...context }: GatewayContext) => eInvoiceDocument(connectors.erp, context, invoice.id),
  },
  EInvoice: {
    lastError: (record: EInvoiceRecord) => (record.lastError === null ? null : { message: record.lastError, violations: record.violations }),
    queuedAt: (record: EInvoiceRecord) => iso(record.queuedAt),
    sentAt: (record: EInvoiceRecord) => iso(record.sentAt),
    deliveredAt: (record: EInvoiceRecord) => iso(record.deliveredAt),
    rejectedAt: (record: EInvoiceRecord) => iso(record.rejectedAt),
    notOnPeppolAt: (record: EInvoiceRecord) => iso(record.notOnPeppolAt),
  },
  Customer: {
    async peppol(partner: Partner, _: unknown, { loaders }: GatewayContext) {
      if (!partner.peppolScheme || !partner.peppolId) return { address: null, reachable: false, reason: 'No Peppol address in the ERP (peppol_eas, peppol_endpoint)' };
      const address = `${partner.peppolScheme}:${partner.peppolId}`;
      const participant = await loaders.peppolParticipant.load(address);
      return participant ? { address, reachable: true, reason: null } : { address, reachable: false, reason: `${address} is not registered on the Peppol network` };
    },
  },
};
