import type { AddressInfo } from 'node:net';
import { buildApp, type App } from './app.js';
import { generateApiKeySecret } from './auth/createApiKeyService.js';
import {
  ConfigError,
  readConfig,
  withAdminApiKey,
  withIdentityProvider,
  withAllowedWebhookDestinations,
  withUpstreams,
  withWebhookSecrets,
  type Config,
} from './config/index.js';
import { SANDBOX_WEBHOOK_DESTINATIONS } from './config/webhooksConfig.js';
import { createLogger } from './observability/createLogger.js';

/**
 * Starts the simulated systems and points the configuration at them. Imported on demand, so a
 * gateway configured for real systems never loads the sandbox (or its seeded data) at all.
 */
async function startSandboxRun(config: Config) {
  const { startSandbox } = await import('./sandbox/startSandbox.js');
  const { upstreamsOf } = await import('./sandbox/upstreamsOf.js');
  const sandbox = await startSandbox({ seed: config.sandbox.seed, trackerAdvanceIntervalMs: config.webhooks.sandboxTrackerAdvanceSeconds * 1000 });
  let configured = withIdentityProvider(withUpstreams(config, upstreamsOf(sandbox)), sandbox.idp);
  configured = withWebhookSecrets(configured, {
    stripe: sandbox.webhooks.secrets.payments,
    shipping: sandbox.webhooks.secrets.shipping,
    hubspot: sandbox.webhooks.secrets.crm,
    einvoicing: sandbox.webhooks.secrets.einvoicing,
  });
  configured = withAllowedWebhookDestinations(configured, SANDBOX_WEBHOOK_DESTINATIONS);
  return { sandbox, config: configured };
}

/** Process entry: configuration, sandbox when no upstream is configured, HTTP server, graceful shutdown. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = readConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  const logger = createLogger(config.logLevel, undefined, config.observability.logFormat);

  let sandbox: Awaited<ReturnType<typeof startSandboxRun>>['sandbox'] | undefined;
  let generatedAdminKey: string | undefined;
  // SANDBOX=true with every *_BASE_URL set runs against a sandbox started elsewhere (`npm run sandbox`, the benches).
  const sandboxElsewhere = Object.values(config.systems).every((system) => system.baseUrl !== undefined);
  if (config.sandbox.enabled && !sandboxElsewhere) {
    ({ sandbox, config } = await startSandboxRun(config));
    logger.info({ urls: sandbox.urls, seed: config.sandbox.seed }, 'sandbox systems started');
    if (!config.auth.adminApiKey) {
      generatedAdminKey = generateApiKeySecret().secret;
      config = withAdminApiKey(config, generatedAdminKey);
    }
  }

  // Only a key generated for this run is shown in GraphiQL; one chosen through ADMIN_API_KEY stays private.
  const graphiqlHeaders = generatedAdminKey ? { authorization: `Bearer ${generatedAdminKey}` } : undefined;
  const app: App = await buildApp(config, logger, { graphiqlHeaders });
  await app.server.listen({ host: config.http.host, port: config.http.port });
  const mtlsAddress = await app.mtls?.listen(config.http.host);
  app.ready();
  const { port } = app.server.server.address() as AddressInfo;
  const host = config.http.host === '127.0.0.1' || config.http.host === '0.0.0.0' ? 'localhost' : config.http.host;
  if (sandbox) {
    // The sandbox's Stripe, carrier, CRM and Peppol access point post their events to this gateway: a capture
    // comes back as a paid invoice, an e-invoice's delivery as its state, and every change made there reaches the cache.
    const reachable = config.http.host === '0.0.0.0' || config.http.host === '::' ? '127.0.0.1' : config.http.host;
    const self = `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
    sandbox.webhooks.setTarget('payments', `${self}/webhooks/stripe`);
    sandbox.webhooks.setTarget('shipping', `${self}/webhooks/shipping`);
    sandbox.webhooks.setTarget('crm', `${self}/webhooks/hubspot`);
    sandbox.webhooks.setTarget('einvoicing', `${self}/webhooks/einvoicing`);
  }
  // Installed before the "listening" line: a supervisor may send SIGTERM the moment it reads it.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, timeoutMs: config.http.shutdownTimeoutMs }, 'shutting down: finishing in-flight requests');
    const deadline = setTimeout(() => {
      logger.error('in-flight requests did not finish in time; exiting anyway');
      process.exit(1);
    }, config.http.shutdownTimeoutMs);
    deadline.unref();
    await app.close();
    await sandbox?.stop();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));

  // One write: whoever waits for the "listening" line (a supervisor, a test) gets the lines after it with it.
  const started = [`Switchyard listening on http://${host}:${port}/graphql`];
  if (mtlsAddress) started.push(`Mutual-TLS listener (client certificate required) on https://${host}:${mtlsAddress.port}/graphql`);
  if (sandbox) started.push(`Sandbox systems: ${Object.entries(sandbox.urls).map(([name, url]) => `${name} ${url}`).join(', ')}`);
  if (sandbox && config.jwt.issuer === sandbox.idp.issuer) {
    started.push(`Sandbox identity provider: ${sandbox.idp.tokenUrl} (client credentials, e.g. ${sandbox.idp.clients.webApp.clientId}:${sandbox.idp.clients.webApp.clientSecret})`);
  }
  if (generatedAdminKey) started.push(`Admin API key for this run (set ADMIN_API_KEY to choose your own): ${generatedAdminKey}`);
  console.log(started.join('\n'));
}

main().catch((error: unknown) => {
  // A setting found wrong only while building (a cache type CACHE_FRESHNESS names) reads like any other.
  if (error instanceof ConfigError) console.error(error.message);
  else console.error('Switchyard failed to start:', error);
  process.exit(1);
});
