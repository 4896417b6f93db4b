import type { Logger } from 'pino';
import type { AnyDomainEvent, DomainEvent, EventName } from './DomainEvent.js';
import type { BusSubscription, EventHandler } from './EventBus.js';

/** The live subscriptions of one adapter in this process: one broker feed, handed to each of them. */
export interface LiveFanOut {
  add<N extends EventName>(name: N, handler: EventHandler<N>): BusSubscription;
  dispatch(event: AnyDomainEvent): void;
  /** Event names with at least one live subscription. */
  names(): EventName[];
  clear(): void;
}

export function createLiveFanOut(logger: Logger): LiveFanOut {
  const handlers = new Map<EventName, Set<EventHandler<EventName>>>();
  return {
    add(name, handler) {
      const set = handlers.get(name) ?? new Set();
      handlers.set(name, set);
      const entry = handler as unknown as EventHandler<EventName>;
      set.add(entry);
      return {
        async close() {
          set.delete(entry);
          if (set.size === 0 && handlers.get(name) === set) handlers.delete(name);
        },
      };
    },
    dispatch(event) {
      for (const handler of handlers.get(event.name) ?? []) {
        const log = logger.child({ eventId: event.id, name: event.name });
        // A live handler only pushes to clients: its failure is logged, never retried.
        handler(event as DomainEvent<EventName>, { requestId: `live:${event.id}`, log, attempt: 1 }).catch((error: unknown) =>
          log.warn({ err: { message: (error as Error).message } }, 'live event handler failed'),
        );
      }
    },
    names: () => [...handlers.keys()],
    clear: () => handlers.clear(),
  };
}
