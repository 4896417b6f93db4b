import type { Config } from '../config/index.js';
import { WEBHOOK_CHANGES, type Connectors } from '../connectors/createConnectors.js';
import type { EntityCache } from '../connectors/core/cache/createEntityCache.js';
import { registerWebhooksRoute } from '../http/routes/webhooksRoute.js';
import type { EventBus } from '../integrations/eventBus/EventBus.js';
import { createWebhooksIntegration, type WebhooksAdmin } from '../integrations/webhooks/createWebhooksIntegration.js';
import type { WebhookObserver } from '../integrations/webhooks/WebhookObserver.js';
import type { WebhookHandlers } from '../integrations/webhooks/webhookHandlerFor.js';
import type { FollowUpRegistry } from '../reliability/createFollowUpRegistry.js';
import type { JobQueue } from '../reliability/createJobQueue.js';
import type { Store } from '../store/createStore.js';
import type { Feature } from './Feature.js';

export interface WebhooksFeature extends Feature {
  readonly admin: WebhooksAdmin;
}

/** Webhooks in (`POST /webhooks/:system`) and out (deliveries to the clients' endpoints). */
export async function createWebhooksFeature(deps: {
  config: Config;
  store: Store;
  connectors: Connectors;
  queue: JobQueue;
  followUps: FollowUpRegistry;
  bus: EventBus;
  observer: WebhookObserver;
  cache: EntityCache;
  /** Handlers of events beyond the built-in ones (the e-invoicing status events). */
  handlers?: WebhookHandlers;
}): Promise<WebhooksFeature> {
  const { config, cache } = deps;
  const webhooks = createWebhooksIntegration({
    prisma: deps.store.prisma,
    config: config.webhooks,
    connectors: deps.connectors,
    queue: deps.queue,
    followUps: deps.followUps,
    observer: deps.observer,
    handlers: deps.handlers,
    // The events a system sends about its own records are what keeps their cached copies fresh.
    announce: async (source, events) => {
      const changes = WEBHOOK_CHANGES.get(source);
      if (changes) await cache.changed(events.flatMap((event) => changes.tagsOf(event.body)), `webhook:${source}`);
    },
  });
  await webhooks.attachEventBus(deps.bus, { consume: config.queue.worker });
  return {
    admin: webhooks.admin,
    register: (server) =>
      registerWebhooksRoute(server, {
        ingestion: webhooks.ingestion,
        bodyLimitBytes: config.webhooks.bodyLimitBytes,
        publicBaseUrl: config.webhooks.publicBaseUrl,
      }),
  };
}
