import { handleHubSpotContact } from './handleHubSpotContact.js';
import { handleTrackerUpdated } from './handleShipmentEvent.js';
import { STRIPE_HANDLERS } from './handleStripeEvent.js';
import type { WebhookHandler } from './WebhookHandler.js';

/** Per source, the event types it acts on. */
export type WebhookHandlers = Readonly<Record<string, Readonly<Record<string, WebhookHandler>>>>;

/** Per source, the event types the gateway acts on; every other type is stored, acknowledged and ignored. */
const HANDLERS: WebhookHandlers = {
  stripe: STRIPE_HANDLERS,
  shipping: { 'tracker.updated': handleTrackerUpdated },
  hubspot: { 'contact.creation': handleHubSpotContact, 'contact.propertyChange': handleHubSpotContact },
};

export type WebhookHandlerFor = (source: string, eventType: string | null) => WebhookHandler | undefined;

/** The handler of a source's event type, among the built-in ones and those a feature adds (e-invoice status events). */
export function webhookHandlersWith(added: WebhookHandlers = {}): WebhookHandlerFor {
  const all: WebhookHandlers = { ...HANDLERS, ...added };
  return (source, eventType) => {
    if (eventType === null) return undefined;
    const handlers = Object.hasOwn(all, source) ? all[source] : undefined;
    return handlers && Object.hasOwn(handlers, eventType) ? handlers[eventType] : undefined;
  };
}
