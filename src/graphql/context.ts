import type { Logger } from 'pino';
import type { ApiKeyService } from '../auth/createApiKeyService.js';
import type { AuditLog } from '../auth/createAuditLog.js';
import type { Principal } from '../auth/Principal.js';
import type { BreakerRegistry } from '../connectors/core/createBreakerRegistry.js';
import type { Connectors } from '../connectors/createConnectors.js';
import type { FollowUpEnqueuer } from '../domain/FollowUpEnqueuer.js';
import type { CallContext } from '../connectors/core/createUpstreamClient.js';
import type { DeadLetterService } from '../reliability/createDeadLetterService.js';
import type { IdempotencyStore } from '../reliability/createIdempotencyStore.js';
import type { JobQueue } from '../reliability/createJobQueue.js';
import type { IdempotencyScope } from '../reliability/deriveKey.js';
import type { ShippingPoller } from '../integrations/polling/createShippingPoller.js';
import type { WebhooksAdmin } from '../integrations/webhooks/createWebhooksIntegration.js';
import type { Plans } from '../config/Plan.js';
import type { EventPublisher } from '../integrations/eventBus/EventBus.js';
import type { LiveEvents } from '../integrations/eventBus/createLiveEvents.js';
import type { RequestFacts } from '../observability/requestFacts.js';
import type { Loaders } from './createLoaders.js';
import type { SystemName } from '../config/SystemName.js';
import type { EntityCache } from '../connectors/core/cache/createEntityCache.js';
import type { EInvoiceService } from '../domain/EInvoiceService.js';

/** The gateway's long-lived parts that resolvers use, built once in app.ts. */
export interface GatewayServices {
  readonly idempotency: IdempotencyStore;
  readonly queue: JobQueue;
  /** How mutations start the work that follows them. */
  readonly followUps: FollowUpEnqueuer;
  readonly deadLetters: DeadLetterService;
  readonly apiKeys: ApiKeyService;
  readonly audit: AuditLog;
  readonly breakers: BreakerRegistry;
  readonly poller: ShippingPoller;
  /** The clients' outbound webhook endpoints and their deliveries; the inbound events received. */
  readonly webhooks: WebhooksAdmin;
  /** The plans of the plans file (PLANS_FILE), by name. */
  readonly plans: Plans;
  /** Domain events out to the event bus (EVENT_BUS). */
  readonly events: EventPublisher;
  /** Domain events as they happen, for subscriptions. */
  readonly live: LiveEvents;
  /** Upstream records, kept fresh by the systems' notifications. */
  readonly cache: EntityCache;
  /** Invoices on their way over Peppol. */
  readonly einvoices: EInvoiceService;
}

/**
 * What every resolver gets for one GraphQL request. It is also the CallContext of the upstream
 * calls resolvers make, so `principalId` and `operationName` are filled in for those too.
 */
export interface GatewayContext extends CallContext {
  readonly requestId: string;
  readonly log: Logger;
  readonly principal: Principal;
  readonly connectors: Connectors;
  readonly loaders: Loaders;
  readonly services: GatewayServices;
  /** Set by the idempotency plugin once it has claimed the request's key. */
  readonly idempotency: { scope: IdempotencyScope | null };
  /** The HTTP request's facts for its log line (operation, outcome); absent over WebSocket. */
  readonly facts?: RequestFacts;
  /** Set by requestOutcomePlugin once the operation is resolved, for the calls resolvers make themselves. */
  operationName?: string;
  /** Systems whose cached records were served stale in this request, with the oldest one's age (ms). */
  readonly stale: Map<SystemName, number>;
}
