import { z } from 'zod';
import { cacheType } from '../core/cache/CacheType.js';
import type { BillingCustomer, Payment, Refund } from './types.js';

export const paymentsTags = {
  payment: (id: string) => `payments:payment_intent:${id}`,
  refundsOf: (paymentId: string) => `payments:refund:payment_intent:${paymentId}`,
  paymentsOfPartner: (partnerId: string) => `payments:payment_intent:erp_partner:${partnerId}`,
  paymentsOfOrder: (orderId: string) => `payments:payment_intent:erp_order:${orderId}`,
  customer: (id: string) => `payments:customer:${id}`,
  customerOfPartner: (partnerId: string) => `payments:customer:erp_partner:${partnerId}`,
} as const;

const FRESH_SECONDS = 600;

export const PAYMENTS_CACHE = {
  customerOfPartner: cacheType<string, BillingCustomer | null>({
    system: 'payments',
    name: 'customer',
    freshSeconds: FRESH_SECONDS,
    // The default card is expanded only when asked for.
    selective: true,
    tagsOf: (partnerId, customer) => [paymentsTags.customerOfPartner(partnerId), ...(customer ? [paymentsTags.customer(customer.id)] : [])],
  }),
  paymentsOfPartner: cacheType<string, Payment[]>({ system: 'payments', name: 'partnerPayments', freshSeconds: FRESH_SECONDS, tagsOf: (id) => [paymentsTags.paymentsOfPartner(id)] }),
  paymentsOfOrder: cacheType<string, Payment[]>({ system: 'payments', name: 'orderPayments', freshSeconds: FRESH_SECONDS, tagsOf: (id) => [paymentsTags.paymentsOfOrder(id)] }),
  payment: cacheType<string, Payment | null>({ system: 'payments', name: 'payment', freshSeconds: FRESH_SECONDS, tagsOf: (id) => [paymentsTags.payment(id)] }),
  refundsOfPayment: cacheType<string, Refund[]>({ system: 'payments', name: 'refunds', freshSeconds: FRESH_SECONDS, tagsOf: (id) => [paymentsTags.refundsOf(id)] }),
} as const;

const metadata = z.record(z.string(), z.string()).nullish();
const stripeObject = z.looseObject({
  id: z.string(),
  object: z.string(),
  metadata,
  customer: z.union([z.string(), z.looseObject({ id: z.string() })]).nullish(),
  payment_intent: z.string().nullish(),
});
const stripeEvent = z.object({ type: z.string(), data: z.object({ object: stripeObject }) });

/** The ERP records an intent belongs to (its metadata), as far as known. */
export interface PaymentLinks {
  readonly partnerId?: string | null | undefined;
  readonly orderId?: string | null | undefined;
}

/** The tags an intent (or a charge or refund of one) changes: itself and the lists it appears in. */
export function paymentTags(paymentId: string, links: PaymentLinks): string[] {
  return [
    paymentsTags.payment(paymentId),
    paymentsTags.refundsOf(paymentId),
    ...(links.partnerId ? [paymentsTags.paymentsOfPartner(links.partnerId)] : []),
    ...(links.orderId ? [paymentsTags.paymentsOfOrder(links.orderId)] : []),
  ];
}

const linksOf = (values: Readonly<Record<string, string>> | null | undefined): PaymentLinks => ({ partnerId: values?.erp_partner_id, orderId: values?.erp_order_id });

/** The tags a Stripe event changes, from the object it carries. */
export function stripeChangeTags(body: unknown): string[] {
  const parsed = stripeEvent.safeParse(body);
  if (!parsed.success) return [];
  const { object } = parsed.data.data;
  switch (object.object) {
    case 'payment_intent':
      return paymentTags(object.id, linksOf(object.metadata));
    case 'charge':
    case 'refund':
      return object.payment_intent ? paymentTags(object.payment_intent, linksOf(object.metadata)) : [];
    case 'customer':
      return [paymentsTags.customer(object.id), ...(object.metadata?.erp_partner_id ? [paymentsTags.customerOfPartner(object.metadata.erp_partner_id)] : [])];
    case 'payment_method': {
      // A card attached or detached changes what its customer shows as the default.
      const customer = typeof object.customer === 'string' ? object.customer : object.customer?.id;
      return customer ? [paymentsTags.customer(customer)] : [];
    }
    default:
      return [];
  }
}
