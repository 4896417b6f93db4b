import { chaosSettingsFromEnv } from './chaosSettings.js';
import { formatReport, formatSettings } from './formatReport.js';
import { runChaos } from './runChaos.js';

/**
 * `npm run chaos`: clients place orders against the gateway instances while faults are injected,
 * then the systems' own records are checked. Exit code 0 only when every invariant holds.
 * Settings: CHAOS_CLIENTS, CHAOS_ORDERS, CHAOS_DURATION_SECONDS, CHAOS_SEED, CHAOS_INSTANCES (1 or 2),
 * CHAOS_FAULTS_PER_MINUTE, CHAOS_SETTLE_SECONDS, CHAOS_IDEMPOTENCY_LEASE_SECONDS; DATABASE_URL names the
 * PostgreSQL server the run creates its database on, REDIS_URL the Redis for rate limits.
 */
async function main(): Promise<void> {
  const settings = chaosSettingsFromEnv();
  console.log(formatSettings(settings));
  const result = await runChaos(settings, { log: (line) => console.log(line) });
  console.log(`\n${formatReport(result)}`);
  process.exitCode = result.violations.length === 0 ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
