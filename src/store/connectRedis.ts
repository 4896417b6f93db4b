import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { throttledLog } from '../observability/throttledLog.js';

const withoutPassword = (url: string): string => url.replace(/\/\/([^@/]*)@/, '//***@');

/**
 * The one connection to REDIS_URL that rate limits, upstream budgets and the entity cache share.
 * Commands fail fast while it is down (each user then falls back: limits and budgets let calls
 * through, the cache reads through) instead of queueing behind a reconnect.
 */
export async function connectRedis(url: string, logger: Logger): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 1000,
  });
  const log = throttledLog(logger, 'Redis (REDIS_URL) failed');
  let lastError: unknown;
  redis.on('error', (error) => {
    lastError = error;
    log(error);
  });
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    // connect() rejects with "Connection is closed."; the socket's own error says why.
    const reason = ((lastError ?? error) as Error).message;
    throw new Error(`REDIS_URL ${withoutPassword(url)}: cannot connect (${reason})`, { cause: lastError ?? error });
  }
  return redis;
}
