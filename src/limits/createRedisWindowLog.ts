import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { WindowAdmission, WindowLog } from './WindowLog.js';

/**
 * KEYS: the log (a sorted set of event times); ARGV: limit, window, a unique member. Redis's clock, so
 * instances whose clocks disagree still share one window. Returns allowed, used, retry-after.
 */
const ADMIT_SCRIPT = `
local limit, window = tonumber(ARGV[1]), tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local used = redis.call('ZCARD', KEYS[1])
if limit > 0 and used < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return { 1, used + 1, 0 }
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local retry = 0
if oldest[2] then retry = tonumber(oldest[2]) + window - now end
return { 0, used, retry }
`;

interface RedisWithAdmit {
  switchyardWindowAdmit(keyCount: 1, key: string, limit: number, windowMs: number, member: string): Promise<[number, number, number]>;
}

/** The log in Redis, shared by every instance pointed at it. The caller owns the connection. */
export function createRedisWindowLog(redis: Redis): WindowLog {
  redis.defineCommand('switchyardWindowAdmit', { lua: ADMIT_SCRIPT });
  const client = redis as unknown as RedisWithAdmit;
  const instance = randomUUID();
  let sequence = 0;
  return {
    kind: 'redis',
    async admit(key, limit, windowMs): Promise<WindowAdmission> {
      const [allowed, used, retryAfterMs] = await client.switchyardWindowAdmit(1, key, limit, windowMs, `${instance}:${(sequence += 1)}`);
      return { allowed: allowed === 1, used, retryAfterMs: Math.max(0, retryAfterMs) };
    },
  };
}
