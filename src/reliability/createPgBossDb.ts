import pg from 'pg';

export interface PgBossDb {
  /** What pg-boss's `db` option takes. */
  readonly db: { executeSql(text: string, values?: unknown[]): Promise<pg.QueryResult> };
  readonly pool: pg.Pool;
  /** Waits for the statements under way, then ends the pool. */
  close(): Promise<void>;
}

/**
 * A pool of our own for pg-boss, which survives pg-boss's shutdown race: a fetch under way when
 * `stop()` resolves still hands its job to the worker, and pg-boss then completes or fails it without
 * awaiting the call. On a closed pool that call would reject with nobody to catch it. Once closed,
 * statements here are not run and never answer (a promise that never settles holds no resource and
 * keeps no process alive); the job they concern stays active and comes back after its expiry, which
 * every handler tolerates, being idempotent.
 */
export function createPgBossDb(options: { connectionString: string; max: number; applicationName: string; onError(error: Error): void }): PgBossDb {
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.max, application_name: options.applicationName });
  pool.on('error', options.onError);
  const underWay = new Set<Promise<unknown>>();
  let closed = false;
  return {
    pool,
    db: {
      executeSql(text, values) {
        if (closed) return new Promise<pg.QueryResult>(() => undefined);
        const statement = pool.query(text, values);
        underWay.add(statement);
        void statement.catch(() => undefined).finally(() => underWay.delete(statement));
        return statement;
      },
    },
    async close() {
      closed = true;
      await Promise.allSettled([...underWay]);
      await pool.end();
    },
  };
}
