import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import type { Connectors } from '../connectors/createConnectors.js';
import type { EventPublisher } from '../integrations/eventBus/EventBus.js';
import { createShippingPoller, type ShippingPoller } from '../integrations/polling/createShippingPoller.js';
import type { JobQueue } from '../reliability/createJobQueue.js';
import type { Store } from '../store/createStore.js';

/** The carrier polled on its schedule (once across instances), each update out to the event bus. */
export async function createShippingPollerFeature(deps: {
  config: Config;
  store: Store;
  connectors: Connectors;
  queue: JobQueue;
  events: EventPublisher;
  logger: Logger;
}): Promise<ShippingPoller> {
  const { config, store } = deps;
  const poller = createShippingPoller({
    prisma: store.prisma,
    pool: store.pool,
    schema: store.schema,
    connectors: deps.connectors,
    maxPagesPerRun: config.polling.maxPagesPerRun,
    logger: deps.logger,
    // The carrier's list says nothing about orders; receivers that need the order look it up by tracking code.
    onUpdate: async (tracker) => {
      await deps.events.publish({
        id: `poll:${tracker.trackingCode}:${tracker.updatedAt ?? ''}`,
        name: 'shipment.updated',
        data: { trackingCode: tracker.trackingCode, status: tracker.status, carrier: tracker.carrier, orderId: null, orderReference: null, partnerId: null },
      });
    },
  });
  await deps.queue.schedule('shipping-poll', config.polling.shippingCron, async () => {
    await poller.poll('schedule');
  });
  return poller;
}
