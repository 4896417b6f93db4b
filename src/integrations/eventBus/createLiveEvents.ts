import type { Logger } from 'pino';
import { EVENT_NAMES, type AnyDomainEvent, type DomainEvent, type EventName } from './DomainEvent.js';
import type { BusSubscription, EventBus } from './EventBus.js';

/** Domain events as they happen, for GraphQL subscriptions in this process. */
export interface LiveEvents {
  /**
   * Events of these names that `accept` lets through, from now until the iterator's `return()`.
   * A reader that falls behind by more than `LIVE_BUFFER` events loses the oldest: each event only
   * triggers a fresh read, so the newest state still arrives.
   */
  stream<N extends EventName>(names: readonly N[], accept: (event: DomainEvent<N>) => boolean): AsyncIterableIterator<DomainEvent<N>>;
  close(): Promise<void>;
}

export const LIVE_BUFFER = 100;

interface Listener {
  readonly names: ReadonlySet<EventName>;
  push(event: AnyDomainEvent): void;
}

/**
 * One live bus subscription per event name for the whole process, fanned out in memory to every
 * GraphQL subscription that wants it, so a thousand connected clients cost the broker nothing more.
 */
export async function createLiveEvents(bus: EventBus, logger: Logger): Promise<LiveEvents> {
  const log = logger.child({ component: 'live-events' });
  const listeners = new Set<Listener>();
  const subscriptions: BusSubscription[] = await Promise.all(
    EVENT_NAMES.map((name) =>
      bus.subscribe(
        name,
        async (event) => {
          for (const listener of listeners) if (listener.names.has(event.name)) listener.push(event as AnyDomainEvent);
        },
        { mode: 'live' },
      ),
    ),
  );

  return {
    stream<N extends EventName>(names: readonly N[], accept: (event: DomainEvent<N>) => boolean): AsyncIterableIterator<DomainEvent<N>> {
      const buffer: DomainEvent<N>[] = [];
      let waiting: ((result: IteratorResult<DomainEvent<N>>) => void) | undefined;
      let done = false;
      const listener: Listener = {
        names: new Set<EventName>(names),
        push(event) {
          const typed = event as unknown as DomainEvent<N>;
          if (done || !accept(typed)) return;
          if (waiting) {
            const resolve = waiting;
            waiting = undefined;
            resolve({ value: typed, done: false });
            return;
          }
          buffer.push(typed);
          if (buffer.length > LIVE_BUFFER) {
            buffer.shift();
            log.warn({ names }, 'a live subscriber fell behind; its oldest pending event was dropped');
          }
        },
      };
      listeners.add(listener);
      const finish = async (): Promise<IteratorResult<DomainEvent<N>>> => {
        done = true;
        listeners.delete(listener);
        buffer.length = 0;
        waiting?.({ value: undefined, done: true });
        waiting = undefined;
        return { value: undefined, done: true };
      };
      return {
        next() {
          const value = buffer.shift();
          if (value) return Promise.resolve({ value, done: false });
          if (done) return Promise.resolve({ value: undefined, done: true });
          return new Promise((resolve) => (waiting = resolve));
        },
        return: finish,
        async throw(error: unknown) {
          await finish();
          throw error;
        },
        [Symbol.asyncIterator]() {
          return this;
        },
      };
    },

    async close() {
      await Promise.all(subscriptions.map((subscription) => subscription.close()));
      for (const listener of [...listeners]) listeners.delete(listener);
    },
  };
}
