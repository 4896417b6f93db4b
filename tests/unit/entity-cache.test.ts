import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { CacheConfig } from '../../src/config/cacheConfig.js';
import { ConfigError } from '../../src/config/index.js';
import { cacheType } from '../../src/connectors/core/cache/CacheType.js';
import { createEntityCache, UNANNOUNCED_FRESH_SECONDS } from '../../src/connectors/core/cache/createEntityCache.js';
import { createMemoryEntityStore } from '../../src/connectors/core/cache/createMemoryEntityStore.js';
import type { ReadPolicy } from '../../src/connectors/core/cache/ReadPolicy.js';
import { UpstreamError } from '../../src/connectors/core/UpstreamError.js';

interface Row {
  readonly id: number;
  readonly name?: string;
  readonly city?: string;
}

const rows = cacheType<number, Row | null>({ system: 'erp', name: 'partner', freshSeconds: 60, selective: true, tagsOf: (id) => [`erp:res.partner:${id}`] });
const lists = cacheType<number, number[]>({ system: 'erp', name: 'orderLines', freshSeconds: 60, tagsOf: (id) => [`erp:sale.order.line:order:${id}`] });

const CONFIG: CacheConfig = { enabled: true, store: undefined, memoryMaxBytes: 1_000_000, maxStaleSeconds: 3600, freshness: {}, keyPrefix: 'test:' };

/** A cache on a clock the test moves, with an upstream that counts its calls and can be made to fail. */
function setup(config: Partial<CacheConfig> = {}) {
  let now = 1_000_000;
  const store = createMemoryEntityStore({ maxBytes: config.memoryMaxBytes ?? CONFIG.memoryMaxBytes, now: () => now });
  const cache = createEntityCache({
    config: { ...CONFIG, ...config },
    store,
    types: [rows, lists],
    announcing: new Set(['erp']),
    logger: pino({ level: 'silent' }),
  });
  const calls: { keys: number[]; attributes: string[] | undefined }[] = [];
  let failure: Error | undefined;
  let gate: Promise<void> | undefined;
  const load = async (keys: number[], attributes: ReadonlySet<string> | undefined) => {
    calls.push({ keys, attributes: attributes && [...attributes].sort() });
    await gate;
    if (failure) throw failure;
    return keys.map((id): Row | null => (id > 100 ? null : { id, name: `P${id}`, city: `C${id}` }));
  };
  const stale: [string, number][] = [];
  const policy: ReadPolicy = { reload: false, onStale: (system, ageMs) => stale.push([system, ageMs]) };
  return {
    cache,
    store,
    calls,
    stale,
    policy,
    read: (keys: number[], wanted?: string[], readPolicy: ReadPolicy = policy) => cache.read(rows, readPolicy, keys, wanted && new Set(wanted), load),
    advance: (ms: number) => void (now += ms),
    fail: (error: Error | undefined) => void (failure = error),
    hold: () => {
      let release!: () => void;
      gate = new Promise((resolve) => (release = resolve));
      return () => {
        gate = undefined;
        release();
      };
    },
  };
}

const down = new UpstreamError({ system: 'erp', kind: 'unavailable', message: 'The erp system failed: HTTP 503' });

describe('entity cache', () => {
  it('answers a second read of the same records without the system, and reads only what it lacks', async () => {
    const { read, calls } = setup();
    expect(await read([1, 2], ['name'])).toEqual([{ id: 1, name: 'P1', city: 'C1' }, { id: 2, name: 'P2', city: 'C2' }]);
    await read([1, 2, 3], ['name']);
    expect(calls.map((call) => call.keys)).toEqual([[1, 2], [3]]);
  });

  it('reads a record again when a caller needs an attribute it was not read with, keeping the earlier ones', async () => {
    const { read, calls } = setup();
    await read([1], ['name']);
    await read([1], ['city']);
    await read([1], ['name']);
    expect(calls).toEqual([
      { keys: [1], attributes: ['name'] },
      { keys: [1], attributes: ['city', 'name'] },
    ]);
  });

  it('keeps answers that a record does not exist, until its tag changes', async () => {
    const { read, calls, cache } = setup();
    expect(await read([101], ['name'])).toEqual([null]);
    await read([101], ['name']);
    await cache.changed(['erp:res.partner:101'], 'poll:erp');
    await read([101], ['name']);
    expect(calls).toHaveLength(2);
  });

  it('reads a record again once one of its tags changed, and once its freshness ran out', async () => {
    const { read, calls, cache, advance } = setup();
    await read([1], ['name']);
    await cache.changed(['erp:res.partner:1'], 'webhook:stripe');
    await read([1], ['name']);
    advance(59_000);
    await read([1], ['name']);
    advance(2_000);
    await read([1], ['name']);
    expect(calls).toHaveLength(3);
  });

  it('treats a record read while its change was announced as stale: the change may not be in it', async () => {
    const { read, calls, cache, hold } = setup();
    const release = hold();
    const reading = read([1], ['name']);
    await Promise.resolve();
    await cache.changed(['erp:res.partner:1'], 'poll:erp');
    release();
    await reading;
    await read([1], ['name']);
    expect(calls).toHaveLength(2);
  });

  it('reads what concurrent callers miss in one upstream call, each record once', async () => {
    const { read, calls } = setup();
    const [first, second] = await Promise.all([read([1, 2], ['name']), read([2, 3], ['city'])]);
    expect(second).toEqual([{ id: 2, name: 'P2', city: 'C2' }, { id: 3, name: 'P3', city: 'C3' }]);
    expect(first).toHaveLength(2);
    expect(calls).toEqual([{ keys: [1, 2, 3], attributes: ['city', 'name'] }]);
  });

  it('lets a caller join a read already on its way when it covers what the caller needs', async () => {
    const { read, calls, hold } = setup();
    const release = hold();
    const first = read([1, 2], ['name', 'city']);
    await new Promise((resolve) => setImmediate(resolve));
    const second = read([2], ['name']);
    release();
    await Promise.all([first, second]);
    expect(calls.map((call) => call.keys)).toEqual([[1, 2]]);
  });

  it('serves a record past its freshness when the system fails, reporting its age; a record never read gets the error', async () => {
    const { read, cache, fail, advance, stale } = setup();
    await read([1], ['name']);
    await cache.changed(['erp:res.partner:1'], 'gateway');
    advance(42_000);
    fail(down);
    const [served, missing] = await read([1, 2], ['name']);
    expect(served).toEqual({ id: 1, name: 'P1', city: 'C1' });
    expect(missing).toBe(down);
    expect(stale).toEqual([['erp', 42_000]]);
  });

  it('serves nothing stale beyond the maximum stale age, to a policy without onStale, or for a refusal', async () => {
    const { read, fail, advance, policy } = setup({ maxStaleSeconds: 60 });
    await read([1], ['name']);
    advance(61_000 + 60_000);
    fail(down);
    expect(await read([1], ['name'])).toEqual([down]);
    const refused = new UpstreamError({ system: 'erp', kind: 'rejected', message: 'refused' });
    const fresh = setup();
    await fresh.read([1], ['name']);
    fresh.advance(61_000);
    fresh.fail(refused);
    expect(await fresh.read([1], ['name'])).toEqual([refused]);
    fresh.fail(down);
    expect(await fresh.read([1], ['name'], { reload: false })).toEqual([down]);
    expect(policy.reload).toBe(false);
  });

  it('asks the system on no-cache even for a fresh record, and falls back to it stale when that fails', async () => {
    const { read, calls, fail, stale } = setup();
    const reload: ReadPolicy = { reload: true, onStale: (system, ageMs) => stale.push([system, ageMs]) };
    await read([1], ['name']);
    await read([1], ['name'], reload);
    expect(calls).toHaveLength(2);
    fail(down);
    expect(await read([1], ['name'], reload)).toEqual([{ id: 1, name: 'P1', city: 'C1' }]);
    expect(stale).toHaveLength(1);
  });

  it('passes reads straight through when off, or for a type whose freshness is 0', async () => {
    const off = setup({ enabled: false });
    await off.read([1], ['name']);
    await off.read([1], ['name']);
    expect(off.calls).toHaveLength(2);
    const typeOff = setup({ freshness: { 'erp.partner': 0 } });
    await typeOff.read([1], ['name']);
    await typeOff.read([1], ['name']);
    expect(typeOff.calls).toHaveLength(2);
    expect(typeOff.cache.keeps(rows)).toBe(false);
    expect(typeOff.cache.keeps(lists)).toBe(true);
  });

  it('refuses a CACHE_FRESHNESS that names no cached type, naming the ones there are', () => {
    expect(() => setup({ freshness: { 'erp.partners': 10 } })).toThrow(ConfigError);
    expect(() => setup({ freshness: { 'erp.partners': 10 } })).toThrow(/erp\.orderLines, erp\.partner/);
  });

  it('keeps types of systems that announce nothing fresh only briefly', () => {
    const cache = createEntityCache({ config: CONFIG, store: createMemoryEntityStore({ maxBytes: 1000 }), types: [rows], announcing: new Set(), logger: pino({ level: 'silent' }) });
    expect(cache.freshSeconds(rows)).toBe(UNANNOUNCED_FRESH_SECONDS);
  });

  it('holds at most its memory bound, the least recently used going first', async () => {
    const { read, calls, store } = setup({ memoryMaxBytes: 1000 });
    for (let id = 1; id <= 10; id += 1) await read([id], ['name']);
    expect(store.bytes()).toBeLessThanOrEqual(1000);
    calls.length = 0;
    await read([10], ['name']);
    await read([1], ['name']);
    expect(calls.map((call) => call.keys)).toEqual([[1]]);
  });

  it('drops a record, a type, or a system on request', async () => {
    const { read, calls, cache } = setup();
    await read([1, 2], ['name']);
    expect(await cache.drop({ system: 'erp', type: 'partner', key: '1' })).toBe(1);
    await read([1, 2], ['name']);
    expect(calls.map((call) => call.keys)).toEqual([[1, 2], [1]]);
    expect(await cache.drop({ system: 'erp' })).toBe(2);
  });
});
