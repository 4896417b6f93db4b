import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/**
 * What happened, by event name. Ids are the systems' own (ERP partner and order ids, the order
 * reference, Stripe PaymentIntent ids, carrier tracking codes), so a consumer can look up the rest;
 * amounts are in minor units, as Stripe keeps them.
 */
export interface DomainEvents {
  /** A customer was created: its ERP partner exists; CRM and billing follow. */
  'customer.created': { partnerId: number; email: string; name: string; phone: string | null; company: string | null };
  /** An order was created and confirmed in the ERP; `paymentId` is null while its payment is queued. */
  'order.placed': { orderId: number; orderReference: string; partnerId: number; amount: number; currency: string; paymentId: string | null };
  /** An order was cancelled (its payment cancelled or refunded first). */
  'order.cancelled': { orderId: number; orderReference: string; partnerId: number | null };
  'payment.succeeded': PaymentEventData;
  'payment.failed': PaymentEventData & { failureCode: string | null; failureMessage: string | null };
  /** The carrier reported a change of a parcel; order fields are null when the event does not say. */
  'shipment.updated': {
    trackingCode: string;
    status: string;
    carrier: string | null;
    orderId: number | null;
    orderReference: string | null;
    partnerId: number | null;
  };
}

/** A PaymentIntent and, from its metadata (`erp_order_id`, `order_ref`, `erp_partner_id`), what it pays. */
export interface PaymentEventData {
  paymentId: string;
  orderId: number | null;
  orderReference: string | null;
  partnerId: number | null;
  amount: number;
  currency: string;
}

export type EventName = keyof DomainEvents;

export const EVENT_NAMES = [
  'customer.created',
  'order.placed',
  'order.cancelled',
  'payment.succeeded',
  'payment.failed',
  'shipment.updated',
] as const satisfies readonly EventName[];

export interface DomainEvent<N extends EventName = EventName> {
  /** Unique per event; publishing the same id again is the same event (consumers may see it twice). */
  readonly id: string;
  readonly name: N;
  /** ISO 8601. */
  readonly occurredAt: string;
  readonly data: DomainEvents[N];
}

/** Any one event, narrowed by its `name`. */
export type AnyDomainEvent = { [N in EventName]: DomainEvent<N> }[EventName];

/** What a publisher gives; an id derived from an idempotency key makes a retried request publish the same event. */
export type EventInput<N extends EventName = EventName> = { readonly name: N; readonly data: DomainEvents[N]; readonly id?: string };

export function isEventName(name: string): name is EventName {
  return (EVENT_NAMES as readonly string[]).includes(name);
}

export function toDomainEvent<N extends EventName>(input: EventInput<N>): DomainEvent<N> {
  return { id: input.id ?? randomUUID(), name: input.name, occurredAt: new Date().toISOString(), data: input.data };
}

const envelopeSchema = z.object({
  id: z.string().min(1),
  name: z.string().refine(isEventName, 'an event name'),
  occurredAt: z.string(),
  data: z.record(z.string(), z.unknown()),
});

/**
 * An event read back from a broker. Only the envelope is checked: the data comes from our own
 * publishers, and a malformed message must be reported, not crash a consumer loop.
 */
export function parseDomainEvent(text: string): AnyDomainEvent | null {
  try {
    const parsed = envelopeSchema.safeParse(JSON.parse(text));
    return parsed.success ? (parsed.data as unknown as AnyDomainEvent) : null;
  } catch {
    return null;
  }
}
