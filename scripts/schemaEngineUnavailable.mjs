#!/usr/bin/env node
// Stand-in for Prisma's schema engine binary, which Prisma downloads from a host this project's
// machines cannot reach. `prisma generate` only checks that the file exists; any command that
// really needs the engine (migrate, db push, introspection) ends here with a message saying why.
import process from 'node:process';

const message = [
  'The Prisma schema engine is not available offline (its download host is unreachable).',
  'Migrations are applied at start-up by src/store/migrate.ts from prisma/migrations.',
  'For migrate/db commands, set PRISMA_SCHEMA_ENGINE_BINARY to a real schema-engine binary.',
].join(' ');
// The Prisma CLI skips the engine's first stderr line and parses the rest as JSON log lines (no
// trailing newline, or the empty last line fails to parse): people read the first, Prisma the second.
const logLine = JSON.stringify({ level: 'ERROR', target: 'schema_engine::logger', fields: { message } });
process.stderr.write(`${message}\n${logLine}`);
process.exitCode = 1;
