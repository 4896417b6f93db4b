import type pg from 'pg';

/**
 * Runs `work` on a client checked out of `pool`, and gives it back. The pool listens for errors only on
 * idle clients: a session ended while one is checked out (a failover, a terminated backend) would
 * otherwise be an unhandled 'error' event that ends the process. Such a client is released with its
 * error, so it leaves the pool instead of serving the next caller.
 */
export async function withPooledClient<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let lost: Error | undefined;
  const onLost = (error: Error) => (lost ??= error);
  client.on('error', onLost);
  try {
    return await work(client);
  } finally {
    client.off('error', onLost);
    client.release(lost);
  }
}
