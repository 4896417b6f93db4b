import { deriveKey } from '../../src/reliability/deriveKey.js';
import type { OrderOutcome } from './orderClients.js';
import type { LedgerOrder, SandboxLedger } from './sandboxLedger.js';

/** One thing wrong, named so that it can be looked up: the client's key and/or the ERP order. */
export interface Problem {
  readonly key?: string;
  readonly reference?: string;
  readonly detail: string;
}

export interface ChaosFindings {
  readonly ordersAccepted: number;
  readonly ordersRejected: number;
  /** Keys still failing when the clients' retry budget ran out. */
  readonly ordersUnresolved: number;
  readonly erpOrders: number;
  readonly erpOrdersCancelled: number;
  readonly paymentIntents: number;
  readonly livePaymentIntents: number;
  /** More than one ERP order for one idempotency key. */
  readonly duplicateOrders: readonly Problem[];
  /** More than one live PaymentIntent for one ERP order. */
  readonly duplicateCharges: readonly Problem[];
  /** A live PaymentIntent whose ERP order is missing or cancelled. */
  readonly chargesWithoutOrder: readonly Problem[];
  /** An accepted order without its PaymentIntent, CRM note or tracker. */
  readonly followUpsMissing: readonly Problem[];
  /** An accepted order whose ERP order is missing or cancelled. */
  readonly lostOrders: readonly Problem[];
  /** More than one CRM note for one order: a follow-up done twice. */
  readonly duplicateNotes: readonly Problem[];
  /** A standing ERP order for a key the client was refused, or never got an answer for. */
  readonly ordersWithoutAcceptance: readonly Problem[];
  readonly deadLettersOpen: number;
  /** Jobs still waiting or running, per queue, when the run gave up waiting for the queue. */
  readonly jobsPending: Readonly<Record<string, number>>;
}

export interface CheckInput {
  readonly outcomes: readonly OrderOutcome[];
  readonly ledger: SandboxLedger;
  /** The client API key's principal id, which scopes the keys the gateway derives. */
  readonly principalId: string;
  readonly deadLettersOpen: number;
  readonly jobsPending: Readonly<Record<string, number>>;
}

const LIVE = (status: string) => status !== 'canceled';
const STANDING = (order: LedgerOrder) => order.state !== 'cancel';

/** Compares what clients were told with what the systems recorded. */
export function checkRun({ outcomes, ledger, principalId, deadLettersOpen, jobsPending }: CheckInput): ChaosFindings {
  const ordersByReference = new Map<string, LedgerOrder[]>();
  for (const order of ledger.orders) ordersByReference.set(order.clientReference, [...(ordersByReference.get(order.clientReference) ?? []), order]);
  const orderByName = new Map(ledger.orders.map((order) => [order.name, order]));
  const livePayments = ledger.paymentIntents.filter((intent) => LIVE(intent.status));
  const liveByOrder = new Map<string, string[]>();
  for (const intent of livePayments) {
    if (intent.orderReference) liveByOrder.set(intent.orderReference, [...(liveByOrder.get(intent.orderReference) ?? []), intent.id]);
  }

  const keyOfReference = new Map<string, string>();
  const duplicateOrders: Problem[] = [];
  const followUpsMissing: Problem[] = [];
  const lostOrders: Problem[] = [];
  const duplicateNotes: Problem[] = [];
  const ordersWithoutAcceptance: Problem[] = [];
  for (const outcome of outcomes) {
    const scope = { principalId, key: outcome.key };
    const clientReference = deriveKey(scope, 'erp-order');
    keyOfReference.set(clientReference, outcome.key);
    const orders = ordersByReference.get(clientReference) ?? [];
    if (orders.length > 1) duplicateOrders.push({ key: outcome.key, detail: `${orders.length} ERP orders: ${orders.map((order) => `${order.name} (${order.state})`).join(', ')}` });
    const standing = orders.filter(STANDING);
    const notes = ledger.notesByKey.get(deriveKey(scope, 'crm-note')) ?? 0;
    if (notes > 1) duplicateNotes.push({ key: outcome.key, reference: orders[0]?.name, detail: `${notes} CRM notes` });

    if (outcome.kind !== 'accepted') {
      for (const order of standing) {
        ordersWithoutAcceptance.push({ key: outcome.key, reference: order.name, detail: `${outcome.kind === 'rejected' ? `rejected with ${outcome.code}` : `no answer (${outcome.lastFailure})`}, yet ERP order ${order.name} is ${order.state}` });
      }
      continue;
    }
    const order = orderByName.get(outcome.reference);
    if (!order || order.clientReference !== clientReference || !STANDING(order)) {
      lostOrders.push({ key: outcome.key, reference: outcome.reference, detail: order ? `ERP order is ${order.state}` : 'no such ERP order' });
      continue;
    }
    const codes = ledger.trackingCodesByOrder.get(order.id) ?? [];
    const tracked = codes.length > 0 && codes.every((code) => ledger.trackedCodes.has(code));
    const missing = [
      ...(liveByOrder.has(order.name) ? [] : ['PaymentIntent']),
      ...(notes > 0 ? [] : ['CRM note']),
      ...(tracked ? [] : ['tracker']),
    ];
    if (missing.length > 0) followUpsMissing.push({ key: outcome.key, reference: order.name, detail: `missing ${missing.join(', ')}` });
  }

  const duplicateCharges: Problem[] = [];
  for (const [reference, intents] of liveByOrder) {
    if (intents.length > 1) duplicateCharges.push({ key: keyOfReference.get(orderByName.get(reference)?.clientReference ?? ''), reference, detail: `${intents.length} live PaymentIntents: ${intents.join(', ')}` });
  }
  const chargesWithoutOrder: Problem[] = [];
  for (const intent of livePayments) {
    const order = intent.orderReference ? orderByName.get(intent.orderReference) : undefined;
    if (order && STANDING(order) && (intent.erpOrderId === null || intent.erpOrderId === order.id)) continue;
    chargesWithoutOrder.push({
      key: keyOfReference.get(order?.clientReference ?? ''),
      reference: intent.orderReference ?? undefined,
      detail: `${intent.id} (${intent.status}): ${order ? `order ${order.state}` : 'no such order'}`,
    });
  }

  return {
    ordersAccepted: outcomes.filter((outcome) => outcome.kind === 'accepted').length,
    ordersRejected: outcomes.filter((outcome) => outcome.kind === 'rejected').length,
    ordersUnresolved: outcomes.filter((outcome) => outcome.kind === 'unresolved').length,
    erpOrders: ledger.orders.length,
    erpOrdersCancelled: ledger.orders.filter((order) => !STANDING(order)).length,
    paymentIntents: ledger.paymentIntents.length,
    livePaymentIntents: livePayments.length,
    duplicateOrders,
    duplicateCharges,
    chargesWithoutOrder,
    followUpsMissing,
    lostOrders,
    duplicateNotes,
    ordersWithoutAcceptance,
    deadLettersOpen,
    jobsPending,
  };
}

/** The run passes only with none of these; each line says what is wrong. */
export function violatedInvariants(findings: ChaosFindings): string[] {
  const rules: [string, number][] = [
    ['duplicate orders', findings.duplicateOrders.length],
    ['duplicate charges', findings.duplicateCharges.length],
    ['charges without an order', findings.chargesWithoutOrder.length],
    ['follow-ups missing', findings.followUpsMissing.length],
    ['accepted orders lost', findings.lostOrders.length],
    ['follow-ups done twice (CRM notes)', findings.duplicateNotes.length],
    ['standing orders the client was not told about', findings.ordersWithoutAcceptance.length],
    ['orders without a final answer', findings.ordersUnresolved],
    ['dead letters open after replay', findings.deadLettersOpen],
    ['jobs still pending', totalPending(findings.jobsPending)],
  ];
  return rules.filter(([, count]) => count > 0).map(([rule, count]) => `${rule}: ${count}`);
}

export const totalPending = (pending: Readonly<Record<string, number>>) => Object.values(pending).reduce((sum, count) => sum + count, 0);
