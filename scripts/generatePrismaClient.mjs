// Runs `prisma generate` on install (postinstall) and on demand (npm run db:generate), so the
// gitignored client in src/generated/prisma exists on every fresh checkout.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));
const generatedClient = fileURLToPath(new URL('../src/generated/prisma/client.ts', import.meta.url));
const standIn = fileURLToPath(new URL('./schemaEngineUnavailable.mjs', import.meta.url));

let prismaCli;
try {
  prismaCli = require.resolve('prisma/build/index.js');
} catch {
  // A production install (--omit=dev) has no Prisma CLI; a client generated at build time is enough.
  if (existsSync(generatedClient)) {
    process.stdout.write('prisma CLI not installed; keeping the already generated client in src/generated/prisma.\n');
    process.exit(0);
  }
  process.stderr.write('Cannot generate the Prisma client: the `prisma` package is not installed (install dev dependencies).\n');
  process.exit(1);
}

const env = { ...process.env };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) {
  // Without this variable Prisma tries to download the schema engine even for `generate`, which
  // needs no engine at all; pointing it at our stand-in keeps installs offline.
  try {
    chmodSync(standIn, 0o755);
  } catch {
    // Read-only checkouts keep whatever mode git gave the file; generate only needs it to exist.
  }
  env.PRISMA_SCHEMA_ENGINE_BINARY = standIn;
}
// Telemetry and update checks would reach out to the network on every install.
env.CHECKPOINT_DISABLE ??= '1';

const result = spawnSync(process.execPath, [prismaCli, 'generate'], { cwd: root, env, stdio: 'inherit' });
if (result.error) {
  process.stderr.write(`prisma generate could not start: ${result.error.message}\n`);
  process.exit(1);
}
process.exit(result.status ?? 1);
