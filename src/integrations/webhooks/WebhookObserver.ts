import type { WebhookRejectionCode } from './WebhookRejection.js';

/** How one inbound delivery that reached verification ended. */
export type WebhookReceiveOutcome = 'accepted' | 'duplicate' | 'ignored' | WebhookRejectionCode | 'error';

/** How one outbound delivery attempt ended. */
export type WebhookDeliveryOutcome = 'delivered' | 'gone' | 'rejected' | 'timeout' | 'unreachable' | 'refused';

/** Told of webhook traffic both ways (metrics); must not throw. */
export interface WebhookObserver {
  received?(source: string, outcome: WebhookReceiveOutcome): void;
  delivered?(outcome: WebhookDeliveryOutcome): void;
}
