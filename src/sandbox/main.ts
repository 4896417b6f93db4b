import { parseArgs } from 'node:util';
import { startSandbox, VENDOR_RATE_LIMITS } from './startSandbox.js';

// Options come from the command line (`tsx src/sandbox/main.ts --seed 7`): config.ts owns the environment.
const { values } = parseArgs({ options: { seed: { type: 'string' }, host: { type: 'string' }, 'vendor-limits': { type: 'boolean' } } });
const seed = values.seed === undefined ? undefined : Number(values.seed);
if (seed !== undefined && !Number.isInteger(seed)) {
  console.error(`--seed must be an integer, got ${values.seed}`);
  process.exit(1);
}
const sandbox = await startSandbox({
  ...(seed !== undefined ? { seed } : {}),
  ...(values.host ? { host: values.host } : {}),
  ...(values['vendor-limits'] ? { rateLimits: VENDOR_RATE_LIMITS } : {}),
});
for (const [system, url] of Object.entries(sandbox.urls)) console.log(`${system.padEnd(9)} ${url}`);
console.log(`${'idp'.padEnd(9)} ${sandbox.idp.url} (OAuth2 token endpoint ${sandbox.idp.tokenUrl}, audience ${sandbox.idp.audience})`);
if (values['vendor-limits']) console.log(`Vendor rate limits on: ${JSON.stringify(VENDOR_RATE_LIMITS)}`);
console.log('Control API on every system: POST /_control/faults, POST /_control/reset, GET /_control/stats, POST /_control/clock, POST /_control/rate-limit');
console.log('Webhook targets (crm, payments, shipping, einvoicing): POST /_control/webhooks { "url": "http://…" }');
console.log('Peppol access point (einvoicing) control API: POST /_control/advance-documents, POST /_control/participants, POST /_control/webhooks/replay');
console.log('Identity provider control API: POST /_control/rotate-keys, POST /_control/tokens');

const shutdown = (): void => {
  void sandbox.stop().then(() => process.exit(0));
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
