import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisEntityStore } from '../../src/connectors/core/cache/createRedisEntityStore.js';
import type { EntityStore } from '../../src/connectors/core/cache/EntityStore.js';

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

describe('Redis entity store', () => {
  let redis: Redis;
  let store: EntityStore;
  const prefix = `switchyard:test:${randomBytes(4).toString('hex')}:`;

  beforeAll(async () => {
    redis = new Redis(REDIS_URL);
    store = await createRedisEntityStore(redis, { prefix, markerKeepMs: 60_000 });
  });

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  const record = (value: unknown, readAt = store.now()) => ({ value, attributes: new Set(['name']), readAt });

  it('keeps records as they were, Dates included, and says which are missing', async () => {
    const value = { id: 'pi_1', createdAt: new Date('2026-12-01T10:00:00.000Z'), amounts: [1, 2], nothing: null };
    await store.put([{ key: 'payments.payment:pi_1', record: record(value), tags: ['payments:payment_intent:pi_1'], keepMs: 60_000 }]);
    const [found, missing] = await store.get(['payments.payment:pi_1', 'payments.payment:pi_2']);
    expect(found?.value).toEqual(value);
    expect((found?.value as typeof value).createdAt).toBeInstanceOf(Date);
    expect(found?.attributes).toEqual(new Set(['name']));
    expect(found?.changedAt).toBeNull();
    expect(missing).toBeUndefined();
  });

  it('marks the entries of a changed tag, in every instance reading the same Redis', async () => {
    const other = await createRedisEntityStore(redis, { prefix, markerKeepMs: 60_000 });
    await store.put([{ key: 'crm.contact:a@example.com', record: record({ id: '7' }), tags: ['crm:contact:7'], keepMs: 60_000 }]);
    await other.invalidate(['crm:contact:7']);
    const [entry] = await store.get(['crm.contact:a@example.com']);
    expect(entry?.changedAt).toEqual(expect.any(Number));
    // Read again after the change, it is fresh.
    await store.put([{ key: 'crm.contact:a@example.com', record: record({ id: '7' }, store.now() + 5), tags: ['crm:contact:7'], keepMs: 60_000 }]);
    expect((await store.get(['crm.contact:a@example.com']))[0]?.changedAt).toBeNull();
  });

  it('stores a record whose read began before its tag changed as changed already', async () => {
    const readAt = store.now() - 1000;
    await store.invalidate(['erp:res.partner:9']);
    await store.put([{ key: 'erp.partner:9', record: record({ id: 9 }, readAt), tags: ['erp:res.partner:9'], keepMs: 60_000 }]);
    expect((await store.get(['erp.partner:9']))[0]?.changedAt).toBeGreaterThan(readAt);
  });

  it('drops one record, or every record under a prefix', async () => {
    const keep = 60_000;
    await store.put(['erp.order:1', 'erp.order:10', 'erp.product:1'].map((key) => ({ key, record: record({ key }), tags: [], keepMs: keep })));
    expect(await store.drop('erp.order:1')).toBe(1);
    expect((await store.get(['erp.order:1', 'erp.order:10'])).map((entry) => entry === undefined)).toEqual([true, false]);
    expect(await store.drop('erp.', { prefix: true })).toBeGreaterThanOrEqual(2);
    expect(await store.get(['erp.order:10', 'erp.product:1'])).toEqual([undefined, undefined]);
  });
});
