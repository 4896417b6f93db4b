import { createHash, randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Logger } from 'pino';
import { readMigrations, type MigrationFile } from './readMigrations.js';
import { quoteSchemaName } from './schemaName.js';
import { StoreError } from './StoreError.js';

export interface MigrateOptions {
  /** The PostgreSQL schema that holds our tables and Prisma's `_prisma_migrations`. */
  readonly schema: string;
  readonly logger: Logger;
  /** Folder of `<timestamp>_<name>/migration.sql` folders; defaults to the checked-in prisma/migrations. */
  readonly migrationsDir?: URL;
}

export interface MigrateResult {
  /** Names of the migrations this call applied, in order; empty when the schema was up to date. */
  readonly applied: string[];
}

export const DEFAULT_MIGRATIONS_DIR = new URL('../../prisma/migrations/', import.meta.url);

// Prisma's own bookkeeping table, column for column, so `prisma migrate status/deploy` read our history.
const CREATE_PRISMA_MIGRATIONS = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
}

/** Same schema, same key: instances starting together queue on one lock; other schemas don't wait. */
export function migrationLockKey(schema: string): string {
  return createHash('sha256').update(`switchyard:migrate:${schema}`).digest().readBigInt64BE(0).toString();
}

/**
 * Applies the checked-in migrations not yet recorded in `schema`, all in one transaction under a
 * transaction-scoped advisory lock: either every pending migration lands with its record, or none.
 */
export async function migrate(pool: pg.Pool, options: MigrateOptions): Promise<MigrateResult> {
  const { schema, logger } = options;
  const quotedSchema = quoteSchemaName(schema);
  const migrations = await readMigrations(withTrailingSlash(options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR));

  const client = await pool.connect();
  // A checked-out client has no pool listener: without ours, a dropped connection would crash the process.
  const onClientError = (error: Error) => logger.error({ err: error, schema }, 'database connection failed during migration');
  client.on('error', onClientError);
  let broken: Error | undefined;
  try {
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [migrationLockKey(schema)]);
      // Checked first because CREATE SCHEMA IF NOT EXISTS still demands CREATE on the database,
      // which a least-privilege role on an existing schema may not have.
      const { rowCount } = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
      if (!rowCount) await client.query(`CREATE SCHEMA IF NOT EXISTS ${quotedSchema}`);
      await client.query(`SET LOCAL search_path TO ${quotedSchema}`);
      await client.query(CREATE_PRISMA_MIGRATIONS);
      const applied = await applyPending(client, migrations, await readApplied(client, schema), options);
      await client.query('COMMIT');
      return { applied };
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      throw asStoreError(error, schema);
    }
  } finally {
    client.removeListener('error', onClientError);
    client.release(broken);
  }
}

async function readApplied(client: pg.PoolClient, schema: string): Promise<Map<string, AppliedRow>> {
  const { rows } = await client.query<AppliedRow>(
    `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations"
      WHERE rolled_back_at IS NULL ORDER BY started_at`,
  );
  const applied = new Map<string, AppliedRow>();
  for (const row of rows) {
    if (row.finished_at === null) {
      throw new StoreError(
        'MIGRATION_PREVIOUSLY_FAILED',
        `Migration ${row.migration_name} failed earlier in schema "${schema}" (a _prisma_migrations row without finished_at). ` +
          'Repair the schema by hand, then mark it with `prisma migrate resolve --rolled-back` or `--applied`.',
      );
    }
    applied.set(row.migration_name, row);
  }
  return applied;
}

async function applyPending(
  client: pg.PoolClient,
  migrations: readonly MigrationFile[],
  applied: ReadonlyMap<string, AppliedRow>,
  { schema, logger }: MigrateOptions,
): Promise<string[]> {
  const names = new Set(migrations.map((migration) => migration.name));
  for (const name of applied.keys()) {
    // A newer instance may have migrated already during a rolling deploy; this one keeps working.
    if (!names.has(name)) logger.warn({ schema, migration: name }, 'database has a migration this version does not know');
  }
  const done: string[] = [];
  for (const migration of migrations) {
    const previous = applied.get(migration.name);
    if (previous) {
      if (previous.checksum !== migration.checksum) {
        throw new StoreError(
          'MIGRATION_CHECKSUM_MISMATCH',
          `Migration ${migration.name} was changed after it was applied to schema "${schema}" ` +
            `(recorded checksum ${previous.checksum}, file checksum ${migration.checksum}). ` +
            'Restore the original migration.sql and put the change in a new migration.',
        );
      }
      continue;
    }
    // The database's clock for both ends, like Prisma; now() would be the transaction's start.
    const { rows } = await client.query<{ started_at: Date }>('SELECT clock_timestamp() AS started_at');
    try {
      await client.query(migration.sql);
    } catch (error) {
      throw new StoreError(
        'MIGRATION_FAILED',
        `Migration ${migration.name} failed in schema "${schema}": ${(error as Error).message}. Nothing was applied.`,
        { cause: error },
      );
    }
    await client.query(
      `INSERT INTO "_prisma_migrations"
         (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
       VALUES ($1, $2, clock_timestamp(), $3, NULL, NULL, $4, 1)`,
      [randomUUID(), migration.checksum, migration.name, rows[0]?.started_at],
    );
    logger.info({ schema, migration: migration.name }, 'applied database migration');
    done.push(migration.name);
  }
  return done;
}

function asStoreError(error: unknown, schema: string): StoreError {
  if (error instanceof StoreError) return error;
  const hint =
    (error as { code?: string }).code === '42501'
      ? ' The database role needs CREATE on the database (to create the schema) or must own the schema.'
      : '';
  return new StoreError(
    'MIGRATION_FAILED',
    `Could not migrate schema "${schema}": ${(error as Error).message}.${hint} Nothing was applied.`,
    { cause: error },
  );
}

function withTrailingSlash(url: URL): URL {
  return url.href.endsWith('/') ? url : new URL(`${url.href}/`);
}
