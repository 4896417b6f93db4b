import type { PrismaClient } from '../../generated/prisma/client.js';
import type { WebhookEventStatus, WebhookEventView } from './WebhookViews.js';

export interface WebhookEventFilter {
  readonly source?: string;
  readonly status?: WebhookEventStatus;
}

/** Inbound events as stored, for operators inspecting what arrived (an unreadable body, say). */
export interface WebhookEventLog {
  list(filter: WebhookEventFilter, limit: number): Promise<WebhookEventView[]>;
}

export function createWebhookEventLog(prisma: PrismaClient): WebhookEventLog {
  return {
    list: (filter, limit) =>
      prisma.webhookEvent.findMany({
        where: { ...(filter.source ? { source: filter.source } : {}), ...(filter.status ? { status: filter.status } : {}) },
        orderBy: [{ receivedAt: 'desc' }, { id: 'asc' }],
        take: limit,
      }),
  };
}
