import type { Prisma, PrismaClient } from '../../../generated/prisma/client.js';
import { workId } from '../../../reliability/workId.js';
import type { AnyDomainEvent } from '../DomainEvent.js';
import { endpointEvents } from './createWebhookEndpointService.js';

export interface WebhookDispatcherOptions {
  readonly prisma: PrismaClient;
  /** Queues one delivery; queuing the same delivery twice must be a no-op. */
  readonly enqueue: (deliveryId: string) => Promise<void>;
}

/** The Standard Webhooks payload: `{ type, timestamp, data }`. */
export function webhookPayload(event: AnyDomainEvent): Prisma.InputJsonObject {
  return { type: event.name, timestamp: event.occurredAt, data: { id: event.id, ...event.data } as Prisma.InputJsonObject };
}

/**
 * Fans a domain event out to the endpoints subscribed to its type: one delivery row and one queue
 * job per endpoint, both keyed by (endpoint, event), so publishing an event again sends nothing twice.
 */
export function createWebhookDispatcher({ prisma, enqueue }: WebhookDispatcherOptions) {
  return async function dispatchDomainEvent(event: AnyDomainEvent): Promise<number> {
    const endpoints = (await prisma.webhookEndpoint.findMany({ where: { status: 'enabled' } })).filter((endpoint) =>
      endpointEvents(endpoint).includes(event.name),
    );
    if (endpoints.length === 0) return 0;
    const payload = webhookPayload(event);
    const deliveries = endpoints.map((endpoint) => ({
      id: workId('webhook-delivery', `${endpoint.id}:${event.id}`),
      endpointId: endpoint.id,
      eventId: event.id,
      eventType: event.name,
      payload,
    }));
    await prisma.webhookDelivery.createMany({ data: deliveries, skipDuplicates: true });
    for (const delivery of deliveries) await enqueue(delivery.id);
    return deliveries.length;
  };
}
