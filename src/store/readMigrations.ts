import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';

export interface MigrationFile {
  /** The folder name, e.g. `20261126000000_init`, as recorded in `_prisma_migrations.migration_name`. */
  readonly name: string;
  readonly sql: string;
  /** SHA-256 (hex) of the file's bytes, the checksum Prisma records. */
  readonly checksum: string;
}

/** The checked-in migrations, in the order Prisma applies them (folder name order). */
export async function readMigrations(migrationsDir: URL): Promise<MigrationFile[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  const folders = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const migrations: MigrationFile[] = [];
  for (const name of folders) {
    let bytes: Buffer;
    try {
      bytes = await readFile(new URL(`${encodeURIComponent(name)}/migration.sql`, migrationsDir));
    } catch (error) {
      // Prisma ignores folders without a migration.sql too (e.g. an editor's leftovers).
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    migrations.push({ name, sql: bytes.toString('utf8'), checksum: createHash('sha256').update(bytes).digest('hex') });
  }
  return migrations;
}
