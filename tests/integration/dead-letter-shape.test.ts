import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { busKind } from '../../src/integrations/eventBus/createBusConsumer.js';
import { createEventBus } from '../../src/integrations/eventBus/createEventBus.js';
import type { EventBus } from '../../src/integrations/eventBus/EventBus.js';
import { createDeadLetterService, type DeadLetterService, } from '../../src/reliability/createDeadLetterService.js';
import type { DeadLetterView } from '../../src/reliability/DeadLetterView.js';
import { createJobQueue, type JobQueue } from '../../src/reliability/createJobQueue.js';
import { JobFailure } from '../../src/reliability/describeFailure.js';
import type { FollowUpDeps } from '../../src/reliability/followUps.js';
import { workId } from '../../src/reliability/workId.js';
import { eventually } from '../helpers/graphqlAs.js';
import { createTestStore, dropSchema, TEST_DATABASE_URL, uniqueSchemaName, type TestStore } from '../helpers/testDatabase.js';

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const ORDER = { orderId: 8, orderReference: 'S00008', partnerId: 3, amount: 990, currency: 'EUR', paymentId: null };

/**
 * Whichever path ran it, work that fails its last attempt lands in the one dead-letter table through
 * the one service, with the same shape: a queued follow-up (an outbound webhook delivery) and a bus
 * consumer group's handling of an event, failing the same way, side by side.
 */
describe('a failed job and a failed bus consumer', () => {
  const queueSchema = uniqueSchemaName('shape_queue');
  let store: TestStore;
  let deadLetters: DeadLetterService;
  let queue: JobQueue;
  let bus: EventBus;
  let healthy = false;
  const failure = () => new JobFailure('SUBSCRIBER_DOWN', 'the subscriber answered HTTP 503', 503);

  beforeAll(async () => {
    store = await createTestStore('shape', { logger });
    const config = parseConfig({
      NODE_ENV: 'test',
      DATABASE_URL: TEST_DATABASE_URL,
      QUEUE_SCHEMA: queueSchema,
      QUEUE_POLLING_SECONDS: '0.5',
      QUEUE_MAINTENANCE_SECONDS: '1',
      WEBHOOK_DELIVERY_RETRY_LIMIT: '1',
      WEBHOOK_DELIVERY_RETRY_DELAY_SECONDS: '1',
      EVENT_BUS_PREFIX: `t_${randomBytes(5).toString('hex')}`,
      EVENT_BUS_RETRY_LIMIT: '1',
      EVENT_BUS_RETRY_DELAY_MS: '100',
    });
    // The delivery job's handler, standing in for a subscriber that is down until told otherwise.
    const deps = {
      webhooks: {
        process: async () => undefined,
        deliver: async () => {
          if (!healthy) throw failure();
        },
      },
    } as unknown as FollowUpDeps;
    deadLetters = createDeadLetterService(store.prisma, deps, logger);
    queue = await createJobQueue({ connectionString: TEST_DATABASE_URL, pool: store.pool, config, connectors: deps, deadLetters, logger });
    await queue.start();
    bus = await createEventBus({
      config: config.eventBus,
      logger,
      deadLetters,
      postgres: { connectionString: TEST_DATABASE_URL, schema: queueSchema, pollingSeconds: 0.5 },
    });
  });
  afterAll(async () => {
    await bus?.close();
    await queue?.stop();
    await store?.drop();
    await dropSchema(queueSchema);
  });

  it('land as dead letters of the same shape, each under its work id, and replay through the same service', async () => {
    await bus.subscribe(
      'order.placed',
      async () => {
        if (!healthy) throw failure();
      },
      { group: 'shape', system: 'webhooks' },
    );
    const followUpId = await queue.enqueue('webhook-deliver', { deliveryId: 'delivery-1' }, { jobKey: 'delivery-1', idempotencyKey: 'request-key-1' });
    const event = await bus.publish({ name: 'order.placed', data: ORDER });
    const consumerKind = busKind('order.placed', 'shape');

    const letters = await eventually(
      () => deadLetters.list({}, { offset: 0, limit: 10 }),
      (found) => found.length === 2,
      'both to be dead-lettered',
    );
    const byKind = (kind: string) => letters.find((letter) => letter.kind === kind)!;
    const job = byKind('webhook-deliver');
    const consumed = byKind(consumerKind);

    expect(followUpId).toBe(workId('webhook-deliver', 'delivery-1'));
    const common = { system: 'webhooks', status: 'open', attemptCount: 2, lastErrorCode: 'SUBSCRIBER_DOWN', lastError: 'the subscriber answered HTTP 503' };
    expect(job).toMatchObject({ ...common, sourceJobId: followUpId, idempotencyKey: 'request-key-1', payload: { deliveryId: 'delivery-1' } });
    expect(consumed).toMatchObject({ ...common, sourceJobId: workId(consumerKind, event.id), idempotencyKey: event.id, payload: event });

    const shapeOf = (letter: DeadLetterView) => ({
      attempts: letter.attempts.map((attempt) => ({
        succeeded: attempt.succeeded,
        errorCode: attempt.errorCode,
        message: attempt.message,
        upstreamStatus: attempt.upstreamStatus,
      })),
      firstFailedAt: letter.attempts[0]!.attemptedAt,
      lastFailedAt: letter.attempts.at(-1)!.attemptedAt,
    });
    for (const [letter, source] of [[job, 'queue'], [consumed, 'bus']] as const) {
      const attempt = { succeeded: false, errorCode: 'SUBSCRIBER_DOWN', message: 'the subscriber answered HTTP 503', upstreamStatus: 503 };
      expect(shapeOf(letter)).toEqual({ attempts: [attempt, attempt], firstFailedAt: letter.firstFailedAt, lastFailedAt: letter.lastFailedAt });
      expect(letter.attempts.map((each) => each.source)).toEqual([source, source]);
    }

    healthy = true;
    for (const letter of [job, consumed]) {
      expect(await deadLetters.replay(letter.id, 'test')).toMatchObject({ outcome: 'REPLAYED', deadLetter: { status: 'replayed' } });
    }
  });
});
