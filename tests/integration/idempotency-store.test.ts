import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdempotencyStore, type IdempotencyStore } from '../../src/reliability/createIdempotencyStore.js';
import { createTestStore, type TestStore } from '../helpers/testDatabase.js';

const claim = (key: string, fingerprint = 'f1') => ({ principalId: 'client-1', key, fingerprint, operationName: 'Place' });

describe('idempotency records on PostgreSQL', () => {
  let store: TestStore;
  let records: IdempotencyStore;
  beforeAll(async () => {
    store = await createTestStore('idempotency');
    records = createIdempotencyStore(store.prisma, { retentionHours: 24, leaseSeconds: 60 });
  });
  afterAll(() => store.drop());

  it('claims once, answers in progress to the others, then replays the stored response', async () => {
    const first = await records.claim(claim('k1'));
    expect(first.kind).toBe('claimed');
    expect(await records.claim(claim('k1'))).toMatchObject({ kind: 'in_progress' });
    if (first.kind !== 'claimed') throw new Error('not claimed');
    await records.complete(first.recordId, { body: '{"data":{"x":1}}', status: 200 });
    expect(await records.claim(claim('k1'))).toEqual({ kind: 'replay', body: '{"data":{"x":1}}', status: 200 });
    expect(await records.claim(claim('k1', 'f2'))).toEqual({ kind: 'reused' });
  });

  it('keys are per principal', async () => {
    await records.claim(claim('shared'));
    expect((await records.claim({ ...claim('shared'), principalId: 'client-2' })).kind).toBe('claimed');
  });

  it('a released key can be claimed again', async () => {
    const first = await records.claim(claim('k2'));
    if (first.kind !== 'claimed') throw new Error('not claimed');
    await records.release(first.recordId);
    expect((await records.claim(claim('k2'))).kind).toBe('claimed');
  });

  it('a crashed claim is taken over once its lease has run out', async () => {
    const short = createIdempotencyStore(store.prisma, { retentionHours: 24, leaseSeconds: 1 });
    const first = await short.claim(claim('k3'));
    expect(first.kind).toBe('claimed');
    await store.prisma.idempotencyRecord.updateMany({ where: { key: 'k3' }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    const concurrent = await Promise.all([short.claim(claim('k3')), short.claim(claim('k3'))]);
    expect(concurrent.filter((outcome) => outcome.kind === 'claimed')).toHaveLength(1);
  });

  it('purges records past their retention, and only those', async () => {
    const kept = await records.claim(claim('k4'));
    expect(kept.kind).toBe('claimed');
    await store.prisma.idempotencyRecord.updateMany({ where: { key: 'k1' }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await records.purgeExpired()).toBe(1);
    expect(await store.prisma.idempotencyRecord.count({ where: { key: 'k1' } })).toBe(0);
    expect(await store.prisma.idempotencyRecord.count({ where: { key: 'k4' } })).toBe(1);
  });
});
