import type { Config } from '../config/index.js';
import type { RetryPolicy } from '../config/RetryPolicy.js';
import type { Connectors } from '../connectors/createConnectors.js';
import type { CallContext } from '../connectors/core/createUpstreamClient.js';
import type { SystemName } from '../config/SystemName.js';
import { UpstreamError } from '../connectors/core/UpstreamError.js';
import type { PaymentsConnector } from '../connectors/payments/createPaymentsConnector.js';
import type { Payment } from '../connectors/payments/types.js';

/**
 * Work that follows an accepted write but need not finish inside the request. Each handler is
 * idempotent: it can run twice (a redelivery, a replay) and the upstream effect happens once,
 * because every call it makes is keyed or looks for its own earlier result first.
 */
export interface FollowUpPayloads {
  /** A new customer's CRM contact. */
  'crm-create-contact': { partnerId: number; email: string; name: string; phone: string | null; company: string | null };
  /** A new customer's Stripe customer. */
  'payments-create-customer': { partnerId: number; email: string; name: string; stripeKey: string };
  /** A note on the customer's CRM contact about a placed order. */
  'crm-order-note': { orderId: number; orderReference: string; email: string; name: string; total: string; noteKey: string };
  /** Carrier tracking for the parcels of a confirmed order. */
  'shipping-create-trackers': { orderId: number; orderReference: string };
  /** The PaymentIntent of an order whose payment could not be created in the request. */
  'payments-create-payment': {
    orderId: number;
    orderReference: string;
    partnerId: number;
    amount: number;
    currency: string;
    stripeKey: string;
  };
  /** A stored inbound webhook event (its row id), applied to the systems it concerns. */
  'webhook-process': { webhookEventId: string };
  /** One outbound delivery of a domain event to a client's endpoint (its row id). */
  'webhook-deliver': { deliveryId: string };
  /** An ERP invoice sent to its buyer over Peppol (its account.move id). */
  'einvoice-send': { invoiceId: number };
}

export type FollowUpKind = keyof FollowUpPayloads;

/** Inbound processing and outbound delivery of webhooks, implemented in integrations/webhooks. */
export interface WebhookJobs {
  process(webhookEventId: string, context: CallContext): Promise<void>;
  deliver(deliveryId: string, context: CallContext): Promise<void>;
}

/** Sending an invoice over Peppol, implemented by the e-invoicing feature over the domain. */
export interface EInvoiceJobs {
  send(invoiceId: number, context: CallContext): Promise<void>;
}

/** What handlers run with: the connectors, and the services of integrations that add kinds of their own. */
export interface FollowUpDeps extends Connectors {
  readonly webhooks?: WebhookJobs;
  readonly einvoices?: EInvoiceJobs;
}

export interface FollowUpDefinition<K extends FollowUpKind> {
  readonly kind: K;
  /** An upstream system, or `webhooks` for jobs whose retry policy is the webhooks configuration's. */
  readonly system: SystemName | 'webhooks';
  /** Jobs one instance runs side by side (pg-boss 10 runs one at a time per worker); default 1. */
  workers?(config: Config): number;
  run(deps: FollowUpDeps, context: CallContext, payload: FollowUpPayloads[K]): Promise<void>;
}

type Definitions = { readonly [K in FollowUpKind]: FollowUpDefinition<K> };

function missing(system: SystemName, message: string): UpstreamError {
  return new UpstreamError({ system, kind: 'rejected', message });
}

function registered<K extends 'webhooks' | 'einvoices'>(deps: FollowUpDeps, jobs: K): NonNullable<FollowUpDeps[K]> {
  const found = deps[jobs];
  if (!found) throw new Error(`${jobs} jobs cannot run here: this process was built without them`);
  return found as NonNullable<FollowUpDeps[K]>;
}

export const FOLLOW_UPS: Definitions = {
  'crm-create-contact': {
    kind: 'crm-create-contact',
    system: 'crm',
    async run({ crm }, context, payload) {
      const [firstName, ...rest] = payload.name.split(' ');
      await crm.upsertContact(context, {
        email: payload.email,
        firstName: firstName ?? null,
        lastName: rest.join(' ') || null,
        phone: payload.phone,
        company: payload.company,
      });
    },
  },
  'payments-create-customer': {
    kind: 'payments-create-customer',
    system: 'payments',
    async run({ payments }, context, payload) {
      await payments.createCustomer(
        context,
        { email: payload.email, name: payload.name, erpPartnerId: String(payload.partnerId) },
        payload.stripeKey,
      );
    },
  },
  'crm-order-note': {
    kind: 'crm-order-note',
    system: 'crm',
    async run({ crm }, context, payload) {
      const [found] = await crm.contactsByEmail(context, [payload.email]);
      const contact =
        found ?? (await crm.upsertContact(context, { email: payload.email, firstName: payload.name, lastName: null, phone: null, company: null }));
      await crm.addNoteOnce(context, {
        contactId: contact.id,
        body: `Order ${payload.orderReference} placed: ${payload.total}`,
        idempotencyKey: payload.noteKey,
      });
    },
  },
  'shipping-create-trackers': {
    kind: 'shipping-create-trackers',
    system: 'shipping',
    async run({ erp, shipping }, context, payload) {
      const pickings = await erp.pickingsOfOrders(context, [payload.orderId]);
      const codes = pickings.flatMap((picking) => (picking.trackingCode ? [picking.trackingCode] : []));
      if (codes.length === 0) throw missing('erp', `Order ${payload.orderReference} has no delivery with a tracking code yet`);
      for (const code of codes) await shipping.createTracker(context, code);
    },
  },
  'payments-create-payment': {
    kind: 'payments-create-payment',
    system: 'payments',
    async run({ payments }, context, payload) {
      const payment = await createOrderPayment(payments, context, payload);
      if (!payment) throw missing('payments', `No Stripe customer for ERP partner ${payload.partnerId}`);
    },
  },
  'webhook-process': {
    kind: 'webhook-process',
    system: 'webhooks',
    run: (deps, context, payload) => registered(deps, 'webhooks').process(payload.webhookEventId, context),
  },
  'webhook-deliver': {
    kind: 'webhook-deliver',
    system: 'webhooks',
    workers: (config) => config.webhooks.delivery.workers,
    run: (deps, context, payload) => registered(deps, 'webhooks').deliver(payload.deliveryId, context),
  },
  'einvoice-send': {
    kind: 'einvoice-send',
    system: 'einvoicing',
    run: (deps, context, payload) => registered(deps, 'einvoices').send(payload.invoiceId, context),
  },
};

/** The retry policy of a kind's jobs: its system's, or for webhook jobs the webhooks configuration's. */
export function jobRetryOf(kind: FollowUpKind, config: Config): RetryPolicy {
  const { system } = FOLLOW_UPS[kind];
  if (system !== 'webhooks') return config.systems[system].jobs;
  return kind === 'webhook-deliver' ? config.webhooks.delivery.retry : config.webhooks.processing;
}

/**
 * The PaymentIntent of an order, keyed so that the request and a queued retry of it create one:
 * null when the customer has no Stripe customer yet.
 */
export async function createOrderPayment(
  payments: PaymentsConnector,
  context: CallContext,
  order: FollowUpPayloads['payments-create-payment'],
): Promise<Payment | null> {
  const [customer] = await payments.customersByPartnerId(context, [String(order.partnerId)]);
  if (!customer) return null;
  return payments.createPayment(
    context,
    {
      amount: order.amount,
      currency: order.currency,
      customerId: customer.id,
      paymentMethodId: customer.defaultPaymentMethodId,
      description: `Order ${order.orderReference}`,
      metadata: { order_ref: order.orderReference, erp_order_id: String(order.orderId), erp_partner_id: String(order.partnerId) },
    },
    order.stripeKey,
  );
}

export const FOLLOW_UP_KINDS = Object.keys(FOLLOW_UPS) as FollowUpKind[];

export function isFollowUpKind(kind: string): kind is FollowUpKind {
  return Object.hasOwn(FOLLOW_UPS, kind);
}

/** Runs a follow-up by kind with an untyped payload (from the queue or a dead letter). */
export function runFollowUp(kind: FollowUpKind, deps: FollowUpDeps, context: CallContext, payload: unknown): Promise<void> {
  const definition = FOLLOW_UPS[kind] as FollowUpDefinition<FollowUpKind>;
  return definition.run(deps, context, payload as never);
}
