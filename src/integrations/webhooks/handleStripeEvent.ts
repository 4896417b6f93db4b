import { z } from 'zod';
import type { InvoicePaymentState } from '../../connectors/erp/createErpConnector.js';
import type { Payment, Refund } from '../../connectors/payments/types.js';
import { domainEventId, ignored, type HandledEvent, type HandlerDeps, type WebhookHandler } from './WebhookHandler.js';

const metadata = z.record(z.string(), z.string()).nullish().transform((value) => value ?? {});
const intentEvent = z.object({
  data: z.object({
    object: z.object({
      id: z.string(),
      metadata,
      last_payment_error: z.object({ code: z.string().nullish(), decline_code: z.string().nullish(), message: z.string().nullish() }).nullish(),
    }),
  }),
});
const chargeEvent = z.object({ data: z.object({ object: z.object({ payment_intent: z.string(), metadata }) }) });

/** What the invoice of a payment should say, from the payment's current state; undefined: leave it. */
function invoiceStateOf(payment: Payment, refunds: readonly Refund[]): InvoicePaymentState | undefined {
  if (payment.status !== 'succeeded') return undefined;
  const refunded = refunds.filter((refund) => refund.status === 'succeeded' || refund.status === 'pending').reduce((sum, refund) => sum + refund.amount, 0);
  if (refunded >= payment.amountReceived) return 'reversed';
  if (refunded > 0 || payment.amountReceived < payment.amount) return 'partial';
  return 'paid';
}

/**
 * Brings the order's invoices in line with the payment as Stripe has it now (not as the event
 * says: events arrive out of order and twice), and reports what it found.
 */
async function reconcile(paymentId: string, orderMetadata: Record<string, string>, { connectors, context }: HandlerDeps) {
  const orderId = Number(orderMetadata.erp_order_id);
  if (!Number.isInteger(orderId) || orderId <= 0) return { ok: false as const, note: `PaymentIntent ${paymentId} names no ERP order (metadata.erp_order_id)` };
  const [payment, [order]] = await Promise.all([connectors.payments.getPayment(context, paymentId), connectors.erp.readOrders(context, [orderId])]);
  if (!payment) return { ok: false as const, note: `Stripe has no PaymentIntent ${paymentId}` };
  if (!order) return { ok: false as const, note: `The ERP has no order ${orderId} (PaymentIntent ${paymentId})` };
  const refunds = payment.status === 'succeeded' ? await connectors.payments.refundsOfPayment(context, payment.id) : [];
  const state = invoiceStateOf(payment, refunds);
  const invoices = (await connectors.erp.readInvoices(context, order.invoiceIds)).flatMap((invoice) => (invoice && invoice.state === 'posted' ? [invoice] : []));
  const stale = state ? invoices.filter((invoice) => invoice.paymentState !== state) : [];
  if (state && stale.length > 0) await connectors.erp.setInvoicePaymentState(context, stale.map((invoice) => invoice.id), state, payment.id);
  context.log.info({ paymentId, orderId, invoiceState: state ?? 'unchanged', updated: stale.map((invoice) => invoice.number) }, 'invoices reconciled with the payment');
  return {
    ok: true as const,
    payment: { paymentId: payment.id, orderId: order.id, orderReference: order.name, partnerId: order.partnerId, amount: payment.amount, currency: payment.currency },
  };
}

const paymentOutcome =
  (name: 'payment.succeeded' | 'payment.failed'): WebhookHandler =>
  async (event: HandledEvent, deps) => {
    const parsed = intentEvent.safeParse(event.body);
    if (!parsed.success) return ignored('The event carries no PaymentIntent (data.object.id)');
    const { object } = parsed.data.data;
    const result = await reconcile(object.id, object.metadata, deps);
    if (!result.ok) return ignored(result.note);
    const id = domainEventId(event, name);
    if (name === 'payment.succeeded') {
      await deps.publish({ id, name, data: result.payment });
    } else {
      const error = object.last_payment_error;
      await deps.publish({ id, name, data: { ...result.payment, failureCode: error?.decline_code ?? error?.code ?? null, failureMessage: error?.message ?? null } });
    }
    return { status: 'processed' };
  };

export const STRIPE_HANDLERS: Readonly<Record<string, WebhookHandler>> = {
  'payment_intent.succeeded': paymentOutcome('payment.succeeded'),
  'payment_intent.payment_failed': paymentOutcome('payment.failed'),
  async 'charge.refunded'(event, deps) {
    const parsed = chargeEvent.safeParse(event.body);
    if (!parsed.success) return ignored('The event carries no charge of a PaymentIntent (data.object.payment_intent)');
    const { object } = parsed.data.data;
    const result = await reconcile(object.payment_intent, object.metadata, deps);
    return result.ok ? { status: 'processed' } : ignored(result.note);
  },
};
