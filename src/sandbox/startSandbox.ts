import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createSandboxClock } from './clock.js';
import { createCrmServer } from './crm/createCrmServer.js';
import { createEInvoicingServer } from './einvoicing/createEInvoicingServer.js';
import { createErpServer } from './erp/createErpServer.js';
import { createIdpServer } from './idp/createIdpServer.js';
import { createSigningKeys } from './idp/createSigningKeys.js';
import { createTokenIssuer } from './idp/createTokenIssuer.js';
import { SANDBOX_IDP_CLIENTS } from './idp/idpClients.js';
import { createPaymentsServer } from './payments/createPaymentsServer.js';
import type { RateLimit } from './rateLimits.js';
import { rateLimitSchema } from './rateLimits.js';
import { DEFAULT_SEED, reseedData, seedData } from './seed.js';
import type { SandboxCredentials, SandboxSystem } from './SandboxSystem.js';
import { SANDBOX_CREDENTIALS, SANDBOX_SYSTEMS } from './SandboxSystem.js';
import { createShippingServer } from './shipping/createShippingServer.js';
import { createSandboxWebhooks, type SandboxWebhookOptions, type SandboxWebhooks } from './webhooks/createSandboxWebhooks.js';

export type { SandboxCredentials, SandboxSystem } from './SandboxSystem.js';
export { SANDBOX_CREDENTIALS, SANDBOX_SYSTEMS } from './SandboxSystem.js';
export { SANDBOX_WEBHOOK_SECRETS, type SandboxWebhookOptions, type SandboxWebhooks, type WebhookSystem } from './webhooks/createSandboxWebhooks.js';
export { SANDBOX_IDP_CLIENTS, type IdpClient } from './idp/idpClients.js';
export { VENDOR_RATE_LIMITS, type RateLimit } from './rateLimits.js';

/** The audience of every token the sandbox IdP issues: the gateway. */
export const SANDBOX_IDP_AUDIENCE = 'https://switchyard.dev/graphql';
/** Lifetime of the sandbox IdP's access tokens; rotated-out keys stay published a minute longer. */
const ACCESS_TOKEN_TTL_SECONDS = 300;
const REFRESH_TOKEN_TTL_SECONDS = 86_400;

const rateLimitsSchema = z.partialRecord(z.enum(SANDBOX_SYSTEMS), rateLimitSchema);

export interface SandboxOptions {
  /** Seed of the generated dataset; the same seed gives the same data. Default 42. */
  seed?: number;
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** Port per system (and for the identity provider); 0 or absent picks a free one. */
  ports?: Partial<Record<SandboxSystem | 'idp', number>>;
  /** A pino logger for the six servers; without one they log nothing. */
  logger?: FastifyBaseLogger;
  /** HubSpot's, Stripe's, the carrier's and the access point's webhooks: where they go, how they are signed, batched and retried. */
  webhooks?: SandboxWebhookOptions;
  /** How often the carrier moves new parcels one step on; 0 or absent: only on `POST /_control/advance-trackers`. */
  trackerAdvanceIntervalMs?: number;
  /**
   * How long a document sent over Peppol stays in TRANSIT before the receiver's access point takes it (SENT)
   * or rejects it (FAILED). Default 2000; 0: only on the access point's `POST /_control/advance-documents`.
   */
  deliveryDelayMs?: number;
  /**
   * Rate limits the systems enforce, answering 429 in the product's own shape (e.g. VENDOR_RATE_LIMITS);
   * default none. Each system's `/_control/rate-limit` changes its own at run time.
   */
  rateLimits?: Partial<Record<SandboxSystem, RateLimit>>;
}

/** The sandbox's OAuth2 identity provider, beside the five systems (it is not an upstream). */
export interface SandboxIdp {
  /** Base URL; its control API (faults, stats, `POST /_control/rotate-keys`) lives here too. */
  url: string;
  /** `iss` of its tokens (its URL, as OpenID discovery requires). */
  issuer: string;
  /** `aud` of its tokens. */
  audience: string;
  jwksUrl: string;
  tokenUrl: string;
  clients: typeof SANDBOX_IDP_CLIENTS;
}

export interface Sandbox {
  /** Base URL per system, e.g. http://127.0.0.1:41234 (no trailing slash). */
  urls: Record<SandboxSystem, string>;
  credentials: SandboxCredentials;
  idp: SandboxIdp;
  /** Secrets the simulated HubSpot, Stripe, carrier and access point sign with, and `setTarget` to point them at an endpoint. */
  webhooks: Pick<SandboxWebhooks, 'secrets' | 'setTarget'>;
  stop(): Promise<void>;
}

/** Seeds one dataset and starts the five simulated systems over it and the identity provider, each on its own port. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const seed = options.seed ?? DEFAULT_SEED;
  const rateLimits = rateLimitsSchema.parse(options.rateLimits ?? {});
  const host = options.host ?? '127.0.0.1';
  const credentials = SANDBOX_CREDENTIALS;
  const data = seedData(seed);
  const clock = createSandboxClock();
  const shared = {
    data,
    seed,
    clock,
    reseed: () => {
      reseedData(data, seed);
      clock.reset();
    },
    ...(options.logger ? { logger: options.logger } : {}),
  };
  const webhooks = createSandboxWebhooks(options.webhooks, options.logger);
  const apps: Record<SandboxSystem, FastifyInstance> = {
    crm: createCrmServer({
      ...shared,
      rateLimit: rateLimits.crm,
      credentials: credentials.crm,
      webhooks: webhooks.senders.crm,
      webhookBatchWindowMs: options.webhooks?.crmBatchWindowMs,
    }),
    erp: createErpServer({ ...shared, rateLimit: rateLimits.erp, credentials: credentials.erp }),
    payments: createPaymentsServer({ ...shared, rateLimit: rateLimits.payments, credentials: credentials.payments, webhooks: webhooks.senders.payments }),
    shipping: createShippingServer({
      ...shared,
      rateLimit: rateLimits.shipping,
      credentials: credentials.shipping,
      webhooks: webhooks.senders.shipping,
      ...(options.trackerAdvanceIntervalMs ? { trackerAdvanceIntervalMs: options.trackerAdvanceIntervalMs } : {}),
    }),
    einvoicing: createEInvoicingServer({
      ...shared,
      rateLimit: rateLimits.einvoicing,
      credentials: credentials.einvoicing,
      webhooks: webhooks.senders.einvoicing,
      ...(options.deliveryDelayMs !== undefined ? { deliveryDelayMs: options.deliveryDelayMs } : {}),
    }),
  };
  let idpUrl = '';
  const keys = await createSigningKeys({ retentionMs: (ACCESS_TOKEN_TTL_SECONDS + 60) * 1000 });
  const idpApp = createIdpServer({
    ...shared,
    keys,
    issuer: () => idpUrl,
    tokens: createTokenIssuer({
      keys,
      issuer: () => idpUrl,
      audience: SANDBOX_IDP_AUDIENCE,
      accessTokenTtlSeconds: ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlSeconds: REFRESH_TOKEN_TTL_SECONDS,
    }),
  });
  const closeAll = async (): Promise<void> => {
    await Promise.all([...Object.values(apps), idpApp].map((app) => app.close()));
  };
  const listen = async (name: string, app: FastifyInstance, port: number | undefined): Promise<string> => {
    await app.listen({ host, port: port ?? 0 });
    const address = app.server.address();
    if (address === null || typeof address === 'string') throw new Error(`The ${name} sandbox has no TCP address`);
    const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${urlHost}:${address.port}`;
  };

  let listening: string[];
  try {
    [idpUrl, ...listening] = await Promise.all([
      listen('idp', idpApp, options.ports?.idp),
      ...SANDBOX_SYSTEMS.map((system) => listen(system, apps[system], options.ports?.[system])),
    ]);
  } catch (error) {
    await closeAll();
    throw error;
  }
  const urls = Object.fromEntries(SANDBOX_SYSTEMS.map((system, index) => [system, listening[index]])) as Record<SandboxSystem, string>;
  const idp: SandboxIdp = {
    url: idpUrl,
    issuer: idpUrl,
    audience: SANDBOX_IDP_AUDIENCE,
    jwksUrl: `${idpUrl}/.well-known/jwks.json`,
    tokenUrl: `${idpUrl}/oauth/token`,
    clients: SANDBOX_IDP_CLIENTS,
  };

  let stopping: Promise<void> | undefined;
  return {
    urls,
    credentials,
    idp,
    webhooks: { secrets: webhooks.secrets, setTarget: webhooks.setTarget },
    stop: () => {
      // Retries waiting on timers must not outlive the sandbox.
      webhooks.stop();
      return (stopping ??= closeAll());
    },
  };
}
