import { z } from 'zod';
import { batchInChunks } from '../core/batchInChunks.js';
import type { ConnectorDeps } from '../core/connectorDeps.js';
import type { CallContext, ErrorDescriber } from '../core/createUpstreamClient.js';
import { parseUpstreamBody } from '../core/parseUpstreamBody.js';
import type { Wanted } from '../core/recordShape.js';
import { schemaPerItem } from '../core/schemaPerItem.js';
import { stripeForm } from './stripeForm.js';
import { metadataAnyOf, STRIPE_SEARCH_MAX_CLAUSES } from './stripeSearchQuery.js';
import { paymentsTags, paymentTags } from './paymentsCache.js';
import type { BillingCustomer, Payment, PaymentStatus, Refund } from './types.js';

export interface PaymentsConnector {
  readonly system: 'payments';
  /** Stripe customers by the ERP partner id kept in their metadata. */
  /** The default card is expanded only when `wanted` includes `defaultCard` (or is absent). */
  customersByPartnerId(context: CallContext, partnerIds: readonly string[], wanted?: Wanted): Promise<(BillingCustomer | null)[]>;
  /**
   * PaymentIntents whose metadata[key] is one of the values, grouped per value, newest first: every one,
   * or the newest `perValue` of each, paging no further than that needs.
   */
  paymentsByMetadata(context: CallContext, key: PaymentLink, values: readonly string[], perValue?: number): Promise<Payment[][]>;
  getPayment(context: CallContext, id: string): Promise<Payment | null>;
  refundsOfPayment(context: CallContext, paymentId: string): Promise<Refund[]>;
  createCustomer(context: CallContext, customer: NewBillingCustomer, idempotencyKey: string): Promise<BillingCustomer>;
  /** Creates a PaymentIntent for manual capture, confirmed with the given payment method. */
  createPayment(context: CallContext, payment: NewPayment, idempotencyKey: string): Promise<Payment>;
  capturePayment(context: CallContext, paymentId: string, idempotencyKey: string): Promise<Payment>;
  cancelPayment(context: CallContext, paymentId: string, idempotencyKey: string): Promise<Payment>;
  refundPayment(context: CallContext, refund: NewRefund, idempotencyKey: string): Promise<Refund>;
}

/** The metadata keys that tie a PaymentIntent to the ERP. */
export type PaymentLink = 'erp_partner_id' | 'erp_order_id' | 'order_ref';

const LINK_ATTRIBUTE = { erp_partner_id: 'erpPartnerId', erp_order_id: 'erpOrderId', order_ref: 'orderRef' } as const satisfies Record<
  PaymentLink,
  keyof Payment
>;

export interface NewBillingCustomer {
  readonly email: string;
  readonly name: string;
  readonly erpPartnerId: string;
}

export interface NewPayment {
  /** Minor units. */
  readonly amount: number;
  readonly currency: string;
  readonly customerId: string;
  /** Confirms the payment with this method; without one it waits for a payment method. */
  readonly paymentMethodId: string | null;
  readonly description: string;
  readonly metadata: Readonly<Record<string, string>>;
}

export interface NewRefund {
  readonly paymentId: string;
  /** Minor units; the whole remaining amount when absent. */
  readonly amount?: number;
  readonly reason?: 'duplicate' | 'fraudulent' | 'requested_by_customer';
}

const metadata = z.record(z.string(), z.string()).default({});
const nullableString = z.string().nullish().transform((value) => value ?? null);

const cardSchema = z.object({
  id: z.string(),
  type: z.string(),
  card: z
    .object({ brand: z.string(), last4: z.string(), exp_month: z.number().nullish(), exp_year: z.number().nullish() })
    .nullish(),
});

const customerSchema = z
  .object({
    id: z.string(),
    email: nullableString,
    name: nullableString,
    balance: z.number().default(0),
    currency: nullableString,
    metadata,
    invoice_settings: z.object({ default_payment_method: z.union([z.string(), cardSchema]).nullish() }).optional(),
  })
  .transform((c): BillingCustomer => {
    const method = c.invoice_settings?.default_payment_method;
    const card = method && typeof method === 'object' ? method.card : null;
    return {
      id: c.id,
      email: c.email,
      name: c.name,
      balance: c.balance,
      currency: c.currency,
      defaultCard: card ? { brand: card.brand, last4: card.last4, expMonth: card.exp_month ?? null, expYear: card.exp_year ?? null } : null,
      defaultPaymentMethodId: typeof method === 'string' ? method : (method?.id ?? null),
      erpPartnerId: c.metadata.erp_partner_id ?? null,
    };
  });

const PAYMENT_STATUSES = [
  'requires_payment_method',
  'requires_confirmation',
  'requires_action',
  'processing',
  'requires_capture',
  'canceled',
  'succeeded',
] as const satisfies readonly PaymentStatus[];

const paymentSchema = z
  .object({
    id: z.string(),
    amount: z.number().int(),
    amount_received: z.number().int().default(0),
    currency: z.string(),
    status: z.enum(PAYMENT_STATUSES),
    customer: z.union([z.string(), z.object({ id: z.string() })]).nullish(),
    created: z.number(),
    description: nullableString,
    metadata,
  })
  .transform(
    (p): Payment => ({
      id: p.id,
      amount: p.amount,
      amountReceived: p.amount_received,
      currency: p.currency.toUpperCase(),
      status: p.status,
      customerId: typeof p.customer === 'object' && p.customer ? p.customer.id : (p.customer ?? null),
      orderRef: p.metadata.order_ref ?? null,
      erpPartnerId: p.metadata.erp_partner_id ?? null,
      erpOrderId: p.metadata.erp_order_id ?? null,
      createdAt: new Date(p.created * 1000),
      description: p.description,
    }),
  );

const refundSchema = z
  .object({
    id: z.string(),
    amount: z.number().int(),
    currency: z.string(),
    payment_intent: nullableString,
    status: z.string(),
    reason: nullableString,
    created: z.number(),
  })
  .transform(
    (r): Refund => ({
      id: r.id,
      amount: r.amount,
      currency: r.currency.toUpperCase(),
      paymentId: r.payment_intent,
      status: r.status,
      reason: r.reason,
      createdAt: new Date(r.created * 1000),
    }),
  );

const searchPage = schemaPerItem(<T>(item: z.ZodType<T>) =>
  z.object({ data: z.array(item), has_more: z.boolean(), next_page: z.string().nullish() }),
);
const listPage = schemaPerItem(<T>(item: z.ZodType<T>) => z.object({ data: z.array(item), has_more: z.boolean() }));

export const describeStripeError: ErrorDescriber = (status, body) => {
  const parsed = z
    .object({ error: z.object({ message: z.string().optional(), code: z.string().optional(), type: z.string().optional() }) })
    .safeParse(body);
  if (!parsed.success) return { message: `HTTP ${status}` };
  const { message, code, type } = parsed.data.error;
  return { message: message ?? type ?? `HTTP ${status}`, code: code ?? type };
};

/** Stripe REST API. By-id lookups become search queries of up to ten OR clauses, Stripe's own batch form. */
export function createPaymentsConnector({ client, changed }: ConnectorDeps<'payments'>): PaymentsConnector {
  async function searchAll<T>(
    context: CallContext,
    resource: 'customers' | 'payment_intents',
    query: string,
    item: z.ZodType<T>,
    expand: string[] = [],
    enough: (results: readonly T[]) => boolean = () => false,
  ): Promise<T[]> {
    const results: T[] = [];
    let page: string | undefined;
    do {
      const searchParams = new URLSearchParams({ query, limit: '100' });
      for (const path of expand) searchParams.append('expand[]', path);
      if (page) searchParams.set('page', page);
      const response = await client.request(context, {
        method: 'GET',
        path: `v1/${resource}/search`,
        route: `GET /v1/${resource}/search`,
        searchParams,
        idempotent: true,
      });
      const body = parseUpstreamBody('payments', searchPage(item), response.body, `a ${resource} search`);
      results.push(...body.data);
      page = body.has_more && !enough(results) ? (body.next_page ?? undefined) : undefined;
    } while (page);
    return results;
  }

  /** A missing object is an answer (null), not a failure. */
  async function getOrNull<T>(context: CallContext, path: string, route: string, item: z.ZodType<T>): Promise<T | null> {
    try {
      const response = await client.request(context, { method: 'GET', path, route, idempotent: true });
      return parseUpstreamBody('payments', item, response.body, route);
    } catch (error) {
      if ((error as { status?: number }).status === 404) return null;
      throw error;
    }
  }

  /** Every write carries an Idempotency-Key, so Stripe answers a retry with the first result: safe to retry. */
  async function post<T>(
    context: CallContext,
    path: string,
    route: string,
    form: Record<string, unknown>,
    idempotencyKey: string,
    item: z.ZodType<T>,
  ): Promise<T> {
    const response = await client.request(context, {
      method: 'POST',
      path,
      route,
      form: stripeForm(form),
      headers: { 'idempotency-key': idempotencyKey },
      idempotent: true,
    });
    return parseUpstreamBody('payments', item, response.body, route);
  }

  const paymentPath = (id: string, action: string) => `v1/payment_intents/${encodeURIComponent(id)}/${action}`;

  /** A write to an intent changes it and the lists of its customer and order. */
  async function paymentWrite(writing: Promise<Payment>): Promise<Payment> {
    const payment = await writing;
    await changed(paymentTags(payment.id, { partnerId: payment.erpPartnerId, orderId: payment.erpOrderId }));
    return payment;
  }

  return {
    system: 'payments',
    async createCustomer(context, customer, key) {
      const created = await post(context, 'v1/customers', 'POST /v1/customers', {
        email: customer.email,
        name: customer.name,
        metadata: { erp_partner_id: customer.erpPartnerId },
      }, key, customerSchema);
      await changed([paymentsTags.customer(created.id), paymentsTags.customerOfPartner(customer.erpPartnerId)]);
      return created;
    },
    createPayment: (context, payment, key) =>
      paymentWrite(post(context, 'v1/payment_intents', 'POST /v1/payment_intents', {
        amount: payment.amount,
        currency: payment.currency.toLowerCase(),
        customer: payment.customerId,
        description: payment.description,
        ...(payment.paymentMethodId ? { payment_method: payment.paymentMethodId, confirm: true } : {}),
        capture_method: 'manual',
        metadata: payment.metadata,
      }, key, paymentSchema)),
    capturePayment: (context, id, key) =>
      paymentWrite(post(context, paymentPath(id, 'capture'), 'POST /v1/payment_intents/{id}/capture', {}, key, paymentSchema)),
    cancelPayment: (context, id, key) =>
      paymentWrite(post(context, paymentPath(id, 'cancel'), 'POST /v1/payment_intents/{id}/cancel', {}, key, paymentSchema)),
    async refundPayment(context, refund, key) {
      const created = await post(context, 'v1/refunds', 'POST /v1/refunds', {
        payment_intent: refund.paymentId,
        amount: refund.amount,
        reason: refund.reason,
      }, key, refundSchema);
      await changed(paymentTags(refund.paymentId, {}));
      return created;
    },
    async customersByPartnerId(context, partnerIds, wanted) {
      const expand = wanted === undefined || [...wanted].includes('defaultCard') ? ['data.invoice_settings.default_payment_method'] : [];
      const customers = await batchInChunks(partnerIds, STRIPE_SEARCH_MAX_CLAUSES, (chunk) =>
        searchAll(context, 'customers', metadataAnyOf('erp_partner_id', chunk), customerSchema, expand),
      );
      const byPartner = new Map(customers.map((customer) => [customer.erpPartnerId, customer]));
      return partnerIds.map((id) => byPartner.get(id) ?? null);
    },
    async paymentsByMetadata(context, key, values, perValue) {
      const linkOf = (payment: Payment) => payment[LINK_ATTRIBUTE[key]];
      // Stripe's search answers newest first, so a chunk stops paging once each of its values has its share.
      const enough = (chunk: readonly string[]) => (found: readonly Payment[]) => {
        if (perValue === undefined) return false;
        const counts = new Map<string, number>();
        for (const payment of found) counts.set(linkOf(payment) ?? '', (counts.get(linkOf(payment) ?? '') ?? 0) + 1);
        return chunk.every((value) => (counts.get(value) ?? 0) >= perValue);
      };
      const payments = await batchInChunks(values, STRIPE_SEARCH_MAX_CLAUSES, (chunk) =>
        searchAll(context, 'payment_intents', metadataAnyOf(key, chunk), paymentSchema, [], enough(chunk)),
      );
      const groups = new Map<string, Payment[]>(values.map((value) => [value, []]));
      for (const payment of payments) {
        const value = linkOf(payment);
        if (value !== null) groups.get(value)?.push(payment);
      }
      return values.map((value) => {
        const newestFirst = (groups.get(value) ?? []).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
        return perValue === undefined ? newestFirst : newestFirst.slice(0, perValue);
      });
    },
    getPayment: (context, id) =>
      getOrNull(context, `v1/payment_intents/${encodeURIComponent(id)}`, 'GET /v1/payment_intents/{id}', paymentSchema),
    async refundsOfPayment(context, paymentId) {
      const response = await client.request(context, {
        method: 'GET',
        path: 'v1/refunds',
        route: 'GET /v1/refunds',
        searchParams: new URLSearchParams({ payment_intent: paymentId, limit: '100' }),
        idempotent: true,
      });
      return parseUpstreamBody('payments', listPage(refundSchema), response.body, 'the refund list').data;
    },
  };
}
