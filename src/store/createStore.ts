import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import type pg from 'pg';
import type { Logger } from 'pino';
import { PrismaClient } from '../generated/prisma/client.js';
import { createPool } from './createPool.js';
import { migrate } from './migrate.js';
import { redactDatabaseUrl } from './redactDatabaseUrl.js';
import { quoteSchemaName } from './schemaName.js';
import { startEmbeddedPostgres, type EmbeddedPostgresServer } from './startEmbeddedPostgres.js';
import { StoreError } from './StoreError.js';

export interface CreateStoreOptions {
  /** Any PostgreSQL; without it the embedded server is started. */
  readonly databaseUrl?: string;
  /** Schema holding our tables; default `public`. Lower-case letters, digits, underscores. */
  readonly schema?: string;
  readonly logger: Logger;
  /** Embedded server's data directory; default `./.data/postgres`. Ignored with a databaseUrl. */
  readonly dataDir?: string;
  /** Migrations to apply; default the checked-in prisma/migrations. */
  readonly migrationsDir?: URL;
  /** Pool size; default 10. */
  readonly poolSize?: number;
  /** How long ping() waits for `SELECT 1`; default 2000 ms. */
  readonly pingTimeoutMs?: number;
}

export interface Store {
  /** Queries go to `schema`. */
  readonly prisma: PrismaClient;
  /** Shared with Prisma; its sessions have `search_path` set to `schema`, so raw SQL sees our tables. */
  readonly pool: pg.Pool;
  /** With credentials (the embedded server's generated password included): for clients such as the queue, not for logs. */
  readonly databaseUrl: string;
  readonly schema: string;
  /** Resolves when the database answers `SELECT 1` in time; for /readyz. */
  ping(): Promise<void>;
  /** Disconnects Prisma, ends the pool, stops the embedded server if any. Safe to call twice. */
  close(): Promise<void>;
}

export const DEFAULT_DATA_DIR = '.data/postgres';

/** Connects (or starts the embedded server), applies pending migrations, then builds the Prisma client. */
export async function createStore(options: CreateStoreOptions): Promise<Store> {
  const schema = options.schema ?? 'public';
  quoteSchemaName(schema);
  const logger = options.logger.child({ component: 'store' });

  let embedded: EmbeddedPostgresServer | undefined;
  let databaseUrl = options.databaseUrl;
  if (databaseUrl === undefined || databaseUrl === '') {
    embedded = await startEmbeddedPostgres({ dataDir: path.resolve(options.dataDir ?? DEFAULT_DATA_DIR), logger: options.logger });
    databaseUrl = embedded.databaseUrl;
  } else {
    assertPostgresUrl(databaseUrl);
  }
  const url = redactDatabaseUrl(databaseUrl);
  const pool = createPool({ databaseUrl, schema, logger, max: options.poolSize });
  const pingTimeoutMs = options.pingTimeoutMs ?? 2_000;

  try {
    try {
      await pool.query('SELECT 1');
    } catch (error) {
      throw new StoreError(
        'STORE_UNREACHABLE',
        `Cannot connect to PostgreSQL at ${url}: ${describe(error)}. Check that the server is running and that DATABASE_URL is right.`,
        { cause: error },
      );
    }
    const { applied } = await migrate(pool, { schema, logger, migrationsDir: options.migrationsDir });
    logger.info({ url, schema, applied: applied.length, embedded: Boolean(embedded) }, 'database ready');
  } catch (error) {
    await pool.end().catch(() => undefined);
    await embedded?.stop();
    throw error;
  }

  const prisma = new PrismaClient({
    adapter: new PrismaPg(pool, {
      schema,
      onConnectionError: (error) => logger.error({ err: error, url }, 'PostgreSQL connection failed in a transaction'),
    }),
  });

  let closing: Promise<void> | undefined;
  return {
    prisma,
    pool,
    databaseUrl,
    schema,
    ping: () => ping(pool, pingTimeoutMs, url),
    close() {
      closing ??= (async () => {
        try {
          await prisma.$disconnect();
        } finally {
          try {
            await pool.end();
          } finally {
            await embedded?.stop();
          }
        }
      })();
      return closing;
    },
  };
}

async function ping(pool: pg.Pool, timeoutMs: number, url: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new StoreError('STORE_UNREACHABLE', `PostgreSQL at ${url} did not answer within ${timeoutMs} ms.`)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([pool.query('SELECT 1'), timeout]);
  } catch (error) {
    if (error instanceof StoreError) throw error;
    throw new StoreError('STORE_UNREACHABLE', `PostgreSQL at ${url} is unreachable: ${describe(error)}.`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

function assertPostgresUrl(databaseUrl: string): void {
  let protocol: string;
  try {
    protocol = new URL(databaseUrl).protocol;
  } catch {
    throw new StoreError('STORE_INVALID_URL', 'DATABASE_URL is not a valid URL: use postgresql://user:password@host:port/database.');
  }
  if (protocol !== 'postgresql:' && protocol !== 'postgres:') {
    throw new StoreError('STORE_INVALID_URL', `DATABASE_URL must start with postgresql:// (got ${protocol}//).`);
  }
}

/** Node reports a refused connection to a host with several addresses as an AggregateError with no message. */
function describe(error: unknown): string {
  if (error instanceof AggregateError && !error.message) return error.errors.map(describe).join('; ');
  if (error instanceof Error) return error.message || (error as NodeJS.ErrnoException).code || error.name;
  return String(error);
}
