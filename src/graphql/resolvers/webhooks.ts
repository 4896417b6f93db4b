import { EVENT_NAMES, isEventName } from '../../integrations/webhooks/DomainEvent.js';
import { endpointEvents } from '../../integrations/webhooks/outbound/createWebhookEndpointService.js';
import { WebhookDestinationRefused } from '../../integrations/webhooks/outbound/WebhookDestinationRefused.js';
import type {
  WebhookDeliveryAttemptView,
  WebhookDeliveryStatus,
  WebhookDeliveryView,
  WebhookEndpointView,
  WebhookEventStatus,
  WebhookEventView,
} from '../../integrations/webhooks/WebhookViews.js';
import { actorOf, auditAdminAction } from '../authorization.js';
import type { GatewayContext } from '../context.js';
import { badUserInput } from '../errors.js';

const MAX_PAGE = 100;
const MAX_DESCRIPTION = 500;

type DeliveryStatusArg = 'PENDING' | 'RETRYING' | 'SUCCEEDED' | 'DEAD' | 'CANCELLED';
type EventStatusArg = 'RECEIVED' | 'PROCESSED' | 'IGNORED' | 'FAILED';

const iso = (value: Date | null) => value?.toISOString() ?? null;

function pageSize(first: number | null | undefined): number {
  const size = first ?? 20;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE) throw badUserInput(`first must be between 1 and ${MAX_PAGE}`, 'first');
  return size;
}

/** Only http(s): the gateway POSTs to it from inside its network, so nothing else is worth allowing. */
function endpointUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw badUserInput(`"${value}" is not a URL`, 'url');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw badUserInput('The URL must be http or https', 'url');
  if (url.username || url.password) throw badUserInput('The URL must not carry credentials: verify the signature instead', 'url');
  return url.toString();
}

function eventTypes(events: readonly string[]): string[] {
  const unknown = events.filter((event) => !isEventName(event));
  if (unknown.length > 0) throw badUserInput(`Unknown event types ${unknown.join(', ')}; one of ${EVENT_NAMES.join(', ')}`, 'events');
  if (events.length === 0) throw badUserInput(`Subscribe to at least one of ${EVENT_NAMES.join(', ')}`, 'events');
  return [...new Set(events)];
}

/** Outbound webhook endpoints and their deliveries, and the inbound events received, for ops staff. */
export const webhookResolvers = {
  Query: {
    webhookEndpoints(_: unknown, __: unknown, context: GatewayContext) {
      return context.services.webhooks.endpoints.list();
    },
    webhookDeliveries(
      _: unknown,
      args: { endpointId: string; status?: DeliveryStatusArg | null; first?: number | null },
      context: GatewayContext,
    ) {
      const status = args.status ? (args.status.toLowerCase() as WebhookDeliveryStatus) : undefined;
      return context.services.webhooks.endpoints.deliveries(args.endpointId, status, pageSize(args.first));
    },
    webhookEvents(_: unknown, args: { source?: string | null; status?: EventStatusArg | null; first?: number | null }, context: GatewayContext) {
      return context.services.webhooks.events.list(
        { ...(args.source ? { source: args.source } : {}), ...(args.status ? { status: args.status.toLowerCase() as WebhookEventStatus } : {}) },
        pageSize(args.first),
      );
    },
  },
  Mutation: {
    async createWebhookEndpoint(
      _: unknown,
      args: { url: string; events: string[]; description?: string | null },
      context: GatewayContext,
    ) {
      const admin = actorOf(context);
      const url = endpointUrl(args.url);
      const events = eventTypes(args.events);
      const description = args.description?.trim() || null;
      if (description && description.length > MAX_DESCRIPTION) throw badUserInput(`The description is longer than ${MAX_DESCRIPTION} characters`, 'description');
      const created = await context.services.webhooks.endpoints.create({ url, events, description, createdBy: admin.id }).catch((error: unknown) => {
        throw error instanceof WebhookDestinationRefused ? badUserInput(error.message, 'url') : error;
      });
      await auditAdminAction(context, {
        action: 'webhookEndpoint.create',
        targetType: 'WebhookEndpoint',
        targetId: created.endpoint.id,
        details: { url, events },
      });
      return created;
    },
    async rotateWebhookSecret(_: unknown, { id }: { id: string }, context: GatewayContext) {
      const rotated = await context.services.webhooks.endpoints.rotateSecret(id);
      if (!rotated) throw badUserInput(`No webhook endpoint ${id}`, 'id');
      await auditAdminAction(context, {
        action: 'webhookEndpoint.rotateSecret',
        targetType: 'WebhookEndpoint',
        targetId: id,
        details: { previousSecretExpiresAt: iso(rotated.endpoint.previousSecretExpiresAt) },
      });
      return rotated;
    },
    async deleteWebhookEndpoint(_: unknown, { id }: { id: string }, context: GatewayContext) {
      const deleted = await context.services.webhooks.endpoints.delete(id);
      if (!deleted) throw badUserInput(`No webhook endpoint ${id}`, 'id');
      await auditAdminAction(context, {
        action: 'webhookEndpoint.delete',
        targetType: 'WebhookEndpoint',
        targetId: id,
        details: { url: deleted.url },
      });
      return deleted;
    },
  },
  WebhookEndpoint: {
    events: (endpoint: WebhookEndpointView) => endpointEvents(endpoint),
    status: (endpoint: WebhookEndpointView) => endpoint.status.toUpperCase(),
    createdAt: (endpoint: WebhookEndpointView) => endpoint.createdAt.toISOString(),
    previousSecretExpiresAt: (endpoint: WebhookEndpointView) => iso(endpoint.previousSecretExpiresAt),
  },
  WebhookDelivery: {
    status: (delivery: WebhookDeliveryView) => delivery.status.toUpperCase(),
    payload: (delivery: WebhookDeliveryView) => JSON.stringify(delivery.payload),
    createdAt: (delivery: WebhookDeliveryView) => delivery.createdAt.toISOString(),
    deliveredAt: (delivery: WebhookDeliveryView) => iso(delivery.deliveredAt),
  },
  WebhookDeliveryAttempt: {
    at: (attempt: WebhookDeliveryAttemptView) => attempt.attemptedAt.toISOString(),
  },
  WebhookEvent: {
    status: (event: WebhookEventView) => event.status.toUpperCase(),
    receivedAt: (event: WebhookEventView) => event.receivedAt.toISOString(),
    processedAt: (event: WebhookEventView) => iso(event.processedAt),
  },
};
