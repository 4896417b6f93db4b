import { handleHubSpotContact } from './handleHubSpotContact.js';
import { handleTrackerUpdated } from './handleShipmentEvent.js';
import { STRIPE_HANDLERS } from './handleStripeEvent.js';
import type { WebhookHandler } from './WebhookHandler.js';

/** Per source, the event types the gateway acts on; every other type is stored, acknowledged and ignored. */
const HANDLERS: Readonly<Record<string, Readonly<Record<string, WebhookHandler>>>> = {
  stripe: STRIPE_HANDLERS,
  shipping: { 'tracker.updated': handleTrackerUpdated },
  hubspot: { 'contact.creation': handleHubSpotContact, 'contact.propertyChange': handleHubSpotContact },
};

export function webhookHandlerFor(source: string, eventType: string | null): WebhookHandler | undefined {
  if (eventType === null) return undefined;
  const handlers = Object.hasOwn(HANDLERS, source) ? HANDLERS[source] : undefined;
  return handlers && Object.hasOwn(handlers, eventType) ? handlers[eventType] : undefined;
}
