import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import { SYSTEM_NAMES, type SystemName } from '../config/SystemName.js';
import type { UpstreamTls } from '../config/upstreamTlsConfig.js';
import type { WindowLog } from '../limits/WindowLog.js';
import type { CacheType } from './core/cache/CacheType.js';
import type { ConnectorDeps } from './core/connectorDeps.js';
import { createBreakerRegistry, type BreakerRegistry } from './core/createBreakerRegistry.js';
import { createUpstreamBudget, NO_BUDGET, type BudgetObserver, type UpstreamBudgetGate } from './core/createUpstreamBudget.js';
import { createUpstreamClient, type UpstreamObserver, type UpstreamTlsMaterial } from './core/createUpstreamClient.js';
import type { SystemConnector } from './core/SystemConnector.js';
import { crmSystem } from './crm/crmSystem.js';
import { einvoicingSystem } from './einvoicing/einvoicingSystem.js';
import { erpSystem } from './erp/erpSystem.js';
import { paymentsSystem } from './payments/paymentsSystem.js';
import { shippingSystem } from './shipping/shippingSystem.js';

/** Every system's connector folder, registered by one line each. */
const SYSTEMS = {
  crm: crmSystem,
  erp: erpSystem,
  payments: paymentsSystem,
  shipping: shippingSystem,
  einvoicing: einvoicingSystem,
} as const satisfies { readonly [S in SystemName]: SystemConnector<S, unknown> };

type Systems = typeof SYSTEMS;

export type Connectors = { readonly [S in SystemName]: ReturnType<Systems[S]['create']> };

/** Read once at start, so a certificate that cannot be read stops the start rather than a later call. */
function tlsMaterial(tls: UpstreamTls | undefined): UpstreamTlsMaterial | undefined {
  if (!tls) return undefined;
  const pem = (file: string | undefined) => (file === undefined ? undefined : readFileSync(file, 'utf8'));
  return { certificate: pem(tls.certFile), key: pem(tls.keyFile), certificateAuthority: pem(tls.caFile) };
}

export interface ConnectorsOptions {
  /** Told of every upstream call and retry (metrics, error reporting). */
  readonly observers?: readonly UpstreamObserver[];
  /** Where our own writes say what they changed (the entity cache). */
  readonly changed?: (tags: readonly string[]) => Promise<void>;
  /** Where each system's outbound request budget is kept (shared across instances when it is Redis); none: no budgets. */
  readonly budgets?: { readonly log: WindowLog; readonly keyPrefix: string; readonly maxWaitMs: number; readonly observer?: BudgetObserver };
}

export type UpstreamBudgets = Readonly<Record<SystemName, UpstreamBudgetGate>>;

const registered: readonly SystemConnector<SystemName, unknown>[] = SYSTEM_NAMES.map((system) => SYSTEMS[system] as SystemConnector<SystemName, unknown>);

/** Every record type the connectors let the entity cache keep. */
export const CACHE_TYPES: readonly CacheType<never, never>[] = registered.flatMap((system) => system.cacheTypes);

/** What each webhook source announces: the system whose records it changes, and the tags of one event. */
export const WEBHOOK_CHANGES: ReadonlyMap<string, { readonly system: SystemName; tagsOf(event: unknown): string[] }> = new Map(
  registered.flatMap((system) => (system.changes ? [[system.changes.source, { system: system.system, tagsOf: system.changes.tagsOf }] as const] : [])),
);

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
    Object.fromEntries(SYSTEM_NAMES.map((system) => [system, systems[system].resilience.breaker])) as { [S in SystemName]: Config['systems'][S]['resilience']['breaker'] },
    logger,
  );
  const connect = <S extends SystemName>(system: S): ReturnType<Systems[S]['create']> => {
    const settings = systems[system];
    const registration = SYSTEMS[system] as unknown as SystemConnector<S, ReturnType<Systems[S]['create']>>;
    if (!settings.baseUrl) throw new Error(`No base URL for the ${system} system`);
    const deps: ConnectorDeps<S> = {
      config: settings,
      client: createUpstreamClient({
        system,
        baseUrl: settings.baseUrl,
        resilience: settings.resilience,
        breakers,
        headers: registration.authHeaders(settings.credentials),
        describeError: registration.describeError,
        tls: tlsMaterial(config.upstreamTls[system]),
        observers: options.observers,
        budget: budgets[system],
      }),
      changed: options.changed ?? nothingChanged,
    };
    return registration.create(deps);
  };
  return {
    connectors: Object.fromEntries(SYSTEM_NAMES.map((system) => [system, connect(system)])) as unknown as Connectors,
    breakers,
    budgets,
  };
}
