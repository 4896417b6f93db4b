import pg from 'pg';

/** A PostgreSQL database of the run's own, so dropping its connections touches nobody else's. */
export interface RunDatabase {
  readonly name: string;
  /** What the gateways get as DATABASE_URL. */
  readonly url: string;
  /** Terminates every session on the run's database, as a failover or network cut would; returns how many. */
  dropConnections(): Promise<number>;
  /** SQL on the run's database, for reading the queue's tables. */
  query<Row extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<Row[]>;
  /** Drops the database, ending whatever sessions are left. */
  drop(): Promise<void>;
}

/** Runs `work` on a connection to `url` that lives only as long as the work. */
async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'switchyard-chaos' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates `name` on the server of `serverUrl` (connecting through that URL's own database). */
export async function createRunDatabase(serverUrl: string, name: string): Promise<RunDatabase> {
  const quoted = pg.escapeIdentifier(name);
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${quoted}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    dropConnections: () =>
      withClient(serverUrl, async (client) => {
        // The sessions are chosen first, in a materialized CTE: in one WHERE clause the planner is free to
        // call pg_terminate_backend on every session of the server before it filters by database.
        const { rows } = await client.query<{ terminated: boolean }>(
          `WITH run_sessions AS MATERIALIZED (SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid())
           SELECT pg_terminate_backend(pid) AS terminated FROM run_sessions`,
          [name],
        );
        return rows.filter((row) => row.terminated).length;
      }),
    query: async (text, values) => (await withClient(url.toString(), (client) => client.query(text, values))).rows,
    drop: () => withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`)).then(() => undefined),
  };
}
