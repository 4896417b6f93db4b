import type { FastifyBaseLogger } from 'fastify';
import { createWebhookSender, type WebhookSender } from './createWebhookSender.js';
import { eInvoiceSignatureHeaders, hubSpotSignatureHeaders, standardWebhookHeaders, stripeSignatureHeader } from './webhookSignatures.js';

/** The systems that push events: HubSpot (v3 signature), Stripe (its own), the carrier (Standard Webhooks) and the Peppol access point (e-invoice.be's). */
export type WebhookSystem = 'crm' | 'payments' | 'shipping' | 'einvoicing';

export interface SandboxWebhookOptions {
  /** Where each system posts its events; also settable later (`setTarget`), e.g. once the gateway listens. */
  readonly urls?: Partial<Record<WebhookSystem, string>>;
  /** Signing secrets; default SANDBOX_WEBHOOK_SECRETS. */
  readonly secrets?: Partial<Record<WebhookSystem, string>>;
  /** Waits before each retry of a failed delivery. Default 1 s doubling to 64 s (8 attempts). */
  readonly retryDelaysMs?: readonly number[];
  /** How long an endpoint has to answer. Default 10 s. */
  readonly timeoutMs?: number;
  /** How long HubSpot collects events before posting them as one batch. Default 100 ms. */
  readonly crmBatchWindowMs?: number;
}

export interface SandboxWebhooks {
  readonly secrets: Readonly<Record<WebhookSystem, string>>;
  readonly senders: Readonly<Record<WebhookSystem, WebhookSender>>;
  setTarget(system: WebhookSystem, url: string | undefined): void;
  stop(): void;
}

/** The sandbox's signing secrets, as the HubSpot app settings, the Stripe dashboard, the carrier and e-invoice.be would show them. */
export const SANDBOX_WEBHOOK_SECRETS: Readonly<Record<WebhookSystem, string>> = Object.freeze({
  // A HubSpot app's client secret is a UUID.
  crm: '7c2f4e1a-93b5-4d08-a6e2-5f1b8c3d9e40',
  payments: 'whsec_sandboxStripeEndpointSecret0123456789',
  shipping: `whsec_${Buffer.from('switchyard-sandbox-carrier-signing-key').toString('base64')}`,
  einvoicing: 'einv_sandbox_webhook_secret_0123456789',
});

const DEFAULT_RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 16_000, 32_000, 64_000];

export function createSandboxWebhooks(options: SandboxWebhookOptions = {}, logger?: FastifyBaseLogger): SandboxWebhooks {
  const secrets = { ...SANDBOX_WEBHOOK_SECRETS, ...options.secrets };
  const common = {
    retryDelaysMs: options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
    timeoutMs: options.timeoutMs ?? 10_000,
    ...(logger ? { logger } : {}),
  };
  const senders: Record<WebhookSystem, WebhookSender> = {
    crm: createWebhookSender({ ...common, name: 'hubspot', sign: (_id, body, nowMs, url) => hubSpotSignatureHeaders(secrets.crm, 'POST', url, body, nowMs) }),
    payments: createWebhookSender({ ...common, name: 'stripe', sign: (_id, body, nowMs) => stripeSignatureHeader(secrets.payments, body, nowMs) }),
    shipping: createWebhookSender({ ...common, name: 'carrier', sign: (id, body, nowMs) => standardWebhookHeaders(secrets.shipping, id, body, nowMs) }),
    einvoicing: createWebhookSender({ ...common, name: 'e-invoice', sign: (_id, body) => eInvoiceSignatureHeaders(secrets.einvoicing, JSON.parse(body)) }),
  };
  for (const [system, sender] of Object.entries(senders) as [WebhookSystem, WebhookSender][]) sender.setTarget(options.urls?.[system]);
  return {
    secrets,
    senders,
    setTarget: (system, url) => senders[system].setTarget(url),
    stop() {
      for (const sender of Object.values(senders)) sender.stop();
    },
  };
}
