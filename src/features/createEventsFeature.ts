import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import type { Connectors } from '../connectors/createConnectors.js';
import { createEventBus } from '../integrations/eventBus/createEventBus.js';
import { createLiveEvents, type LiveEvents } from '../integrations/eventBus/createLiveEvents.js';
import type { EventBus } from '../integrations/eventBus/EventBus.js';
import type { DeadLetterService } from '../reliability/createDeadLetterService.js';
import type { Store } from '../store/createStore.js';
import type { Feature } from './Feature.js';

export interface EventsFeature extends Feature {
  readonly bus: EventBus;
  readonly live: LiveEvents;
}

/** The event bus and the live feed of events behind subscriptions. */
export async function createEventsFeature(deps: {
  config: Config;
  store: Store;
  connectors: Connectors;
  deadLetters: DeadLetterService;
  logger: Logger;
}): Promise<EventsFeature> {
  const { config, logger } = deps;
  const bus = await createEventBus({
    config: config.eventBus,
    logger,
    deadLetters: deps.deadLetters,
    postgres: { connectionString: deps.store.databaseUrl, schema: config.queue.schema, pollingSeconds: config.queue.pollingSeconds },
  });
  // Every instance feeds its own subscribers live.
  const live = await createLiveEvents(bus, logger);
  return {
    bus,
    live,
    async close() {
      await live.close();
      await bus.close();
    },
  };
}
