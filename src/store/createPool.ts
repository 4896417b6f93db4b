import pg from 'pg';
import type { Logger } from 'pino';
import { redactDatabaseUrl } from './redactDatabaseUrl.js';

export interface CreatePoolOptions {
  readonly databaseUrl: string;
  /** Already validated by quoteSchemaName: lower-case, no quoting needed. */
  readonly schema: string;
  readonly logger: Logger;
  readonly max?: number;
  readonly connectionTimeoutMs?: number;
}

/**
 * A pool whose sessions resolve unqualified names in our schema, like Prisma's queries do, and whose
 * connection failures are logged instead of crashing the process.
 */
export function createPool(options: CreatePoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    options: `-c search_path=${options.schema}`,
    application_name: 'switchyard',
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
  });
  const url = redactDatabaseUrl(options.databaseUrl);
  // pg emits 'error' on the pool when an idle client's connection dies (server restart, failover);
  // unhandled, that event would end the process. The pool replaces the client on next use.
  pool.on('error', (error) => options.logger.error({ err: error, url }, 'idle PostgreSQL connection failed'));
  return pool;
}
