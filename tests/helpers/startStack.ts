import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { DestinationStream } from 'pino';
import { buildApp, type App } from '../../src/app.js';
import { parseConfig, withIdentityProvider, withUpstreams } from '../../src/config/index.js';
import { SYSTEM_NAMES, type SystemName } from '../../src/config/SystemName.js';
import { SYSTEM_SETTINGS } from '../../src/config/systemSettings.js';
import { createLogger } from '../../src/observability/createLogger.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/startSandbox.js';
import { upstreamsOf } from '../../src/sandbox/upstreamsOf.js';
import { createStore } from '../../src/store/createStore.js';
import { dropSchema, TEST_DATABASE_URL, uniqueSchemaName } from './testDatabase.js';

/**
 * Resilience numbers shrunk for tests; the defaults (1/2/4/8 s) stay what production gets. The entity
 * cache is off, no upstream budget applies and the ERP is not polled, so every suite sees each of its
 * reads reach the sandbox and nothing else; the suites about the cache, budgets and e-invoicing turn them on.
 */
export function fastResilience(overrides: Partial<Record<string, string>> = {}): Record<string, string> {
  const env: Record<string, string> = { CACHE: 'off', POLL_ERP_SECONDS: '0' };
  for (const { prefix } of Object.values(SYSTEM_SETTINGS)) {
    Object.assign(env, {
      [`${prefix}_BUDGET`]: 'unlimited',
      [`${prefix}_ATTEMPT_TIMEOUT_MS`]: '1500',
      [`${prefix}_RETRY_LIMIT`]: '2',
      [`${prefix}_RETRY_BASE_DELAY_MS`]: '10',
      [`${prefix}_RETRY_MAX_DELAY_MS`]: '40',
      [`${prefix}_RETRY_MAX_AFTER_MS`]: '3000',
      [`${prefix}_BREAKER_TIMEOUT_MS`]: '5000',
      [`${prefix}_BREAKER_VOLUME_THRESHOLD`]: '3',
      [`${prefix}_BREAKER_RESET_MS`]: '60000',
      [`${prefix}_JOB_RETRY_LIMIT`]: '2',
      [`${prefix}_JOB_RETRY_DELAY_SECONDS`]: '1',
    });
  }
  return { ...env, QUEUE_POLLING_SECONDS: '0.5', QUEUE_MAINTENANCE_SECONDS: '1', ...(overrides as Record<string, string>) };
}

/** The `<PREFIX>_BASE_URL` of every system, pointed at the given sandbox: a gateway started with them reaches no other. */
export function sandboxBaseUrls(sandbox: Pick<Sandbox, 'urls'>): Record<string, string> {
  return Object.fromEntries(SYSTEM_NAMES.map((system) => [`${SYSTEM_SETTINGS[system].prefix}_BASE_URL`, sandbox.urls[system]]));
}

export interface FaultSpec {
  route: string;
  mode: 'ok' | 'error' | 'timeout' | 'down' | 'slow';
  status?: number;
  latencyMs?: number;
  rate?: number;
  count?: number;
  retryAfter?: number;
}

/** Every stack's bootstrap admin key; `graphql()` sends it unless the test gives other credentials. */
export const TEST_ADMIN_KEY = 'test-admin-key-0123456789abcdef';

/** Plans far above what any suite sends; suites about limits pass PLANS_FILE in `env`. */
export const GENEROUS_PLANS_FILE = fileURLToPath(new URL('../fixtures/plans-generous.json', import.meta.url));

export interface GraphqlResult {
  status: number;
  headers: Headers;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
    extensions?: Record<string, unknown>;
  };
}

/** Where a stack keeps its records and jobs: two stacks given the same schemas share one database. */
export interface StackDatabase {
  readonly schema: string;
  readonly queueSchema: string;
}

export interface Stack {
  readonly sandbox: Sandbox;
  readonly database: StackDatabase;
  readonly app: App;
  readonly url: string;
  /** As the bootstrap admin unless `headers` carries credentials; `{ authorization: '' }` sends none. */
  graphql(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphqlResult>;
  fault(system: SystemName, fault: FaultSpec): Promise<void>;
  /** Requests each system received, from its own control API. */
  calls(system: SystemName): Promise<{ requests: number; byRoute: Record<string, number> }>;
  resetSandbox(): Promise<void>;
  close(): Promise<void>;
}

/** The sandbox and the real gateway on ephemeral ports, talking HTTP, configured like production but faster. */
export interface StackOptions {
  /** Environment variables on top of the fast test defaults. */
  readonly env?: Record<string, string>;
  /** A sandbox to share (left running on close); a new one otherwise. */
  readonly sandbox?: Sandbox;
  /** Points a system somewhere else than the sandbox. */
  readonly baseUrls?: Partial<Record<SystemName, string>>;
  /** Schemas to share with another stack (left in place on close); fresh ones otherwise (dropped on close). */
  readonly database?: StackDatabase;
  /** Where the gateway's log lines go (with LOG_LEVEL in env), for tests that read them. */
  readonly logDestination?: DestinationStream;
  /** Headers the gateway's GraphiQL page starts with (kept only in sandbox mode). */
  readonly graphiqlHeaders?: Readonly<Record<string, string>>;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const sandboxToUse = options.sandbox;
  const sandbox = sandboxToUse ?? (await startSandbox({ seed: 42 }));
  const upstreams = upstreamsOf(sandbox);
  for (const [system, baseUrl] of Object.entries(options.baseUrls ?? {}) as [SystemName, string][]) {
    upstreams[system] = { ...upstreams[system], baseUrl } as never;
  }
  const database = options.database ?? { schema: uniqueSchemaName('stack'), queueSchema: uniqueSchemaName('queue') };
  const configured = withUpstreams(
    parseConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      PORT: '0',
      // The stack always runs against the sandbox, also when a suite sets NODE_ENV=production.
      SANDBOX: 'true',
      DATABASE_URL: TEST_DATABASE_URL,
      DATABASE_SCHEMA: database.schema,
      QUEUE_SCHEMA: database.queueSchema,
      ADMIN_API_KEY: TEST_ADMIN_KEY,
      PLANS_FILE: GENEROUS_PLANS_FILE,
      // A scheduled status check probes idle systems, which would add to the upstream calls tests count; New Year only.
      STATUS_CHECK_CRON: '0 0 1 1 *',
      ...fastResilience(),
      ...options.env,
    }),
    upstreams,
  );
  // Tokens from the sandbox's identity provider are trusted unless options.env configures JWT_*.
  const config = withIdentityProvider(configured, sandbox.idp);
  const logger = createLogger(config.logLevel, options.logDestination);
  const store = await createStore({ databaseUrl: TEST_DATABASE_URL, schema: database.schema, logger, poolSize: 4 });
  const app = await buildApp(config, logger, { store, graphiqlHeaders: options.graphiqlHeaders });
  await app.server.listen({ host: '127.0.0.1', port: 0 });
  app.ready();
  const url = `http://127.0.0.1:${(app.server.server.address() as AddressInfo).port}`;

  const control = (system: SystemName, path: string, body?: unknown) =>
    fetch(`${sandbox.urls[system]}/_control/${path}`, {
      method: body === undefined && path === 'stats' ? 'GET' : 'POST',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  return {
    sandbox,
    database,
    app,
    url,
    async graphql(query, variables, headers = {}) {
      const credentials = 'authorization' in headers || 'x-api-key' in headers ? {} : { authorization: `Bearer ${config.auth.adminApiKey}` };
      const sent = Object.fromEntries(
        Object.entries({ 'content-type': 'application/json', accept: 'application/graphql-response+json', ...credentials, ...headers }).filter(
          ([, value]) => value !== '',
        ),
      );
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: sent,
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, headers: response.headers, body: (await response.json()) as GraphqlResult['body'] };
    },
    async fault(system, fault) {
      const response = await control(system, 'faults', fault);
      if (!response.ok) throw new Error(`fault injection failed: ${response.status} ${await response.text()}`);
    },
    async calls(system) {
      return (await (await control(system, 'stats')).json()) as { requests: number; byRoute: Record<string, number> };
    },
    async resetSandbox() {
      await Promise.all(SYSTEM_NAMES.map((system) => control(system, 'reset')));
    },
    async close() {
      await app.close();
      await store.close();
      if (!options.database) await Promise.all([dropSchema(database.schema), dropSchema(database.queueSchema)]);
      if (!sandboxToUse) await sandbox.stop();
    },
  };
}
