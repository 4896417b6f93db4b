import type { Redis } from 'ioredis';
import type { EntityStore, StoredEntry } from './EntityStore.js';
import { decodeRecord, encodeRecord } from './entryJson.js';

/** As long as a read can be on its way: a change seen meanwhile must reach the entry it stores. */
const TAG_CHANGE_MEMORY_MS = 5 * 60_000;

/**
 * ARGV: prefix, then per entry: key, JSON, readAt, keepMs, tag count, tags. An entry whose tag changed
 * after its read started is stored as changed; its key joins each tag's set, which invalidation walks.
 */
const PUT_SCRIPT = `
local prefix = ARGV[1]
local i = 2
while i <= #ARGV do
  local key, json, readAt, keep, n = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2]), tonumber(ARGV[i + 3]), tonumber(ARGV[i + 4])
  local changed = 0
  for j = 1, n do
    local tag = ARGV[i + 4 + j]
    local c = tonumber(redis.call('GET', prefix .. 'c:' .. tag) or '0')
    if c >= readAt and c > changed then changed = c end
    local set = prefix .. 't:' .. tag
    redis.call('SADD', set, key)
    if redis.call('PTTL', set) < keep then redis.call('PEXPIRE', set, keep) end
  end
  redis.call('SET', prefix .. 'e:' .. key, json, 'PX', keep)
  if changed > 0 and changed > tonumber(redis.call('GET', prefix .. 'm:' .. key) or '0') then
    redis.call('SET', prefix .. 'm:' .. key, changed, 'PX', keep)
  end
  i = i + 5 + n
end
return 1
`;

/** ARGV: prefix, how long a tag's change is remembered, how long a marker is kept, then the tags. Redis's clock, shared by all. */
const INVALIDATE_SCRIPT = `
local prefix, memory, keep = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for i = 4, #ARGV do
  local tag = ARGV[i]
  redis.call('SET', prefix .. 'c:' .. tag, now, 'PX', memory)
  local set = prefix .. 't:' .. tag
  for _, key in ipairs(redis.call('SMEMBERS', set)) do
    redis.call('SET', prefix .. 'm:' .. key, now, 'PX', keep)
  end
  -- Every member is marked now; an entry stored again joins again, so a set holds one change's worth, not a day's.
  redis.call('DEL', set)
end
return now
`;

interface RedisWithScripts {
  switchyardCachePut(keyCount: number, ...args: (string | number)[]): Promise<number>;
  switchyardCacheInvalidate(keyCount: number, ...args: (string | number)[]): Promise<number>;
}

const globEscape = (text: string) => text.replace(/[*?[\]\\]/g, (char) => `\\${char}`);

/**
 * Entries in Redis, shared by every instance: an invalidation one instance sees is seen by all, as
 * it is written where they all read. Times are Redis's, so instances whose clocks disagree agree on
 * what is stale. The caller owns the connection.
 */
export async function createRedisEntityStore(redis: Redis, options: { readonly prefix: string; readonly markerKeepMs: number }): Promise<EntityStore> {
  const { prefix } = options;
  redis.defineCommand('switchyardCachePut', { lua: PUT_SCRIPT });
  redis.defineCommand('switchyardCacheInvalidate', { lua: INVALIDATE_SCRIPT });
  const scripts = redis as unknown as RedisWithScripts;
  let offsetMs = 0;
  const learnClock = (time: readonly (string | number)[], localMs: number) => {
    offsetMs = Number(time[0]) * 1000 + Math.floor(Number(time[1]) / 1000) - localMs;
  };
  const before = Date.now();
  learnClock(await redis.time(), (before + Date.now()) / 2);

  return {
    kind: 'redis',
    now: () => Date.now() + offsetMs,
    async get(keys) {
      if (keys.length === 0) return [];
      const sent = Date.now();
      const replies = await redis
        .pipeline()
        .mget(...keys.map((key) => `${prefix}e:${key}`), ...keys.map((key) => `${prefix}m:${key}`))
        .time()
        .exec();
      const [[readError, values], [, time]] = replies as [[Error | null, (string | null)[]], [Error | null, (string | number)[] | undefined]];
      if (readError) throw readError;
      if (time) learnClock(time, (sent + Date.now()) / 2);
      return keys.map((_, index): StoredEntry | undefined => {
        const text = values[index];
        if (!text) return undefined;
        const marker = values[keys.length + index];
        const record = decodeRecord(text);
        const changedAt = marker ? Number(marker) : null;
        return { ...record, changedAt: changedAt !== null && changedAt >= record.readAt ? changedAt : null };
      });
    },
    async put(entries) {
      if (entries.length === 0) return;
      const args: (string | number)[] = [prefix];
      for (const { key, record, tags, keepMs } of entries) args.push(key, encodeRecord(record), record.readAt, keepMs, tags.length, ...tags);
      await scripts.switchyardCachePut(0, ...args);
    },
    async invalidate(tags) {
      if (tags.length === 0) return;
      await scripts.switchyardCacheInvalidate(0, prefix, TAG_CHANGE_MEMORY_MS, options.markerKeepMs, ...tags);
    },
    async drop(key, scope) {
      if (!scope?.prefix) return redis.unlink(`${prefix}e:${key}`, `${prefix}m:${key}`).then((removed) => Math.min(removed, 1));
      let dropped = 0;
      const stream = redis.scanStream({ match: `${globEscape(prefix)}e:${globEscape(key)}*`, count: 1000 });
      for await (const batch of stream as AsyncIterable<string[]>) {
        if (batch.length === 0) continue;
        dropped += batch.length;
        await redis.unlink(...batch, ...batch.map((key) => `${prefix}m:${key.slice(prefix.length + 2)}`));
      }
      return dropped;
    },
    async close() {},
  };
}
