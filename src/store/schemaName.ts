import { StoreError } from './StoreError.js';

// Lower case only: unquoted identifiers fold to lower case, so a schema named this way means the
// same thing quoted (Prisma's queries) and unquoted (a human in psql, search_path in a URL).
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Checks a PostgreSQL schema name and returns it quoted for use in SQL. */
export function quoteSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new StoreError(
      'STORE_INVALID_SCHEMA',
      `Invalid database schema name ${JSON.stringify(schema)}: use 1-63 lower-case letters, digits or underscores, not starting with a digit.`,
    );
  }
  return `"${schema}"`;
}
