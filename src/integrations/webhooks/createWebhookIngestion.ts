import { randomUUID } from 'node:crypto';
import type { Prisma, PrismaClient } from '../../generated/prisma/client.js';
import { readWebhookEvents, type InboundEvent } from './readWebhookEvents.js';
import type { SignatureVerifier, SignedRequest } from './SignedRequest.js';
import { verifyAccessPointSignature } from './verifyAccessPointSignature.js';
import { verifyHubSpotSignature } from './verifyHubSpotSignature.js';
import { verifyStandardWebhook } from './verifyStandardWebhook.js';
import { verifyStripeSignature } from './verifyStripeSignature.js';
import type { WebhookHandlerFor } from './webhookHandlerFor.js';
import { WebhookRejection } from './WebhookRejection.js';
import type { WebhookScheme, WebhooksConfig, WebhookSourceConfig } from '../../config/webhooksConfig.js';

export interface WebhookIngestionOptions {
  readonly prisma: PrismaClient;
  readonly config: WebhooksConfig;
  /** Hands a stored event to the queue; enqueuing the same event twice must be a no-op. */
  readonly enqueue: (webhookEventId: string) => Promise<void>;
  /**
   * Told of every verified event at once, before it is stored and long before it is processed, so
   * what it changed stops being served from the cache within moments. Redeliveries are told again.
   */
  readonly announce?: (source: string, events: readonly InboundEvent[]) => Promise<void>;
  /** Which events are acted on; the others are stored as ignored. */
  readonly handlerFor: WebhookHandlerFor;
  readonly now?: () => number;
}

export interface IngestResult {
  readonly received: number;
  /** Events already stored by an earlier delivery: acknowledged, not processed again. */
  readonly duplicates: number;
  /** Stored events of types the gateway does not act on. */
  readonly ignored: number;
}

export interface WebhookIngestion {
  /** The source with this name, when it is configured with at least one secret. */
  source(name: string): WebhookSourceConfig | undefined;
  /** Verifies, stores and hands to the queue; throws WebhookRejection for a request to refuse. */
  receive(source: WebhookSourceConfig, request: SignedRequest): Promise<IngestResult>;
}

const VERIFIERS: Readonly<Record<WebhookScheme, SignatureVerifier>> = {
  stripe: verifyStripeSignature,
  standard: verifyStandardWebhook,
  hubspot: verifyHubSpotSignature,
  accesspoint: verifyAccessPointSignature,
};

/** The headers kept with an event: what signed it and who sent it. */
const KEPT_HEADERS: Readonly<Record<WebhookScheme, readonly string[]>> = {
  stripe: ['stripe-signature'],
  standard: ['webhook-id', 'webhook-timestamp', 'webhook-signature'],
  hubspot: ['x-hubspot-signature-v3', 'x-hubspot-request-timestamp'],
  accesspoint: ['x-signature'],
};

function keptHeaders(scheme: WebhookScheme, request: SignedRequest): Prisma.InputJsonObject {
  const names = [...KEPT_HEADERS[scheme], 'content-type', 'user-agent'];
  return Object.fromEntries(names.flatMap((name) => {
    const value = request.headers[name];
    return value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : value]];
  }));
}

// PostgreSQL text cannot hold NUL; any other byte sequence is kept as sent.
const storableText = (body: Buffer) => body.toString('utf8').replaceAll('\u0000', '\uFFFD');

/**
 * Inbound webhooks: verified against the source's secrets, stored once per (source, event id) and
 * handed to the queue, so the sender is answered at once and a redelivery is recognised.
 */
export function createWebhookIngestion(options: WebhookIngestionOptions): WebhookIngestion {
  const { prisma, config } = options;
  const now = options.now ?? Date.now;
  const sources = new Map(config.sources.filter((source) => source.secrets.length > 0).map((source) => [source.name, source]));

  return {
    source: (name) => sources.get(name),

    async receive(source, request) {
      VERIFIERS[source.scheme](request, source.secrets, { toleranceSeconds: config.toleranceSeconds, nowMs: now() });
      const read = readWebhookEvents(source.scheme, request);
      const rawBody = storableText(request.body);
      const headers = keptHeaders(source.scheme, request);
      if (!read.ok) {
        await prisma.webhookEvent.createMany({
          data: [{ id: randomUUID(), source: source.name, eventId: read.eventId, eventType: null, status: 'failed', rawBody, headers, error: read.reason }],
          skipDuplicates: true,
        });
        throw new WebhookRejection('WEBHOOK_PAYLOAD_INVALID', `The signature is valid but ${read.reason}; the event is kept for inspection`);
      }

      const events = [...new Map(read.events.map((event) => [event.eventId, event])).values()];
      await options.announce?.(source.name, events);
      const rows = events.map((event) => {
        const handled = options.handlerFor(source.name, event.eventType) !== undefined;
        return {
          id: randomUUID(), source: source.name, eventId: event.eventId, eventType: event.eventType, rawBody, headers,
          ...(handled ? { status: 'received' as const } : { status: 'ignored' as const, processedAt: new Date(), error: 'no handler for this event type' }),
        };
      });
      const inserted = await prisma.webhookEvent.createManyAndReturn({ data: rows, skipDuplicates: true, select: { id: true, eventId: true, status: true } });
      const insertedIds = new Set(inserted.map((row) => row.eventId));
      const duplicateIds = rows.filter((row) => !insertedIds.has(row.eventId)).map((row) => row.eventId);
      // A duplicate still waiting may be one whose enqueue failed: enqueue it again (a no-op for a queued job).
      const waiting = duplicateIds.length === 0
        ? []
        : await prisma.webhookEvent.findMany({ where: { source: source.name, eventId: { in: duplicateIds }, status: 'received' }, select: { id: true } });
      for (const row of [...inserted.filter((candidate) => candidate.status === 'received'), ...waiting]) await options.enqueue(row.id);
      return { received: inserted.length, duplicates: duplicateIds.length, ignored: inserted.filter((row) => row.status === 'ignored').length };
    },
  };
}
