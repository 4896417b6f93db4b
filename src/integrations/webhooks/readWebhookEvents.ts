import { createHash } from 'node:crypto';
import { headerOf, type SignedRequest } from './SignedRequest.js';
import type { WebhookScheme } from '../../config/webhooksConfig.js';

/** One event of a delivery (HubSpot sends several in one request; the others one). */
export interface InboundEvent {
  readonly eventId: string;
  readonly eventType: string;
  /** The event's own JSON (its element of a HubSpot batch). */
  readonly body: unknown;
}

export type ReadResult =
  | { readonly ok: true; readonly events: readonly InboundEvent[] }
  /** `eventId` still names the delivery, so the unreadable body can be kept once and inspected. */
  | { readonly ok: false; readonly eventId: string; readonly reason: string };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined);

function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) as unknown };
  } catch (error) {
    return { ok: false, reason: `the body is not JSON (${(error as Error).message})` };
  }
}

/** An unreadable body has no event id of its own; its digest stands in, so a resend is recognised. */
const unreadableId = (body: Buffer) => `unreadable:${createHash('sha256').update(body).digest('hex').slice(0, 32)}`;

/** The events a verified body carries, by the sender's conventions. */
export function readWebhookEvents(scheme: WebhookScheme, request: SignedRequest): ReadResult {
  const standardId = scheme === 'standard' ? headerOf(request, 'webhook-id') : undefined;
  const fail = (reason: string): ReadResult => ({ ok: false, eventId: standardId ?? unreadableId(request.body), reason });
  const parsed = parseJson(request.body);
  if (!parsed.ok) return fail(parsed.reason);
  const body = parsed.value;

  switch (scheme) {
    case 'stripe':
    case 'accesspoint': {
      // Stripe Event: { id: "evt_…", type: "payment_intent.succeeded", data: { object } };
      // the access point's: { id: "evt_…", type: "document.sent", data: { document_id } }.
      const id = isObject(body) ? text(body.id) : undefined;
      const type = isObject(body) ? text(body.type) : undefined;
      if (!id || !type) return fail('an event needs an id and a type');
      return { ok: true, events: [{ eventId: id, eventType: type, body }] };
    }
    case 'standard': {
      // The message id is webhook-id; the type is `type` (the Standard Webhooks payload) or EasyPost's `description`.
      const type = isObject(body) ? (text(body.type) ?? text(body.description)) : undefined;
      if (!standardId || !type) return fail('the body names no event type (type or description)');
      return { ok: true, events: [{ eventId: standardId, eventType: type, body }] };
    }
    case 'hubspot': {
      // HubSpot batches: [{ eventId, subscriptionType: "contact.propertyChange", objectId, … }, …].
      if (!Array.isArray(body) || body.length === 0) return fail('a HubSpot delivery is a non-empty array of events');
      const events: InboundEvent[] = [];
      for (const item of body) {
        const id = isObject(item) ? text(item.eventId) : undefined;
        const type = isObject(item) ? text(item.subscriptionType) : undefined;
        if (!id || !type) return fail('every HubSpot event needs an eventId and a subscriptionType');
        events.push({ eventId: id, eventType: type, body: item });
      }
      return { ok: true, events };
    }
  }
}
