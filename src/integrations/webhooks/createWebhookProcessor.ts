import type { Connectors } from '../../connectors/createConnectors.js';
import type { CallContext } from '../../connectors/core/createUpstreamClient.js';
import type { PrismaClient } from '../../generated/prisma/client.js';
import { describeFailure } from '../../reliability/describeFailure.js';
import type { PublishDomainEvent } from './DomainEvent.js';
import type { WebhookHandlerFor } from './webhookHandlerFor.js';

export interface WebhookProcessorOptions {
  readonly prisma: PrismaClient;
  readonly connectors: Connectors;
  readonly publish: PublishDomainEvent;
  /** Attempts the queue makes (first run and retries): after the last one the event is marked failed. */
  readonly maxAttempts: number;
  readonly handlerFor: WebhookHandlerFor;
}

/** This event's own JSON: HubSpot batches several events in one body, the others send one. */
function eventBody(rawBody: string, eventId: string): unknown {
  const body = JSON.parse(rawBody) as unknown;
  if (!Array.isArray(body)) return body;
  return body.find((item: unknown) => String((item as { eventId?: unknown } | null)?.eventId) === eventId);
}

/**
 * The `webhook-process` job: applies a stored event through its handler and records the outcome.
 * A processed or ignored event is left alone, so a redelivered job or a replay does nothing twice.
 */
export function createWebhookProcessor(options: WebhookProcessorOptions) {
  const { prisma } = options;
  return async function processWebhookEvent(webhookEventId: string, context: CallContext): Promise<void> {
    const row = await prisma.webhookEvent.findUnique({ where: { id: webhookEventId } });
    if (!row || row.status === 'processed' || row.status === 'ignored') return;
    const log = context.log.child({ webhookSource: row.source, webhookEventId: row.eventId, eventType: row.eventType });
    const handler = options.handlerFor(row.source, row.eventType);
    if (!handler || row.eventType === null) {
      await prisma.webhookEvent.update({ where: { id: row.id }, data: { status: 'ignored', processedAt: new Date(), error: 'no handler for this event type' } });
      return;
    }
    try {
      const outcome = await handler(
        { source: row.source, eventId: row.eventId, eventType: row.eventType, body: eventBody(row.rawBody, row.eventId) },
        { connectors: options.connectors, publish: options.publish, context: { ...context, log } },
      );
      await prisma.webhookEvent.update({
        where: { id: row.id },
        data: { status: outcome.status, processedAt: new Date(), attempts: { increment: 1 }, error: outcome.note ?? null },
      });
      log.info({ outcome: outcome.status, note: outcome.note }, 'webhook event processed');
    } catch (error) {
      const attempts = row.attempts + 1;
      await prisma.webhookEvent.update({
        where: { id: row.id },
        data: { attempts, error: describeFailure(error).message, status: attempts >= options.maxAttempts ? 'failed' : 'received' },
      });
      throw error;
    }
  };
}
