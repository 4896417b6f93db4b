import { z } from 'zod';
import type { ReadVariable, VariableDoc } from './ConfigSection.js';
import { jwtConfigSection, type JwtConfig, type TrustedIdentityProvider } from './jwtConfig.js';
import { SYSTEM_NAMES, type SystemName } from './SystemName.js';
import type { RetryPolicy } from './RetryPolicy.js';
import { upstreamTlsConfigSection, type UpstreamTlsConfig } from './upstreamTlsConfig.js';
import { trustedDocumentsConfigSection, type TrustedDocumentsConfig } from './trustedDocumentsConfig.js';
import { hardeningConfigSection, type HardeningConfig } from './hardeningConfig.js';
import { mtlsConfigSection, type MtlsConfig } from './mtlsConfig.js';
import { limitsConfigSection, type LimitsConfig } from './limitsConfig.js';
import { pollingConfigSection, type PollingConfig } from './pollingConfig.js';
import { productionIssues } from './productionIssues.js';
import { webhooksConfigSection, type WebhooksConfig } from './webhooksConfig.js';
import { eventBusConfigSection, type EventBusConfig } from './eventBusConfig.js';
import { jobRetryVariables, readJobRetryPolicy } from './jobRetryConfig.js';
import { statusConfigSection, type StatusConfig } from './statusConfig.js';
import { apiDocsConfigSection, type ApiDocsConfig } from './apiDocsConfig.js';
import { observabilityConfigSection, type ObservabilityConfig } from './observabilityConfig.js';
import type { AllowedDestination } from './parseAllowedDestination.js';
import { retentionConfigSection, type RetentionConfig } from './retentionConfig.js';
import { cacheConfigSection, type CacheConfig } from './cacheConfig.js';
import { budgetSchema, type UpstreamBudget } from './budgetConfig.js';
import { SYSTEM_SETTINGS, type SystemCredentials, type SystemSettings } from './systemSettings.js';

/**
 * The only reader of process.env. Everything is validated once at start-up, defaults are filled in
 * and the result is frozen, so the rest of the code never sees a raw string or a missing value.
 */

export interface BreakerConfig {
  /** Deadline for one call to the system including all its retries. */
  readonly timeoutMs: number;
  readonly errorThresholdPercentage: number;
  /** Calls needed in the rolling window before the breaker may open. */
  readonly volumeThreshold: number;
  readonly rollingWindowMs: number;
  /** How long an open breaker waits before letting one trial call through (half-open). */
  readonly resetTimeoutMs: number;
}

export interface ResilienceConfig {
  /** Per-attempt timeout of one HTTP request. */
  readonly attemptTimeoutMs: number;
  readonly retry: RetryPolicy;
  readonly breaker: BreakerConfig;
}

export type { SystemCredentials } from './systemSettings.js';
export type ErpCredentials = SystemCredentials['erp'];

export interface SystemConfig<S extends SystemName = SystemName> {
  readonly name: S;
  /** Undefined until the sandbox has started when the gateway runs against it. */
  readonly baseUrl: string | undefined;
  readonly credentials: SystemCredentials[S];
  readonly resilience: ResilienceConfig;
  /** How the queue retries follow-up jobs that call this system. */
  readonly jobs: RetryPolicy;
  /** Outbound requests allowed per window (the vendor's published limit); null: no limit. */
  readonly budget: UpstreamBudget | null;
}

export type SystemsConfig = { readonly [S in SystemName]: SystemConfig<S> };

export interface Config {
  readonly environment: 'development' | 'production' | 'test';
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly http: {
    readonly host: string;
    readonly port: number;
    readonly bodyLimitBytes: number;
    /** How long SIGTERM waits for in-flight requests before the process exits anyway. */
    readonly shutdownTimeoutMs: number;
  };
  readonly sandbox: { readonly enabled: boolean; readonly seed: number };
  /** Per-request DataLoader batching; only worth turning off to measure what it saves. */
  readonly batching: boolean;
  readonly storage: {
    /** Undefined: start the embedded PostgreSQL. */
    readonly databaseUrl: string | undefined;
    readonly schema: string;
  };
  readonly idempotency: { readonly retentionHours: number; readonly leaseSeconds: number };
  readonly queue: {
    readonly schema: string;
    /** Run job workers in this process (a gateway can also only enqueue). */
    readonly worker: boolean;
    readonly pollingSeconds: number;
    /** A job whose worker died is retried after this long. */
    readonly jobTimeoutSeconds: number;
    readonly maintenanceSeconds: number;
  };
  readonly auth: {
    readonly adminApiKey: string | undefined;
    /** Seconds a verified API key is trusted without asking the database; 0: every request asks. */
    readonly apiKeyCacheSeconds: number;
  };
  readonly jwt: JwtConfig;
  readonly systems: SystemsConfig;
  /** Client certificates and private CAs for upstream systems, per system. */
  readonly upstreamTls: UpstreamTlsConfig;
  /** The optional mutual-TLS listener; undefined when MTLS_PORT is not set. */
  readonly mtls: MtlsConfig | undefined;
  readonly hardening: HardeningConfig;
  readonly trustedDocuments: TrustedDocumentsConfig;
  /** Plans, rate-limit counters and query shape limits. */
  readonly limits: LimitsConfig;
  readonly polling: PollingConfig;
  /** Inbound webhook sources and outbound deliveries. */
  readonly webhooks: WebhooksConfig;
  /** Where domain events go (postgres, redis or rabbitmq) and how their consumers retry. */
  readonly eventBus: EventBusConfig;
  /** Status checks every minute, their retention and the status page's refresh. */
  readonly status: StatusConfig;
  readonly retention: RetentionConfig;
  /** Who may download the SDL. */
  readonly apiDocs: ApiDocsConfig;
  /** Sentry reporting and /metrics protection. */
  readonly observability: ObservabilityConfig;
  /** The entity cache of upstream records. */
  readonly cache: CacheConfig;
  readonly upstream: {
    /** How long a request waits for a spent budget before that system's fields fail with RATE_LIMITED. */
    readonly budgetMaxWaitMs: number;
  };
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly issues: readonly string[]) {
    super(`Invalid configuration:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
  }
}

const prefixOf = (system: SystemName) => SYSTEM_SETTINGS[system].prefix;
const labelOf = (system: SystemName) => SYSTEM_SETTINGS[system].label;
const credentialVariables = (system: SystemName): VariableDoc[] => Object.values(SYSTEM_SETTINGS[system].credentials);
const budgetVariable = (system: SystemName): VariableDoc => ({ name: `${prefixOf(system)}_BUDGET`, ...SYSTEM_SETTINGS[system].budget });

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const boolean = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => ['true', '1', 'yes'].includes(v));
const url = z
  .url({ protocol: /^https?$/ })
  .transform((value) => value.replace(/\/+$/, ''));

const resilienceVariables = (prefix: string, label: string): VariableDoc[] => [
  { name: `${prefix}_ATTEMPT_TIMEOUT_MS`, default: '5000', meaning: `Timeout of one HTTP attempt to the ${label}` },
  { name: `${prefix}_RETRY_LIMIT`, default: '4', meaning: `Retries after the first attempt (reads and keyed writes only)` },
  { name: `${prefix}_RETRY_BASE_DELAY_MS`, default: '1000', meaning: 'First retry delay; doubles each retry' },
  { name: `${prefix}_RETRY_MAX_DELAY_MS`, default: '8000', meaning: 'Longest backoff between two retries' },
  { name: `${prefix}_RETRY_MAX_AFTER_MS`, default: '30000', meaning: 'Longest Retry-After honoured; longer ones fail the call at once' },
  { name: `${prefix}_RETRY_JITTER`, default: '0.2', meaning: 'Fraction of each delay randomised (0..1)' },
  { name: `${prefix}_BREAKER_TIMEOUT_MS`, default: '45000', meaning: 'Deadline of one call including its retries' },
  { name: `${prefix}_BREAKER_ERROR_PERCENT`, default: '50', meaning: 'Failure percentage in the window that opens the breaker' },
  { name: `${prefix}_BREAKER_VOLUME_THRESHOLD`, default: '5', meaning: 'Calls in the window before the breaker may open' },
  { name: `${prefix}_BREAKER_WINDOW_MS`, default: '10000', meaning: 'Rolling window of the failure statistics' },
  { name: `${prefix}_BREAKER_RESET_MS`, default: '30000', meaning: 'Time an open breaker waits before a trial call' },
  ...jobRetryVariables(`${prefix}_JOB`, 'a follow-up job to this system', { limit: 5, delaySeconds: 10 }),
];

export const CONFIG_VARIABLES: readonly VariableDoc[] = [
  { name: 'NODE_ENV', default: 'development', meaning: 'development | production | test' },
  { name: 'LOG_LEVEL', default: 'info', meaning: 'fatal | error | warn | info | debug | trace | silent' },
  { name: 'HOST', default: '127.0.0.1', meaning: 'Interface to listen on (0.0.0.0 in a container)' },
  { name: 'PORT', default: '4000', meaning: 'HTTP port of the gateway' },
  { name: 'BODY_LIMIT_BYTES', default: '1048576', meaning: 'Largest request body accepted' },
  { name: 'SHUTDOWN_TIMEOUT_MS', default: '10000', meaning: 'Time SIGTERM gives in-flight requests to finish' },
  ...hardeningConfigSection.variables,
  ...mtlsConfigSection.variables,
  ...trustedDocumentsConfigSection.variables,
  ...limitsConfigSection.variables,
  ...pollingConfigSection.variables,
  ...webhooksConfigSection.variables,
  ...eventBusConfigSection.variables,
  ...statusConfigSection.variables,
  ...retentionConfigSection.variables,
  ...apiDocsConfigSection.variables,
  ...observabilityConfigSection.variables,
  { name: 'SANDBOX', default: 'auto', meaning: 'auto: run the simulated systems when no *_BASE_URL is set; true | false force it (true with every *_BASE_URL set: a sandbox running elsewhere); with NODE_ENV=production only true runs them, else every *_BASE_URL, credential and webhook secret must be real' },
  { name: 'SANDBOX_SEED', default: '42', meaning: 'Seed of the sandbox data (same seed, same data)' },
  { name: 'BATCHING', default: 'true', meaning: 'Batch upstream lookups per request (false only to measure the difference)' },
  { name: 'DATABASE_URL', default: '', meaning: 'PostgreSQL URL; empty = start the embedded PostgreSQL (data in ./.data/postgres)' },
  { name: 'DATABASE_SCHEMA', default: 'public', meaning: 'Schema of Switchyard\'s tables' },
  { name: 'ADMIN_API_KEY', default: '', meaning: 'Bootstrap admin API key; empty in sandbox mode = one is generated and printed at start' },
  {
    name: 'API_KEY_CACHE_SECONDS',
    default: '5',
    meaning:
      'Seconds a verified API key is trusted without a database query (0 = query every request). A revoked or rotated key is refused by every instance at once through PostgreSQL LISTEN/NOTIFY, and within this many seconds when that connection is down',
  },
  ...jwtConfigSection.variables,
  { name: 'IDEMPOTENCY_RETENTION_HOURS', default: '24', meaning: 'How long an idempotency key and its stored result are kept' },
  { name: 'IDEMPOTENCY_LEASE_SECONDS', default: '60', meaning: 'After this, a claim left by a crashed request may be taken over' },
  { name: 'QUEUE_SCHEMA', default: 'pgboss', meaning: 'Schema of the job queue (pg-boss) tables' },
  { name: 'QUEUE_WORKER', default: 'true', meaning: 'Run follow-up job workers in this process' },
  { name: 'QUEUE_POLLING_SECONDS', default: '2', meaning: 'How often an idle worker looks for jobs' },
  { name: 'QUEUE_JOB_TIMEOUT_SECONDS', default: '300', meaning: 'A job running longer (e.g. its worker died) is failed and retried' },
  { name: 'QUEUE_MAINTENANCE_SECONDS', default: '60', meaning: 'How often the queue expires stuck jobs and archives old ones' },
  ...SYSTEM_NAMES.flatMap((system) => [
    { name: `${prefixOf(system)}_BASE_URL`, default: '', meaning: `Base URL of the ${labelOf(system)}; empty = sandbox` },
    ...credentialVariables(system),
    ...resilienceVariables(prefixOf(system), labelOf(system)),
    budgetVariable(system),
  ]),
  { name: 'UPSTREAM_BUDGET_MAX_WAIT_MS', default: '250', meaning: 'How long a request waits for a spent upstream budget before that system\'s fields fail with RATE_LIMITED (queued jobs wait as long as it takes)' },
  ...cacheConfigSection.variables,
  ...upstreamTlsConfigSection.variables,
];

/** What a sandbox run fills in by itself, so a production start must be given: upstream URLs, credentials, webhook secrets. */
const PRODUCTION_REQUIRED: readonly string[] = [
  ...SYSTEM_NAMES.flatMap((system) => [`${prefixOf(system)}_BASE_URL`, ...credentialVariables(system).map((v) => v.name)]),
  'STRIPE_WEBHOOK_SECRETS',
  'SHIPPING_WEBHOOK_SECRETS',
  // Without it an e-invoice's delivery or failure at the buyer's access point would never be heard of.
  'EINVOICING_WEBHOOK_SECRETS',
];

const DEFAULTS: Record<string, string> = Object.fromEntries(CONFIG_VARIABLES.map((v) => [v.name, v.default]));

const environmentSchema = z.enum(['development', 'production', 'test']);
const logLevelSchema = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);
const nonEmpty = z.string().min(1);
const identifier = z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a lower-case SQL identifier');
const databaseUrl = z.url({ protocol: /^postgres(ql)?$/ });

function reader(env: Readonly<Record<string, string | undefined>>, issues: string[]): ReadVariable {
  return <T>(name: string, schema: z.ZodType<T>): T => {
    const raw = env[name];
    const chosen = raw === undefined || raw === '' ? DEFAULTS[name] : raw;
    const value = chosen === '' ? undefined : chosen;
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    issues.push(`${name}=${JSON.stringify(raw ?? '')}: ${result.error.issues.map((i) => i.message).join('; ')}`);
    return undefined as T;
  };
}

function readResilience(read: ReturnType<typeof reader>, prefix: string): ResilienceConfig {
  return {
    attemptTimeoutMs: read(`${prefix}_ATTEMPT_TIMEOUT_MS`, integer(1, 600_000)),
    retry: {
      limit: read(`${prefix}_RETRY_LIMIT`, integer(0, 10)),
      baseDelayMs: read(`${prefix}_RETRY_BASE_DELAY_MS`, integer(1, 600_000)),
      maxDelayMs: read(`${prefix}_RETRY_MAX_DELAY_MS`, integer(1, 600_000)),
      maxRetryAfterMs: read(`${prefix}_RETRY_MAX_AFTER_MS`, integer(0, 3_600_000)),
      jitter: read(`${prefix}_RETRY_JITTER`, z.coerce.number().min(0).max(1)),
    },
    breaker: {
      timeoutMs: read(`${prefix}_BREAKER_TIMEOUT_MS`, integer(1, 3_600_000)),
      errorThresholdPercentage: read(`${prefix}_BREAKER_ERROR_PERCENT`, integer(1, 100)),
      volumeThreshold: read(`${prefix}_BREAKER_VOLUME_THRESHOLD`, integer(0, 100_000)),
      rollingWindowMs: read(`${prefix}_BREAKER_WINDOW_MS`, integer(100, 3_600_000)),
      resetTimeoutMs: read(`${prefix}_BREAKER_RESET_MS`, integer(1, 3_600_000)),
    },
  };
}

function readCredentials(read: ReturnType<typeof reader>): SystemCredentials {
  return Object.fromEntries(
    SYSTEM_NAMES.map((system) => [
      system,
      Object.fromEntries(Object.entries(SYSTEM_SETTINGS[system].credentials).map(([field, variable]) => [field, read(variable.name, nonEmpty)])),
    ]),
  ) as unknown as SystemCredentials;
}

/** The budget set, or the default: the vendor's limit, which for some vendors depends on the account's credentials. */
function readBudget(read: ReturnType<typeof reader>, env: Readonly<Record<string, string | undefined>>, system: SystemName, credentials: Readonly<Record<string, string>>): UpstreamBudget | null {
  const variable = budgetVariable(system);
  const settings: SystemSettings['budget'] = SYSTEM_SETTINGS[system].budget;
  if (!env[variable.name] && settings.byCredentials) return budgetSchema.parse(settings.byCredentials(credentials));
  return read(variable.name, budgetSchema);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** Pure: builds the configuration from an environment record. Throws ConfigError naming every bad variable. */
export function parseConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const issues: string[] = [];
  const read = reader(env, issues);
  const credentials = readCredentials(read);
  const baseUrls = Object.fromEntries(
    SYSTEM_NAMES.map((system) => [system, read(`${prefixOf(system)}_BASE_URL`, url.optional())]),
  ) as Record<SystemName, string | undefined>;
  const systems = Object.fromEntries(
    SYSTEM_NAMES.map((system) => [
      system,
      {
        name: system,
        baseUrl: baseUrls[system],
        credentials: credentials[system],
        resilience: readResilience(read, prefixOf(system)),
        jobs: readJobRetryPolicy(read, `${prefixOf(system)}_JOB`),
        budget: readBudget(read, env, system, credentials[system]),
      },
    ]),
  ) as unknown as SystemsConfig;

  const environment = read('NODE_ENV', environmentSchema);
  const sandboxSetting = read('SANDBOX', z.enum(['auto', 'true', 'false']));
  const configured = SYSTEM_NAMES.filter((system) => baseUrls[system] !== undefined);
  const sandboxEnabled = sandboxSetting === 'true' || (sandboxSetting === 'auto' && configured.length === 0);
  // In production the sandbox never starts by default: it takes SANDBOX=true, or every real setting.
  if (environment === 'production' && sandboxSetting !== 'true') {
    issues.push(...productionIssues(env, PRODUCTION_REQUIRED));
  } else if (!sandboxEnabled) {
    const missing = SYSTEM_NAMES.filter((system) => baseUrls[system] === undefined);
    if (missing.length > 0) {
      issues.push(
        `${missing.map((s) => `${prefixOf(s)}_BASE_URL`).join(', ')} not set: set every upstream URL, or none to run against the sandbox`,
      );
    }
  }

  const config: Config = {
    environment,
    logLevel: read('LOG_LEVEL', logLevelSchema),
    http: {
      host: read('HOST', nonEmpty),
      port: read('PORT', integer(0, 65_535)),
      bodyLimitBytes: read('BODY_LIMIT_BYTES', integer(1024, 100 * 1024 * 1024)),
      shutdownTimeoutMs: read('SHUTDOWN_TIMEOUT_MS', integer(0, 600_000)),
    },
    sandbox: { enabled: sandboxEnabled, seed: read('SANDBOX_SEED', integer(0, 2 ** 31 - 1)) },
    batching: read('BATCHING', boolean),
    storage: { databaseUrl: read('DATABASE_URL', databaseUrl.optional()), schema: read('DATABASE_SCHEMA', identifier) },
    idempotency: {
      retentionHours: read('IDEMPOTENCY_RETENTION_HOURS', integer(1, 24 * 365)),
      leaseSeconds: read('IDEMPOTENCY_LEASE_SECONDS', integer(1, 86_400)),
    },
    queue: {
      schema: read('QUEUE_SCHEMA', identifier),
      worker: read('QUEUE_WORKER', boolean),
      pollingSeconds: read('QUEUE_POLLING_SECONDS', z.coerce.number().min(0.5).max(3600)),
      jobTimeoutSeconds: read('QUEUE_JOB_TIMEOUT_SECONDS', integer(1, 86_400)),
      maintenanceSeconds: read('QUEUE_MAINTENANCE_SECONDS', integer(1, 86_400)),
    },
    auth: {
      adminApiKey: read('ADMIN_API_KEY', z.string().min(24, 'at least 24 characters').optional()),
      apiKeyCacheSeconds: read('API_KEY_CACHE_SECONDS', integer(0, 300)),
    },
    jwt: jwtConfigSection.read(read),
    systems,
    upstreamTls: upstreamTlsConfigSection.read(read),
    mtls: mtlsConfigSection.read(read),
    hardening: hardeningConfigSection.read(read),
    trustedDocuments: trustedDocumentsConfigSection.read(read),
    limits: limitsConfigSection.read(read),
    polling: pollingConfigSection.read(read),
    webhooks: webhooksConfigSection.read(read),
    eventBus: eventBusConfigSection.read(read),
    status: statusConfigSection.read(read),
    retention: retentionConfigSection.read(read),
    apiDocs: apiDocsConfigSection.read(read),
    observability: observabilityConfigSection.read(read),
    cache: cacheConfigSection.read(read),
    upstream: { budgetMaxWaitMs: read('UPSTREAM_BUDGET_MAX_WAIT_MS', integer(0, 60_000)) },
  };
  if (config.cache.store === 'redis' && !config.limits.redisUrl) issues.push('CACHE_STORE="redis": set REDIS_URL too, or CACHE_STORE=auto');
  if (issues.length > 0) throw new ConfigError(issues);
  return deepFreeze(config);
}

/** Reads the process environment; the one place process.env is touched. */
export function readConfig(): Config {
  return parseConfig(process.env);
}

/** Points every system at its given URL and credentials (the sandbox's, once it runs). */
export function withUpstreams(
  config: Config,
  upstreams: { readonly [S in SystemName]: { baseUrl: string; credentials: SystemCredentials[S] } },
): Config {
  const systems = Object.fromEntries(
    SYSTEM_NAMES.map((system) => [system, { ...config.systems[system], ...upstreams[system] }]),
  ) as unknown as SystemsConfig;
  return deepFreeze({ ...config, systems });
}

/** Sets the bootstrap admin key (the one generated for a sandbox run). */
export function withAdminApiKey(config: Config, adminApiKey: string): Config {
  return deepFreeze({ ...config, auth: { ...config.auth, adminApiKey } });
}

/** Trusts the sandbox's identity provider, unless tokens are already configured to come from elsewhere. */
export function withIdentityProvider(config: Config, idp: TrustedIdentityProvider): Config {
  if (config.jwt.jwksUrl !== undefined || config.jwt.secret !== undefined) return config;
  const jwt: JwtConfig = Object.freeze({
    ...config.jwt,
    jwksUrl: idp.jwksUrl,
    issuer: idp.issuer,
    audience: Object.freeze([idp.audience]),
  });
  return Object.freeze({ ...config, jwt });
}

/**
 * Fills the secrets of sources left unconfigured (the sandbox's, in a sandbox run), the way
 * `withUpstreams` points the connectors at it; configured secrets are kept.
 */
export function withWebhookSecrets(config: Config, secrets: Readonly<Partial<Record<string, string>>>): Config {
  const sources = config.webhooks.sources.map((source) => {
    const fallback = secrets[source.name];
    return source.secrets.length === 0 && fallback ? { ...source, secrets: [fallback] } : source;
  });
  return Object.freeze({ ...config, webhooks: Object.freeze({ ...config.webhooks, sources: Object.freeze(sources) }) });
}

/** Lets outbound webhooks reach these destinations too (a sandbox run's loopback), beside the configured ones. */
export function withAllowedWebhookDestinations(config: Config, destinations: readonly AllowedDestination[]): Config {
  const delivery = Object.freeze({ ...config.webhooks.delivery, allowedDestinations: Object.freeze([...config.webhooks.delivery.allowedDestinations, ...destinations]) });
  return Object.freeze({ ...config, webhooks: Object.freeze({ ...config.webhooks, delivery }) });
}
