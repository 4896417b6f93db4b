import { randomUUID } from 'node:crypto';
import type { CallContext } from '../../../connectors/core/createUpstreamClient.js';
import type { PrismaClient } from '../../../generated/prisma/client.js';
import { JobFailure } from '../../../reliability/describeFailure.js';
import { standardWebhookHeaders } from '../standardWebhookSignature.js';
import type { WebhookDeliveryOutcome } from '../WebhookObserver.js';
import type { DestinationGuard } from './createDestinationGuard.js';
import { signingSecrets } from './createWebhookEndpointService.js';
import { postWebhook, type AttemptResult } from './postWebhook.js';

export interface WebhookDelivererOptions {
  readonly prisma: PrismaClient;
  /** How long a subscriber has to answer one attempt. */
  readonly timeoutMs: number;
  /** Attempts the queue makes; a delivery failing the last one is marked dead (and dead-lettered by the queue). */
  readonly maxAttempts: number;
  /** Checks the endpoint's destination before every attempt (its DNS may have changed since registration). */
  readonly guard: DestinationGuard;
  /** Told how each attempt ended (metrics). */
  readonly onAttempt?: (outcome: WebhookDeliveryOutcome) => void;
}

const OUTCOMES: Readonly<Record<string, WebhookDeliveryOutcome>> = {
  OK: 'delivered',
  WEBHOOK_DELIVERY_REJECTED: 'rejected',
  WEBHOOK_DELIVERY_TIMEOUT: 'timeout',
  WEBHOOK_DELIVERY_UNREACHABLE: 'unreachable',
  WEBHOOK_DESTINATION_REFUSED: 'refused',
};

/** The guard's verdict on the endpoint's URL now, and the POST to the checked address when it allows it. */
async function attempt(guard: DestinationGuard, url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<AttemptResult> {
  const destination = await guard.check(url);
  if (destination.outcome === 'refused') return { statusCode: null, error: `refused: ${destination.reason}`, code: 'WEBHOOK_DESTINATION_REFUSED' };
  if (destination.outcome === 'unresolved') return { statusCode: null, error: `could not be reached: ${destination.reason}`, code: 'WEBHOOK_DELIVERY_UNREACHABLE' };
  return postWebhook({ url, address: destination.address, family: destination.family }, headers, body, timeoutMs);
}

/**
 * The `webhook-deliver` job: one signed POST of a delivery, recorded as an attempt. 2xx delivers
 * it; 410 Gone disables the endpoint (no retry); a destination the guard refuses makes it dead at
 * once (waiting does not make an address public); anything else, or no answer in time, fails the
 * job so the queue retries it with backoff and dead-letters it after the last retry.
 */
export function createWebhookDeliverer(options: WebhookDelivererOptions) {
  const { prisma } = options;
  return async function deliverWebhook(deliveryId: string, context: CallContext): Promise<void> {
    const delivery = await prisma.webhookDelivery.findUnique({ where: { id: deliveryId }, include: { endpoint: true } });
    // Deleted with its endpoint: nothing is owed to anyone.
    if (!delivery || delivery.status === 'succeeded' || delivery.status === 'cancelled') return;
    const { endpoint } = delivery;
    const log = context.log.child({ deliveryId, endpointId: endpoint.id, eventType: delivery.eventType });
    if (endpoint.status === 'disabled') {
      await prisma.webhookDelivery.update({ where: { id: deliveryId }, data: { status: 'cancelled', lastError: `endpoint disabled: ${endpoint.disabledReason ?? 'by an operator'}` } });
      return;
    }

    const now = new Date();
    const body = JSON.stringify(delivery.payload);
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'Switchyard-Webhooks/1.0',
      ...standardWebhookHeaders(signingSecrets(endpoint, now), delivery.eventId, Math.floor(now.getTime() / 1000), body),
    };
    const started = performance.now();
    const result = await attempt(options.guard, endpoint.url, headers, body, options.timeoutMs);
    const durationMs = Math.round(performance.now() - started);
    const attemptCount = delivery.attemptCount + 1;
    const gone = result.statusCode === 410;
    const refused = result.code === 'WEBHOOK_DESTINATION_REFUSED';
    options.onAttempt?.(gone ? 'gone' : (OUTCOMES[result.code] ?? 'rejected'));
    const status = result.error === null ? 'succeeded' : gone ? 'cancelled' : refused || attemptCount >= options.maxAttempts ? 'dead' : 'retrying';
    await prisma.$transaction([
      prisma.webhookDeliveryAttempt.create({
        data: { id: randomUUID(), deliveryId, statusCode: result.statusCode, error: result.error, durationMs, succeeded: result.error === null },
      }),
      prisma.webhookDelivery.update({
        where: { id: deliveryId },
        data: { status, attemptCount, lastStatusCode: result.statusCode, lastError: result.error, ...(status === 'succeeded' ? { deliveredAt: new Date() } : {}) },
      }),
      ...(gone
        ? [prisma.webhookEndpoint.update({ where: { id: endpoint.id }, data: { status: 'disabled', disabledReason: `${endpoint.url} answered 410 Gone` } })]
        : []),
    ]);
    if (gone) {
      log.warn({ url: endpoint.url }, 'webhook endpoint answered 410 Gone: disabled');
      return;
    }
    if (refused) {
      log.warn({ url: endpoint.url, attempt: attemptCount, error: result.error }, 'webhook destination refused: delivery dead');
      return;
    }
    if (result.error !== null) {
      log.warn({ url: endpoint.url, attempt: attemptCount, statusCode: result.statusCode, error: result.error }, 'webhook delivery failed');
      throw new JobFailure(result.code, `Webhook to ${endpoint.url} ${result.error}`, result.statusCode);
    }
    log.info({ url: endpoint.url, attempt: attemptCount, durationMs }, 'webhook delivered');
  };
}
