import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { createIdempotencyStore } from '../../src/reliability/createIdempotencyStore.js';
import { createRetentionPurge } from '../../src/retention/createRetentionPurge.js';
import { createTestStore, type TestStore } from '../helpers/testDatabase.js';

const DAY_MS = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS);

describe('the retention purge', () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await createTestStore('retention');
  });
  afterAll(() => store?.drop());

  /** Ids of the rows of each kind, old and recent, kept and purgeable. */
  const ids = {
    handledOld: randomUUID(),
    handledRecent: randomUUID(),
    failedOldNeeded: randomUUID(),
    failedOld: randomUUID(),
    receivedOld: randomUUID(),
    deliveredOld: randomUUID(),
    deliveredRecent: randomUUID(),
    deadDeliveryNeeded: randomUUID(),
    retryingOld: randomUUID(),
    openLetter: randomUUID(),
    openDeliveryLetter: randomUUID(),
    discardedOld: randomUUID(),
    replayedRecent: randomUUID(),
  };

  async function seed(): Promise<void> {
    const { prisma } = store;
    const event = (id: string, status: 'processed' | 'ignored' | 'failed' | 'received', receivedAt: Date) => ({
      id, source: 'stripe', eventId: `evt_${id}`, eventType: 'payment_intent.succeeded', status, rawBody: '{}', headers: {}, receivedAt,
    });
    await prisma.webhookEvent.createMany({
      data: [
        event(ids.handledOld, 'processed', daysAgo(31)),
        event(ids.handledRecent, 'processed', daysAgo(29)),
        event(ids.failedOldNeeded, 'failed', daysAgo(40)),
        event(ids.failedOld, 'failed', daysAgo(40)),
        // Still waiting for its handler: work, not history.
        event(ids.receivedOld, 'received', daysAgo(40)),
      ],
    });

    const endpointId = randomUUID();
    await prisma.webhookEndpoint.create({ data: { id: endpointId, url: 'https://example.com/hook', events: ['*'], secret: 'whsec_x' } });
    const delivery = (id: string, status: 'succeeded' | 'dead' | 'retrying', createdAt: Date) => ({
      id, endpointId, eventId: `ev_${id}`, eventType: 'order.placed', payload: {}, status, createdAt,
    });
    await prisma.webhookDelivery.createMany({
      data: [
        delivery(ids.deliveredOld, 'succeeded', daysAgo(31)),
        delivery(ids.deliveredRecent, 'succeeded', daysAgo(2)),
        delivery(ids.deadDeliveryNeeded, 'dead', daysAgo(31)),
        delivery(ids.retryingOld, 'retrying', daysAgo(31)),
      ],
    });
    await prisma.webhookDeliveryAttempt.createMany({
      data: [ids.deliveredOld, ids.deliveredRecent].map((deliveryId) => ({ id: randomUUID(), deliveryId, durationMs: 5, succeeded: true, statusCode: 204 })),
    });

    const letter = (id: string, kind: string, payload: object, resolution: { status: 'open' | 'discarded' | 'replayed'; resolvedAt?: Date }) => ({
      id, sourceJobId: `job-${id}`, kind, system: 'crm', payload, attemptCount: 2,
      firstFailedAt: daysAgo(200), lastFailedAt: daysAgo(200), ...resolution,
    });
    await prisma.deadLetter.createMany({
      data: [
        // Open for 200 days: never purged, nor the event and delivery it replays.
        letter(ids.openLetter, 'webhook-process', { webhookEventId: ids.failedOldNeeded }, { status: 'open' }),
        letter(ids.openDeliveryLetter, 'webhook-deliver', { deliveryId: ids.deadDeliveryNeeded }, { status: 'open' }),
        letter(ids.discardedOld, 'crm-order-note', { orderReference: 'S00001' }, { status: 'discarded', resolvedAt: daysAgo(91) }),
        letter(ids.replayedRecent, 'crm-order-note', { orderReference: 'S00002' }, { status: 'replayed', resolvedAt: daysAgo(89) }),
      ],
    });
    const attempt = (jobId: string, deadLetterId: string | null, attemptedAt: Date) => ({
      id: randomUUID(), jobId, deadLetterId, kind: 'crm-order-note', source: 'queue', succeeded: false, attemptedAt,
    });
    await prisma.jobAttempt.createMany({
      data: [
        attempt('job-open', ids.openLetter, daysAgo(200)),
        attempt('job-discarded', ids.discardedOld, daysAgo(200)),
        attempt('job-replayed', ids.replayedRecent, daysAgo(200)),
        // A job that failed once and then succeeded.
        attempt('job-recovered-old', null, daysAgo(31)),
        attempt('job-recovered-recent', null, daysAgo(29)),
      ],
    });

    await prisma.auditLog.createMany({
      data: [
        { id: randomUUID(), actorId: 'admin', action: 'apiKey.create', at: daysAgo(366) },
        { id: randomUUID(), actorId: 'admin', action: 'apiKey.revoke', at: daysAgo(364) },
      ],
    });

    const record = (key: string, expiresAt: Date) => ({
      id: randomUUID(), principalId: 'client-1', key, fingerprint: 'f', status: 'completed' as const, expiresAt,
    });
    await prisma.idempotencyRecord.createMany({ data: [record('expired', daysAgo(1)), record('live', daysAgo(-1))] });
  }

  it('deletes only the old rows nothing needs, table by table, in one run', async () => {
    await seed();
    const config = parseConfig({ NODE_ENV: 'test' }).retention;
    expect(config).toMatchObject({ webhookEventDays: 30, webhookDeliveryDays: 30, jobAttemptDays: 30, deadLetterDays: 90, auditLogDays: 365 });
    const idempotency = createIdempotencyStore(store.prisma, { retentionHours: 24, leaseSeconds: 60 });
    const purge = createRetentionPurge({
      prisma: store.prisma,
      config,
      logger: pino({ level: 'silent' }),
      owned: { idempotency: async () => ({ idempotency_records: await idempotency.purgeExpired() }) },
    });

    expect(await purge.run()).toEqual({
      webhook_events: 2,
      webhook_deliveries: 1,
      // The discarded letter's attempt goes with the letter, counted there.
      job_attempts: 1,
      dead_letters: 1,
      audit_log: 1,
      idempotency_records: 1,
    });

    const { prisma } = store;
    const idsOf = async (rows: Promise<{ id: string }[]>) => (await rows).map((row) => row.id).sort();
    expect(await idsOf(prisma.webhookEvent.findMany({ select: { id: true } }))).toEqual(
      [ids.handledRecent, ids.failedOldNeeded, ids.receivedOld].sort(),
    );
    expect(await idsOf(prisma.webhookDelivery.findMany({ select: { id: true } }))).toEqual(
      [ids.deliveredRecent, ids.deadDeliveryNeeded, ids.retryingOld].sort(),
    );
    // The purged delivery's attempt went with it.
    expect((await prisma.webhookDeliveryAttempt.findMany()).map((row) => row.deliveryId)).toEqual([ids.deliveredRecent]);
    expect(await idsOf(prisma.deadLetter.findMany({ select: { id: true } }))).toEqual(
      [ids.openLetter, ids.openDeliveryLetter, ids.replayedRecent].sort(),
    );
    expect((await prisma.jobAttempt.findMany({ orderBy: { jobId: 'asc' } })).map((row) => row.jobId)).toEqual([
      'job-open',
      'job-recovered-recent',
      'job-replayed',
    ]);
    expect((await prisma.auditLog.findMany()).map((row) => row.action)).toEqual(['apiKey.revoke']);
    expect((await prisma.idempotencyRecord.findMany()).map((row) => row.key)).toEqual(['live']);

    // Nothing left to purge: a second run deletes nothing.
    expect(Object.values(await purge.run()).every((count) => count === 0)).toBe(true);
  });

  it('follows the retention set in the configuration', async () => {
    const config = parseConfig({ NODE_ENV: 'test', WEBHOOK_EVENT_RETENTION_DAYS: '1', AUDIT_LOG_RETENTION_DAYS: '100' }).retention;
    const purge = createRetentionPurge({ prisma: store.prisma, config, logger: pino({ level: 'silent' }) });
    const counts = await purge.run();
    // The 29-day-old processed event and the 364-day-old audit entry are now past their retention.
    expect(counts).toMatchObject({ webhook_events: 1, audit_log: 1, dead_letters: 0 });
    expect(await store.prisma.webhookEvent.count({ where: { id: ids.failedOldNeeded } })).toBe(1);
  });
});
