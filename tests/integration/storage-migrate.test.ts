import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createPool } from '../../src/store/createPool.js';
import { DEFAULT_MIGRATIONS_DIR, migrate } from '../../src/store/migrate.js';
import { StoreError } from '../../src/store/StoreError.js';
import { dropSchema, TEST_DATABASE_URL, uniqueSchemaName } from '../helpers/testDatabase.js';

const logger = pino({ level: 'silent' });
const pools: pg.Pool[] = [];
const schemas: string[] = [];
const tmpDirs: string[] = [];

function newPool(schema: string): pg.Pool {
  const pool = createPool({ databaseUrl: TEST_DATABASE_URL, schema, logger, max: 2 });
  pools.push(pool);
  return pool;
}

function newSchema(label: string): string {
  const schema = uniqueSchemaName(label);
  schemas.push(schema);
  return schema;
}

/** A writable copy of the checked-in migrations, to change or extend. */
async function copyOfMigrations(): Promise<{ dir: string; url: URL }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'switchyard-migrations-'));
  tmpDirs.push(dir);
  await cp(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
  return { dir, url: pathToFileURL(`${dir}/`) };
}

async function checkedInMigrations(): Promise<Array<{ name: string; checksum: string }>> {
  const entries = await readdir(DEFAULT_MIGRATIONS_DIR, { withFileTypes: true });
  const names = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  return Promise.all(
    names.map(async (name) => ({
      name,
      checksum: createHash('sha256').update(await readFile(new URL(`${name}/migration.sql`, DEFAULT_MIGRATIONS_DIR))).digest('hex'),
    })),
  );
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.end()));
});

afterAll(async () => {
  await Promise.all(schemas.map((schema) => dropSchema(schema)));
  await Promise.all(tmpDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('the migration runner', () => {
  it('applies each migration once when three instances migrate an empty schema together, and records it as Prisma does', async () => {
    const schema = newSchema('migrate_concurrent');
    const expected = await checkedInMigrations();
    expect(expected.length).toBeGreaterThan(0);

    const results = await Promise.all([1, 2, 3].map(() => migrate(newPool(schema), { schema, logger })));

    const applied = results.flatMap((result) => result.applied);
    expect(applied.sort()).toEqual(expected.map((migration) => migration.name));
    // One transaction under one lock: the winner applies everything, the others find nothing to do.
    expect(results.filter((result) => result.applied.length > 0)).toHaveLength(1);

    const { rows } = await newPool(schema).query(
      `SELECT id, checksum, migration_name, finished_at, started_at, rolled_back_at, logs, applied_steps_count
         FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows).toHaveLength(expected.length);
    rows.forEach((row, index) => {
      expect(row.migration_name).toBe(expected[index]?.name);
      expect(row.checksum).toBe(expected[index]?.checksum);
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      expect(row.rolled_back_at).toBeNull();
      expect(row.logs).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    });
  });

  it('applies nothing the second time', async () => {
    const schema = newSchema('migrate_twice');
    const pool = newPool(schema);
    expect((await migrate(pool, { schema, logger })).applied.length).toBeGreaterThan(0);
    expect(await migrate(pool, { schema, logger })).toEqual({ applied: [] });
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM "_prisma_migrations"');
    expect(rows[0].n).toBe((await checkedInMigrations()).length);
  });

  it('refuses a migration whose file changed after it was applied, naming it', async () => {
    const schema = newSchema('migrate_changed');
    const pool = newPool(schema);
    await migrate(pool, { schema, logger });
    const [first] = await checkedInMigrations();
    const copy = await copyOfMigrations();
    const file = path.join(copy.dir, first!.name, 'migration.sql');
    await writeFile(file, `${await readFile(file, 'utf8')}\n-- edited after it was applied\n`);

    const attempt = migrate(pool, { schema, logger, migrationsDir: copy.url });
    await expect(attempt).rejects.toBeInstanceOf(StoreError);
    await expect(attempt).rejects.toMatchObject({ code: 'MIGRATION_CHECKSUM_MISMATCH' });
    await expect(attempt).rejects.toThrow(first!.name);
  });

  it('applies a new migration on top of the applied ones, and applies none of a batch when one fails', async () => {
    const schema = newSchema('migrate_next');
    const pool = newPool(schema);
    await migrate(pool, { schema, logger });
    const copy = await copyOfMigrations();
    await mkdir(path.join(copy.dir, '29990101000000_add_note'));
    await writeFile(path.join(copy.dir, '29990101000000_add_note', 'migration.sql'), 'CREATE TABLE "note" ("id" INTEGER PRIMARY KEY);\n');
    await mkdir(path.join(copy.dir, '29990102000000_broken'));
    await writeFile(path.join(copy.dir, '29990102000000_broken', 'migration.sql'), 'CREATE TABLE "note" ("id" INTEGER);\n');

    const failing = migrate(pool, { schema, logger, migrationsDir: copy.url });
    await expect(failing).rejects.toMatchObject({ code: 'MIGRATION_FAILED' });
    await expect(failing).rejects.toThrow('29990102000000_broken');
    const { rows: afterFailure } = await pool.query(`SELECT to_regclass('note') AS note`);
    expect(afterFailure[0].note).toBeNull();

    await rm(path.join(copy.dir, '29990102000000_broken'), { recursive: true });
    expect(await migrate(pool, { schema, logger, migrationsDir: copy.url })).toEqual({ applied: ['29990101000000_add_note'] });
  });
});
