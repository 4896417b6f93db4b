import { randomBytes, randomUUID } from 'node:crypto';
import type { Prisma, PrismaClient, WebhookEndpoint } from '../../../generated/prisma/client.js';
import type { WebhookDeliveryStatus, WebhookDeliveryView, WebhookEndpointView } from '../WebhookViews.js';
import type { DestinationGuard } from './createDestinationGuard.js';
import { WebhookDestinationRefused } from './WebhookDestinationRefused.js';

export interface NewWebhookEndpoint {
  readonly url: string;
  readonly events: readonly string[];
  readonly description: string | null;
  readonly createdBy: string;
}

export interface WebhookEndpointService {
  /** The new endpoint and its secret, shown once; WebhookDestinationRefused when its URL may not be reached. */
  create(endpoint: NewWebhookEndpoint): Promise<{ endpoint: WebhookEndpointView; secret: string }>;
  list(): Promise<WebhookEndpointView[]>;
  get(id: string): Promise<WebhookEndpointView | null>;
  /** A new secret; the old one keeps signing (beside the new) for the rotation grace. Null for an unknown id. */
  rotateSecret(id: string): Promise<{ endpoint: WebhookEndpointView; secret: string } | null>;
  /** Deletes the endpoint and its deliveries; their queued jobs then find nothing to send. */
  delete(id: string): Promise<WebhookEndpointView | null>;
  deliveries(endpointId: string, status: WebhookDeliveryStatus | undefined, limit: number): Promise<WebhookDeliveryView[]>;
}

/** A Standard Webhooks secret: 24 random bytes, base64, after `whsec_`. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/** The events an endpoint subscribes to, from the JSON column. */
export function endpointEvents(endpoint: { readonly events: unknown }): string[] {
  return Array.isArray(endpoint.events) ? endpoint.events.filter((event): event is string => typeof event === 'string') : [];
}

/** The secrets a delivery is signed with now: the current one, and the replaced one while its grace runs. */
export function signingSecrets(endpoint: Pick<WebhookEndpoint, 'secret' | 'previousSecret' | 'previousSecretExpiresAt'>, now: Date): string[] {
  const previousValid = endpoint.previousSecret && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now;
  return previousValid ? [endpoint.secret, endpoint.previousSecret!] : [endpoint.secret];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The gateway's clients' webhook endpoints and the record of what was sent to them. */
export function createWebhookEndpointService(
  prisma: PrismaClient,
  options: { readonly rotationGraceHours: number; readonly guard: DestinationGuard },
): WebhookEndpointService {
  // Ids are UUID columns: anything else would reach PostgreSQL as a cast error rather than "not found".
  const byId = (id: string) => (UUID.test(id) ? prisma.webhookEndpoint.findUnique({ where: { id } }) : Promise.resolve(null));
  return {
    async create(input) {
      const destination = await options.guard.check(input.url);
      if (destination.outcome !== 'allowed') throw new WebhookDestinationRefused(destination.reason);
      const secret = newWebhookSecret();
      const endpoint = await prisma.webhookEndpoint.create({
        data: { id: randomUUID(), url: input.url, events: [...input.events], description: input.description, secret, createdBy: input.createdBy },
      });
      return { endpoint, secret };
    },
    list: () => prisma.webhookEndpoint.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    get: byId,
    async rotateSecret(id) {
      const current = await byId(id);
      if (!current) return null;
      const secret = newWebhookSecret();
      const endpoint = await prisma.webhookEndpoint.update({
        where: { id },
        data: { secret, previousSecret: current.secret, previousSecretExpiresAt: new Date(Date.now() + options.rotationGraceHours * 3_600_000) },
      });
      return { endpoint, secret };
    },
    async delete(id) {
      const endpoint = await byId(id);
      if (!endpoint) return null;
      await prisma.webhookEndpoint.delete({ where: { id } });
      return endpoint;
    },
    deliveries(endpointId, status, limit) {
      if (!UUID.test(endpointId)) return Promise.resolve([]);
      const where: Prisma.WebhookDeliveryWhereInput = { endpointId, ...(status ? { status } : {}) };
      return prisma.webhookDelivery.findMany({
        where,
        include: { attempts: { orderBy: { attemptedAt: 'asc' } } },
        orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
        take: limit,
      });
    },
  };
}
