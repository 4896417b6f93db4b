import type { FastifyBaseLogger } from 'fastify';
import { createWebhookSender, type WebhookSender } from './createWebhookSender.js';
import { standardWebhookHeaders, stripeSignatureHeader } from './webhookSignatures.js';

/** The systems that push events: Stripe (its own signature) and the carrier (Standard Webhooks). */
export type WebhookSystem = 'payments' | 'shipping';

export interface SandboxWebhookOptions {
  /** Where each system posts its events; also settable later (`setTarget`), e.g. once the gateway listens. */
  readonly urls?: Partial<Record<WebhookSystem, string>>;
  /** Signing secrets; default SANDBOX_WEBHOOK_SECRETS. */
  readonly secrets?: Partial<Record<WebhookSystem, string>>;
  /** Waits before each retry of a failed delivery. Default 1 s doubling to 64 s (8 attempts). */
  readonly retryDelaysMs?: readonly number[];
  /** How long an endpoint has to answer. Default 10 s. */
  readonly timeoutMs?: number;
}

export interface SandboxWebhooks {
  readonly secrets: Readonly<Record<WebhookSystem, string>>;
  readonly senders: Readonly<Record<WebhookSystem, WebhookSender>>;
  setTarget(system: WebhookSystem, url: string | undefined): void;
  stop(): void;
}

/** The sandbox's endpoint secrets, as the Stripe dashboard and the carrier would show them. */
export const SANDBOX_WEBHOOK_SECRETS: Readonly<Record<WebhookSystem, string>> = Object.freeze({
  payments: 'whsec_sandboxStripeEndpointSecret0123456789',
  shipping: `whsec_${Buffer.from('switchyard-sandbox-carrier-signing-key').toString('base64')}`,
});

const DEFAULT_RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 16_000, 32_000, 64_000];

export function createSandboxWebhooks(options: SandboxWebhookOptions = {}, logger?: FastifyBaseLogger): SandboxWebhooks {
  const secrets = { ...SANDBOX_WEBHOOK_SECRETS, ...options.secrets };
  const common = {
    retryDelaysMs: options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
    timeoutMs: options.timeoutMs ?? 10_000,
    ...(logger ? { logger } : {}),
  };
  const senders = {
    payments: createWebhookSender({ ...common, name: 'stripe', sign: (_id, body, nowMs) => stripeSignatureHeader(secrets.payments, body, nowMs) }),
    shipping: createWebhookSender({ ...common, name: 'carrier', sign: (id, body, nowMs) => standardWebhookHeaders(secrets.shipping, id, body, nowMs) }),
  };
  senders.payments.setTarget(options.urls?.payments);
  senders.shipping.setTarget(options.urls?.shipping);
  return {
    secrets,
    senders,
    setTarget: (system, url) => senders[system].setTarget(url),
    stop() {
      senders.payments.stop();
      senders.shipping.stop();
    },
  };
}
