import type { Connectors } from '../../connectors/createConnectors.js';
import type { CallContext } from '../../connectors/core/createUpstreamClient.js';
import { workId } from '../../reliability/workId.js';
import type { EventName, PublishDomainEvent } from './DomainEvent.js';

/** One stored inbound event, as a handler sees it. */
export interface HandledEvent {
  readonly source: string;
  readonly eventId: string;
  readonly eventType: string;
  /** This event's JSON (for a batched delivery, its own element). */
  readonly body: unknown;
}

export interface HandlerDeps {
  readonly connectors: Connectors;
  readonly publish: PublishDomainEvent;
  readonly context: CallContext;
}

export interface HandlerOutcome {
  /** ignored: nothing of ours was concerned (an order we do not know, say); `note` says why. */
  readonly status: 'processed' | 'ignored';
  readonly note?: string;
}

/**
 * Applies one event to the systems it concerns. Runs at least once: reading current state from
 * the systems rather than trusting the (possibly stale, or out of order) event makes a rerun harmless.
 */
export type WebhookHandler = (event: HandledEvent, deps: HandlerDeps) => Promise<HandlerOutcome>;

/** The id of the domain event an inbound event leads to: the same on every rerun, so subscribers see it once. */
export function domainEventId(event: HandledEvent, type: EventName): string {
  return workId('domain-event', `${event.source}:${event.eventId}:${type}`);
}

export const ignored = (note: string): HandlerOutcome => ({ status: 'ignored', note });
