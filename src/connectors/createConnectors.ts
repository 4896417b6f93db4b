import { readFileSync } from 'node:fs';
import type { Config, SystemConfig } from '../config/index.js';
import { createBreakerRegistry, type BreakerRegistry } from './core/createBreakerRegistry.js';
import { createUpstreamClient, type ErrorDescriber, type UpstreamObserver, type UpstreamTlsMaterial } from './core/createUpstreamClient.js';
import type { UpstreamTls } from '../config/upstreamTlsConfig.js';
import type { SystemName } from '../config/SystemName.js';
import { createCrmConnector, describeHubSpotError, type CrmConnector } from './crm/createCrmConnector.js';
import { createErpConnector, type ErpConnector } from './erp/createErpConnector.js';
import { createPaymentsConnector, describeStripeError, type PaymentsConnector } from './payments/createPaymentsConnector.js';
import { createShippingConnector, describeEasyPostError, type ShippingConnector } from './shipping/createShippingConnector.js';
import type { Logger } from 'pino';
import type { BUILT_IN_SOURCES } from '../config/webhooksConfig.js';
import type { CacheType } from './core/cache/CacheType.js';
import { createUpstreamBudget, NO_BUDGET, type BudgetObserver, type UpstreamBudgetGate } from './core/createUpstreamBudget.js';
import type { WindowLog } from '../limits/WindowLog.js';
import { SYSTEM_NAMES } from '../config/SystemName.js';
import { CRM_CACHE, hubSpotChangeTags } from './crm/crmCache.js';
import { ERP_CACHE } from './erp/erpCache.js';
import { PAYMENTS_CACHE, stripeChangeTags } from './payments/paymentsCache.js';
import { easyPostChangeTags, SHIPPING_CACHE } from './shipping/shippingCache.js';

export interface Connectors {
  readonly crm: CrmConnector;
  readonly erp: ErpConnector;
  readonly payments: PaymentsConnector;
  readonly shipping: ShippingConnector;
}

/** Odoo answers errors inside HTTP 200; a non-2xx comes from a proxy in front of it and has no useful body. */
const describeProxyError: ErrorDescriber = (status) => ({ message: `HTTP ${status}` });

const basicAuth = (user: string, password = '') => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

function authHeaders(systems: Config['systems']): Record<SystemName, Record<string, string>> {
  return {
    crm: { authorization: `Bearer ${systems.crm.credentials.token}` },
    erp: {},
    payments: { authorization: `Bearer ${systems.payments.credentials.secretKey}` },
    shipping: { authorization: basicAuth(systems.shipping.credentials.apiKey) },
  };
}

/** Read once at start, so a certificate that cannot be read stops the start rather than a later call. */
function tlsMaterial(tls: UpstreamTls | undefined): UpstreamTlsMaterial | undefined {
  if (!tls) return undefined;
  const pem = (file: string | undefined) => (file === undefined ? undefined : readFileSync(file, 'utf8'));
  return { certificate: pem(tls.certFile), key: pem(tls.keyFile), certificateAuthority: pem(tls.caFile) };
}

const DESCRIBERS: Record<SystemName, ErrorDescriber> = {
  crm: describeHubSpotError,
  erp: describeProxyError,
  payments: describeStripeError,
  shipping: describeEasyPostError,
};

export interface ConnectorsOptions {
  /** Told of every upstream call and retry (metrics, error reporting). */
  readonly observers?: readonly UpstreamObserver[];
  /** Where our own writes say what they changed (the entity cache). */
  readonly changed?: (tags: readonly string[]) => Promise<void>;
  /** Where each system's outbound request budget is kept (shared across instances when it is Redis); none: no budgets. */
  readonly budgets?: { readonly log: WindowLog; readonly keyPrefix: string; readonly maxWaitMs: number; readonly observer?: BudgetObserver };
}

export type UpstreamBudgets = Readonly<Record<SystemName, UpstreamBudgetGate>>;

/** Every record type the connectors let the entity cache keep. */
export const CACHE_TYPES: readonly CacheType<never, never>[] = [
  ...Object.values(ERP_CACHE),
  ...Object.values(CRM_CACHE),
  ...Object.values(PAYMENTS_CACHE),
  ...Object.values(SHIPPING_CACHE),
];

/** What each built-in webhook source announces: the system whose records it changes, and the tags of one event. */
export const WEBHOOK_CHANGES: Readonly<Record<keyof typeof BUILT_IN_SOURCES, { readonly system: SystemName; tagsOf(event: unknown): string[] }>> = {
  stripe: { system: 'payments', tagsOf: stripeChangeTags },
  shipping: { system: 'shipping', tagsOf: easyPostChangeTags },
  hubspot: { system: 'crm', tagsOf: hubSpotChangeTags },
};

const nothingChanged = async () => undefined;

/** Builds one breaker per system and one connector per system over it. */
export function createConnectors(
  config: Config,
  logger: Logger,
  options: ConnectorsOptions = {},
): { connectors: Connectors; breakers: BreakerRegistry; budgets: UpstreamBudgets } {
  const systems = config.systems;
  const budgetOf = (system: SystemName): UpstreamBudgetGate => {
    const budget = systems[system].budget;
    return options.budgets && budget ? createUpstreamBudget({ system, budget, ...options.budgets }) : NO_BUDGET;
  };
  const budgets = Object.fromEntries(SYSTEM_NAMES.map((system) => [system, budgetOf(system)])) as unknown as UpstreamBudgets;
  const breakers = createBreakerRegistry(
    { crm: systems.crm.resilience.breaker, erp: systems.erp.resilience.breaker, payments: systems.payments.resilience.breaker, shipping: systems.shipping.resilience.breaker },
    logger,
  );
  const headers = authHeaders(systems);
  const deps = <S extends SystemName>(system: SystemConfig<S>) => {
    if (!system.baseUrl) throw new Error(`No base URL for the ${system.name} system`);
    return {
      config: system,
      client: createUpstreamClient({
        system: system.name,
        baseUrl: system.baseUrl,
        resilience: system.resilience,
        breakers,
        headers: headers[system.name],
        describeError: DESCRIBERS[system.name],
        tls: tlsMaterial(config.upstreamTls[system.name]),
        observers: options.observers,
        budget: budgets[system.name],
      }),
      changed: options.changed ?? nothingChanged,
    };
  };
  return {
    connectors: {
      crm: createCrmConnector(deps(systems.crm)),
      erp: createErpConnector(deps(systems.erp)),
      payments: createPaymentsConnector(deps(systems.payments)),
      shipping: createShippingConnector(deps(systems.shipping)),
    },
    breakers,
    budgets,
  };
}
