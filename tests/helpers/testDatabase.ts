import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { pino, type Logger } from 'pino';
import { createStore, type Store } from '../../src/store/createStore.js';

/** The machine's PostgreSQL; CI and developers set DATABASE_URL when theirs lives elsewhere. */
export const TEST_DATABASE_URL = process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/test';

export type TestStore = Store & { drop(): Promise<void> };

/** A schema name no other test (or parallel test file) uses: `t_<label>_<random>`. */
export function uniqueSchemaName(label: string): string {
  const slug = label.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 40) || 'test';
  return `t_${slug}_${randomBytes(5).toString('hex')}`;
}

/** Drops a test schema and everything in it, through a connection of its own. */
export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${client.escapeIdentifier(schema)} CASCADE`);
  } finally {
    await client.end();
  }
}

/**
 * A migrated store in a fresh schema of the test database, isolated from every other test.
 * `drop()` closes it and removes the schema.
 */
export async function createTestStore(label: string, options: { logger?: Logger } = {}): Promise<TestStore> {
  const schema = uniqueSchemaName(label);
  let store: Store;
  try {
    store = await createStore({
      databaseUrl: TEST_DATABASE_URL,
      schema,
      logger: options.logger ?? pino({ level: 'silent' }),
      poolSize: 4,
    });
  } catch (error) {
    await dropSchema(schema).catch(() => undefined);
    throw error;
  }
  return Object.assign(store, {
    async drop() {
      try {
        await store.close();
      } finally {
        await dropSchema(schema);
      }
    },
  });
}
