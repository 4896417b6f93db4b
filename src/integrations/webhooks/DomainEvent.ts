import { randomUUID } from 'node:crypto';
import { toDomainEvent, type AnyDomainEvent, type EventInput, type EventName } from '../eventBus/DomainEvent.js';

export { EVENT_NAMES, isEventName, type AnyDomainEvent, type EventName } from '../eventBus/DomainEvent.js';

/**
 * Publishes a domain event derived from an inbound webhook. The id is required: it derives from the
 * inbound event, so processing it again publishes the same event, which subscribers see once.
 */
export type PublishDomainEvent = <N extends EventName>(event: EventInput<N> & { readonly id: string }) => Promise<void>;

/** An event as the bus would carry it, for delivering without a bus. */
export function domainEventOf<N extends EventName>(input: EventInput<N>): AnyDomainEvent {
  return toDomainEvent({ ...input, id: input.id ?? randomUUID() }) as unknown as AnyDomainEvent;
}
