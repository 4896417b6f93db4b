import type { FastifyInstance } from 'fastify';
import type { SandboxData } from '../data/SandboxData.js';
import type { SandboxCredentials } from '../SandboxSystem.js';
import { readAuthorization } from '../server/authorization.js';
import type { SystemServerOptions } from '../server/createSystemServer.js';
import { createSystemServer } from '../server/createSystemServer.js';
import type { WebhookSender } from '../webhooks/createWebhookSender.js';
import { createHubSpotWebhooks } from './createHubSpotWebhooks.js';
import { AUTHENTICATION_MESSAGE, crmProductError, hubspotError } from './hubspotErrors.js';
import { registerArchiveRoutes } from './registerArchiveRoutes.js';
import { registerAssociationRoutes } from './registerAssociationRoutes.js';
import { registerCreateRoutes } from './registerCreateRoutes.js';
import { registerObjectRoutes } from './registerObjectRoutes.js';
import { registerOwnerRoutes } from './registerOwnerRoutes.js';
import { registerSearchRoutes } from './registerSearchRoutes.js';
import { registerUpdateRoutes } from './registerUpdateRoutes.js';

export interface CrmServerOptions extends SystemServerOptions {
  data: SandboxData;
  credentials: SandboxCredentials['crm'];
  /** Posts HubSpot's webhook batches for the writes to contacts and companies. */
  webhooks?: WebhookSender;
  /** How long events are collected before they are posted as one batch. Default 100 ms. */
  webhookBatchWindowMs?: number;
}

/** A simulated HubSpot CRM (v3 objects and search, v4 associations, owners) authenticated by a private-app token. */
export function createCrmServer(options: CrmServerOptions): FastifyInstance {
  const { app } = createSystemServer({
    ...options,
    system: 'crm',
    productError: crmProductError,
    authenticate: (request) => {
      const presented = readAuthorization(request);
      if (presented.scheme === 'bearer' && presented.token === options.credentials.token) return undefined;
      return hubspotError(401, 'INVALID_AUTHENTICATION', AUTHENTICATION_MESSAGE);
    },
    rateLimitHeaders: ({ limit, remaining }) => ({
      'x-hubspot-ratelimit-interval-milliseconds': String(limit.windowMs),
      'x-hubspot-ratelimit-max': String(limit.requests),
      'x-hubspot-ratelimit-remaining': String(remaining),
    }),
  });
  const webhooks = createHubSpotWebhooks({ sender: options.webhooks, clock: options.clock, batchWindowMs: options.webhookBatchWindowMs ?? 100 });
  app.addHook('onClose', async () => webhooks.stop());
  // Read at request time: a data reset swaps the dataset's tables in place.
  const getData = () => options.data.crm;
  registerObjectRoutes(app, getData);
  registerCreateRoutes(app, getData, options.clock, webhooks);
  registerUpdateRoutes(app, getData, options.clock, webhooks);
  registerArchiveRoutes(app, getData, webhooks);
  registerSearchRoutes(app, getData);
  registerAssociationRoutes(app, getData, webhooks);
  registerOwnerRoutes(app, getData);
  return app;
}
