import { z } from 'zod';
import type { ConfigSection } from './ConfigSection.js';
import { jobRetryVariables, readJobRetryPolicy } from './jobRetryConfig.js';
import { parseAllowedDestination, type AllowedDestination } from './parseAllowedDestination.js';
import type { RetryPolicy } from './RetryPolicy.js';

/** How a source signs its deliveries. */
export type WebhookScheme = 'stripe' | 'standard' | 'hubspot' | 'accesspoint';

/** The built-in sources; any other name is a generic Standard Webhooks source from WEBHOOK_GENERIC_SOURCES. */
export const BUILT_IN_SOURCES = { stripe: 'stripe', shipping: 'standard', hubspot: 'hubspot', einvoicing: 'accesspoint' } as const satisfies Record<string, WebhookScheme>;

export interface WebhookSourceConfig {
  readonly name: string;
  readonly scheme: WebhookScheme;
  /** Every secret currently accepted; more than one while a secret is being rotated. Empty: the source is off. */
  readonly secrets: readonly string[];
}

export interface WebhooksConfig {
  readonly sources: readonly WebhookSourceConfig[];
  readonly toleranceSeconds: number;
  readonly bodyLimitBytes: number;
  /** The gateway's URL as senders call it (HubSpot signs the full URL); undefined: taken from the request. */
  readonly publicBaseUrl: string | undefined;
  /** Retries of processing a stored event. */
  readonly processing: RetryPolicy;
  readonly delivery: {
    readonly timeoutMs: number;
    readonly retry: RetryPolicy;
    /** Deliveries one instance sends side by side, so a slow subscriber does not hold up the others. */
    readonly workers: number;
    /** After a rotation, deliveries are signed with the old secret too for this long. */
    readonly rotationGraceHours: number;
    /** Loopback, private, link-local, unique-local or metadata destinations endpoints may reach all the same. */
    readonly allowedDestinations: readonly AllowedDestination[];
  };
  /** How often the sandbox carrier moves its parcels on (sandbox runs only); 0 = only on request. */
  readonly sandboxTrackerAdvanceSeconds: number;
}

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const secretList = z
  .string()
  .optional()
  .transform((value) => (value ?? '').split(',').map((secret) => secret.trim()).filter(Boolean));
const standardSecret = /^whsec_[A-Za-z0-9+/]+={0,2}$/;
const standardSecrets = secretList.refine((secrets) => secrets.every((secret) => standardSecret.test(secret)), {
  message: 'each secret must be whsec_ followed by base64',
});
const sourceName = /^[a-z][a-z0-9-]{0,39}$/;
const genericSources = z
  .string()
  .optional()
  .transform((value, context) => {
    const secrets = new Map<string, string[]>();
    for (const entry of (value ?? '').split(',').map((item) => item.trim()).filter(Boolean)) {
      const separator = entry.indexOf(':');
      const name = entry.slice(0, separator);
      const secret = entry.slice(separator + 1);
      if (separator < 1 || !sourceName.test(name) || !standardSecret.test(secret)) {
        context.addIssue({ code: 'custom', message: `"${entry.slice(0, 40)}" is not <name>:whsec_<base64> (name in a-z, 0-9, -)` });
        continue;
      }
      if (Object.hasOwn(BUILT_IN_SOURCES, name)) {
        context.addIssue({ code: 'custom', message: `"${name}" is a built-in source; choose another name` });
        continue;
      }
      secrets.set(name, [...(secrets.get(name) ?? []), secret]);
    }
    return [...secrets].map(([name, list]): WebhookSourceConfig => ({ name, scheme: 'standard', secrets: list }));
  });

const allowedDestinations = z
  .string()
  .optional()
  .transform((value, context) =>
    (value ?? '').split(',').map((entry) => entry.trim()).filter(Boolean).flatMap((entry) => {
      const destination = parseAllowedDestination(entry);
      if (!destination) context.addIssue({ code: 'custom', message: `"${entry.slice(0, 60)}" is not a host name, an IP address or a CIDR range` });
      return destination ? [destination] : [];
    }),
  );

/**
 * What a sandbox run allows besides WEBHOOK_DELIVERY_ALLOWED_DESTINATIONS: loopback only, because a
 * sandbox run is a developer's machine, where the receiver being tried runs beside the gateway (on a
 * port nobody can know ahead). Private, link-local and metadata addresses stay refused there too.
 */
export const SANDBOX_WEBHOOK_DESTINATIONS: readonly AllowedDestination[] = [
  { kind: 'network', address: '127.0.0.0', prefix: 8, family: 'ipv4' },
  { kind: 'network', address: '::1', prefix: 128, family: 'ipv6' },
];

export const webhooksConfigSection: ConfigSection<WebhooksConfig> = {
  variables: [
    { name: 'STRIPE_WEBHOOK_SECRETS', default: '', meaning: 'Stripe endpoint signing secrets (whsec_...), comma-separated while rotating; empty = /webhooks/stripe off (in sandbox mode: the sandbox Stripe\'s)' },
    { name: 'SHIPPING_WEBHOOK_SECRETS', default: '', meaning: 'Standard Webhooks secrets (whsec_<base64>) of the carrier, comma-separated while rotating; empty = /webhooks/shipping off (in sandbox mode: the sandbox carrier\'s)' },
    { name: 'HUBSPOT_CLIENT_SECRETS', default: '', meaning: 'HubSpot app client secrets for X-HubSpot-Signature-v3, comma-separated while rotating; empty = /webhooks/hubspot off' },
    { name: 'EINVOICING_WEBHOOK_SECRETS', default: '', meaning: "The Peppol access point's webhook secrets (X-Signature), comma-separated while rotating; empty = /webhooks/einvoicing off (in sandbox mode: the sandbox access point's)" },
    { name: 'WEBHOOK_GENERIC_SOURCES', default: '', meaning: 'More Standard Webhooks sources at /webhooks/<name>: comma-separated <name>:whsec_<base64>, a name repeated for each of its secrets' },
    { name: 'WEBHOOK_TOLERANCE_SECONDS', default: '300', meaning: 'Largest difference between a webhook\'s signed timestamp and now' },
    { name: 'WEBHOOK_BODY_LIMIT_BYTES', default: '262144', meaning: 'Largest inbound webhook body; larger ones are answered 413' },
    { name: 'WEBHOOK_PUBLIC_BASE_URL', default: '', meaning: 'The gateway\'s URL as webhook senders call it (HubSpot signs it), e.g. https://api.example.com; empty = from the request' },
    ...jobRetryVariables('WEBHOOK_JOB', 'processing an inbound webhook event', { limit: 5, delaySeconds: 10 }),
    { name: 'WEBHOOK_DELIVERY_TIMEOUT_MS', default: '10000', meaning: 'Time a subscriber has to answer one outbound delivery' },
    ...jobRetryVariables('WEBHOOK_DELIVERY', 'an outbound delivery', { limit: 8, delaySeconds: 30 }),
    { name: 'WEBHOOK_DELIVERY_WORKERS', default: '4', meaning: 'Outbound deliveries one instance sends at the same time' },
    { name: 'WEBHOOK_SECRET_ROTATION_GRACE_HOURS', default: '24', meaning: 'After rotateWebhookSecret, deliveries are signed with the old secret too for this long' },
    { name: 'WEBHOOK_DELIVERY_ALLOWED_DESTINATIONS', default: '', meaning: 'Outbound webhooks refuse loopback, private, link-local, unique-local and cloud-metadata addresses except these, comma-separated: host names (trusted whatever they resolve to), IP addresses or CIDR ranges, e.g. hooks.internal.example,10.20.0.0/16; sandbox mode adds loopback' },
    { name: 'SANDBOX_TRACKER_ADVANCE_SECONDS', default: '30', meaning: 'Sandbox runs only: how often the simulated carrier moves new parcels one step on; 0 = never by itself' },
  ],
  read(read) {
    return {
      sources: [
        { name: 'stripe', scheme: 'stripe', secrets: read('STRIPE_WEBHOOK_SECRETS', secretList) },
        { name: 'shipping', scheme: 'standard', secrets: read('SHIPPING_WEBHOOK_SECRETS', standardSecrets) },
        { name: 'hubspot', scheme: 'hubspot', secrets: read('HUBSPOT_CLIENT_SECRETS', secretList) },
        { name: 'einvoicing', scheme: 'accesspoint', secrets: read('EINVOICING_WEBHOOK_SECRETS', secretList) },
        ...(read('WEBHOOK_GENERIC_SOURCES', genericSources) ?? []),
      ],
      toleranceSeconds: read('WEBHOOK_TOLERANCE_SECONDS', integer(1, 86_400)),
      bodyLimitBytes: read('WEBHOOK_BODY_LIMIT_BYTES', integer(1024, 100 * 1024 * 1024)),
      publicBaseUrl: read('WEBHOOK_PUBLIC_BASE_URL', z.url({ protocol: /^https?$/ }).transform((value) => value.replace(/\/+$/, '')).optional()),
      processing: readJobRetryPolicy(read, 'WEBHOOK_JOB'),
      delivery: {
        timeoutMs: read('WEBHOOK_DELIVERY_TIMEOUT_MS', integer(100, 600_000)),
        retry: readJobRetryPolicy(read, 'WEBHOOK_DELIVERY'),
        workers: read('WEBHOOK_DELIVERY_WORKERS', integer(1, 64)),
        rotationGraceHours: read('WEBHOOK_SECRET_ROTATION_GRACE_HOURS', integer(0, 720)),
        allowedDestinations: read('WEBHOOK_DELIVERY_ALLOWED_DESTINATIONS', allowedDestinations),
      },
      sandboxTrackerAdvanceSeconds: read('SANDBOX_TRACKER_ADVANCE_SECONDS', integer(0, 86_400)),
    };
  },
};
