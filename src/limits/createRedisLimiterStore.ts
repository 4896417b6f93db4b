import type { Redis } from 'ioredis';
import type { BucketSpec, LimiterStore, TakeResult } from './LimiterStore.js';

/**
 * The GCRA take of createMemoryLimiterStore, in one Lua script so that every instance sharing the
 * Redis sees one consistent bucket: all buckets are checked before any is written. The clock is
 * Redis's own (TIME), so instances whose clocks disagree still agree on the buckets.
 * KEYS: the buckets; ARGV: capacity, intervalMs, cost for each. Returns allowed, then per bucket
 * remaining, resetMs, retryAfterMs.
 */
const TAKE_SCRIPT = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + tonumber(clock[2]) / 1000
local epsilon = 0.000001
local n = #KEYS
local current, nextTat, excess = {}, {}, {}
local allowed = 1
for i = 1, n do
  local interval = tonumber(ARGV[3 * i - 1])
  local cost = tonumber(ARGV[3 * i])
  local stored = tonumber(redis.call('GET', KEYS[i]) or now)
  current[i] = math.max(stored, now)
  nextTat[i] = math.max(now, current[i] + cost * interval)
  excess[i] = 0
  if cost > 0 then excess[i] = nextTat[i] - now - tonumber(ARGV[3 * i - 2]) * interval end
  if excess[i] > epsilon then allowed = 0 end
end
local reply = { allowed }
for i = 1, n do
  local capacity = tonumber(ARGV[3 * i - 2])
  local interval = tonumber(ARGV[3 * i - 1])
  local cost = tonumber(ARGV[3 * i])
  local tat = current[i]
  if allowed == 1 then
    tat = nextTat[i]
    if cost ~= 0 then
      if tat > now then
        redis.call('SET', KEYS[i], string.format('%.3f', tat), 'PX', math.ceil(tat - now))
      else
        redis.call('DEL', KEYS[i])
      end
    end
  end
  local retry = 0
  if excess[i] > epsilon then retry = math.ceil(excess[i]) end
  reply[#reply + 1] = math.max(0, math.floor((capacity * interval - (tat - now)) / interval + epsilon))
  reply[#reply + 1] = math.ceil(tat - now)
  reply[#reply + 1] = retry
end
return reply
`;

interface RedisWithTake {
  switchyardTake(keyCount: number, ...keysAndArgs: (string | number)[]): Promise<number[]>;
}

/** Buckets in Redis, shared by every gateway instance pointed at it. The caller owns the connection. */
export function createRedisLimiterStore(redis: Redis): LimiterStore {
  // defineCommand sends EVALSHA and loads the script again after a Redis restart (NOSCRIPT).
  redis.defineCommand('switchyardTake', { lua: TAKE_SCRIPT });
  const client = redis as unknown as RedisWithTake;

  return {
    kind: 'redis',
    async take(specs: readonly BucketSpec[]): Promise<TakeResult> {
      const reply = await client.switchyardTake(
        specs.length,
        ...specs.map((spec) => spec.key),
        ...specs.flatMap((spec) => [spec.capacity, spec.intervalMs, spec.cost]),
      );
      return {
        allowed: reply[0] === 1,
        buckets: specs.map((_, i) => ({
          remaining: reply[1 + 3 * i]!,
          resetMs: reply[2 + 3 * i]!,
          retryAfterMs: reply[3 + 3 * i]!,
        })),
      };
    },
    async close() {},
  };
}
