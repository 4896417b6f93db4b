import type { Connectors } from '../../connectors/createConnectors.js';
import type { PrismaClient } from '../../generated/prisma/client.js';
import type { FollowUpRegistry } from '../../reliability/createFollowUpRegistry.js';
import type { JobQueue } from '../../reliability/createJobQueue.js';
import type { EventBus } from '../eventBus/EventBus.js';
import { domainEventOf, EVENT_NAMES, type AnyDomainEvent, type PublishDomainEvent } from './DomainEvent.js';
import { createWebhookEventLog, type WebhookEventLog } from './createWebhookEventLog.js';
import { createWebhookIngestion, type WebhookIngestion, type WebhookIngestionOptions } from './createWebhookIngestion.js';
import { createWebhookProcessor } from './createWebhookProcessor.js';
import { createDestinationGuard } from './outbound/createDestinationGuard.js';
import { createWebhookDeliverer } from './outbound/createWebhookDeliverer.js';
import { createWebhookDispatcher } from './outbound/createWebhookDispatcher.js';
import { createWebhookEndpointService, type WebhookEndpointService } from './outbound/createWebhookEndpointService.js';
import type { WebhooksConfig } from '../../config/webhooksConfig.js';
import { observeWebhookIngestion } from './observeWebhookIngestion.js';
import { webhookHandlersWith, type WebhookHandlers } from './webhookHandlerFor.js';
import type { WebhookObserver } from './WebhookObserver.js';

export interface WebhooksIntegrationOptions {
  readonly prisma: PrismaClient;
  readonly config: WebhooksConfig;
  readonly connectors: Connectors;
  /** Where inbound events are processed and outbound deliveries made. */
  readonly queue: Pick<JobQueue, 'enqueue'>;
  /** Where the queue finds the `webhook-process` and `webhook-deliver` jobs, registered here. */
  readonly followUps: Pick<FollowUpRegistry, 'registerWebhookJobs'>;
  /** Told of every inbound delivery and outbound attempt (metrics). */
  readonly observer?: WebhookObserver;
  /** Told of every verified inbound event at once (the entity cache's invalidation). */
  readonly announce?: WebhookIngestionOptions['announce'];
  /** Event handlers of features beyond the built-in ones, by source and type. */
  readonly handlers?: WebhookHandlers;
}

/** What the admin API manages: the clients' endpoints, and the inbound events as received. */
export interface WebhooksAdmin {
  readonly endpoints: WebhookEndpointService;
  readonly events: WebhookEventLog;
}

export interface WebhooksIntegration {
  readonly ingestion: WebhookIngestion;
  readonly admin: WebhooksAdmin;
  /** Where domain events derived from inbound webhooks leave the gateway. */
  readonly publish: PublishDomainEvent;
  /** Sends a domain event to the subscribed client endpoints. */
  readonly deliverToEndpoints: (event: AnyDomainEvent) => Promise<number>;
  /**
   * From now on domain events go to the bus, and client endpoints get every event the bus carries
   * (a durable consumer group, `webhook-endpoints`, joined where `consume` is set: where workers run),
   * whoever published it. Without a bus, only the events derived from inbound webhooks reach the
   * endpoints, handed over directly.
   */
  attachEventBus(bus: EventBus, options: { readonly consume: boolean }): Promise<void>;
}

/** The bus's consumer group that turns events into outbound deliveries; one instance handles each event. */
export const OUTBOUND_CONSUMER_GROUP = 'webhook-endpoints';

/** Inbound webhooks (verify, store, process) and outbound deliveries to the gateway's clients. */
export function createWebhooksIntegration(options: WebhooksIntegrationOptions): WebhooksIntegration {
  const { prisma, config, queue } = options;
  const handlerFor = webhookHandlersWith(options.handlers);

  const deliverToEndpoints = createWebhookDispatcher({
    prisma,
    enqueue: async (deliveryId) => {
      await queue.enqueue('webhook-deliver', { deliveryId }, { jobKey: deliveryId });
    },
  });
  let bus: EventBus | undefined;
  // The single call site of domain events from inbound webhooks: the bus once attached (the endpoints then
  // subscribe to it), until then straight to the endpoints.
  const publishDomainEvent: PublishDomainEvent = async (event) => {
    if (bus) await bus.publish(event);
    else await deliverToEndpoints(domainEventOf(event));
  };

  const processEvent = createWebhookProcessor({
    prisma,
    connectors: options.connectors,
    publish: publishDomainEvent,
    maxAttempts: config.processing.limit + 1,
    handlerFor,
  });
  const guard = createDestinationGuard({ allowed: config.delivery.allowedDestinations });
  const deliver = createWebhookDeliverer({
    prisma,
    timeoutMs: config.delivery.timeoutMs,
    maxAttempts: config.delivery.retry.limit + 1,
    guard,
    onAttempt: options.observer?.delivered,
  });
  const ingestion = createWebhookIngestion({
    prisma,
    config,
    announce: options.announce,
    handlerFor,
    enqueue: async (webhookEventId) => {
      await queue.enqueue('webhook-process', { webhookEventId }, { jobKey: webhookEventId });
    },
  });

  options.followUps.registerWebhookJobs({ process: processEvent, deliver });

  return {
    ingestion: options.observer ? observeWebhookIngestion(ingestion, options.observer) : ingestion,
    admin: {
      endpoints: createWebhookEndpointService(prisma, { rotationGraceHours: config.delivery.rotationGraceHours, guard }),
      events: createWebhookEventLog(prisma),
    },
    publish: publishDomainEvent,
    deliverToEndpoints,
    async attachEventBus(attached, { consume }) {
      for (const name of consume ? EVENT_NAMES : []) {
        await attached.subscribe(name, async (event) => void (await deliverToEndpoints(event as AnyDomainEvent)), {
          group: OUTBOUND_CONSUMER_GROUP,
          system: 'webhooks',
        });
      }
      bus = attached;
    },
  };
}
