import { randomBytes } from 'node:crypto';
import amqp from 'amqplib';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEventBus } from '../../src/integrations/eventBus/createEventBus.js';
import { busKind } from '../../src/integrations/eventBus/createBusConsumer.js';
import { rabbitMqTopology } from '../../src/integrations/eventBus/createRabbitMqEventBus.js';
import { redisStreamKey } from '../../src/integrations/eventBus/createRedisEventBus.js';
import { EVENT_NAMES, type DomainEvent, type EventName } from '../../src/integrations/eventBus/DomainEvent.js';
import type { EventBusAdapter, EventBusConfig } from '../../src/config/eventBusConfig.js';
import type { ConsumerContext, EventBus } from '../../src/integrations/eventBus/EventBus.js';
import { createDeadLetterService, type DeadLetterService } from '../../src/reliability/createDeadLetterService.js';
import { JobFailure } from '../../src/reliability/describeFailure.js';
import { workId } from '../../src/reliability/workId.js';
import type { FollowUpDeps } from '../../src/reliability/followUps.js';
import { eventually } from '../helpers/graphqlAs.js';
import { createTestStore, dropSchema, TEST_DATABASE_URL, uniqueSchemaName, type TestStore } from '../helpers/testDatabase.js';

/**
 * One contract, three adapters, each against its real server: PostgreSQL (pg-boss), Redis Streams and
 * RabbitMQ. Every test has its own prefix, so its streams, exchanges, queues and pg-boss queues are its
 * own, and removes them afterwards.
 */

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const RABBITMQ_URL = process.env.RABBITMQ_URL || 'amqp://guest:guest@127.0.0.1:5672';
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

const ORDER = { orderId: 7, orderReference: 'S00007', partnerId: 3, amount: 1250, currency: 'EUR', paymentId: null };

describe.each<EventBusAdapter>(['postgres', 'redis', 'rabbitmq'])('the %s event bus', (adapter) => {
  let store: TestStore;
  let deadLetters: DeadLetterService;
  const queueSchema = uniqueSchemaName(`bus_${adapter}`);
  let prefix: string;
  /** Consumer groups a test subscribed, so their broker objects can be removed. */
  let groups: [EventName, string][];
  let buses: EventBus[];

  async function openBus(overrides: Partial<EventBusConfig> = {}): Promise<EventBus> {
    const config: EventBusConfig = {
      adapter,
      redisUrl: REDIS_URL,
      rabbitMqUrl: RABBITMQ_URL,
      prefix,
      retry: { limit: 2, baseDelayMs: 100, maxDelayMs: 1_000, maxRetryAfterMs: 1_000, jitter: 0.2 },
      claimIdleMs: 30_000,
      prefetch: 5,
      redisMaxLen: 10_000,
      ...overrides,
    };
    const bus = await createEventBus({
      config,
      logger,
      deadLetters,
      postgres: { connectionString: TEST_DATABASE_URL, schema: queueSchema, pollingSeconds: 0.5 },
    });
    buses.push(bus);
    return bus;
  }

  function subscribeGroup<N extends EventName>(
    bus: EventBus,
    name: N,
    group: string,
    handler: (event: DomainEvent<N>, context: ConsumerContext) => Promise<void>,
    system?: string,
  ) {
    groups.push([name, group]);
    return bus.subscribe(name, handler, { group, ...(system ? { system } : {}) });
  }

  beforeAll(async () => {
    store = await createTestStore(`bus_${adapter}`, { logger });
    // No follow-up runs in these tests: only the bus's own kinds are recorded and replayed.
    deadLetters = createDeadLetterService(store.prisma, {} as FollowUpDeps, logger);
  });

  beforeEach(() => {
    prefix = `t_${randomBytes(5).toString('hex')}`;
    groups = [];
    buses = [];
  });

  afterEach(async () => {
    await Promise.all(buses.map((bus) => bus.close()));
    if (adapter === 'redis') {
      const redis = new Redis(REDIS_URL);
      await redis.del(...EVENT_NAMES.map((name) => redisStreamKey(prefix, name)));
      await redis.quit();
    }
    if (adapter === 'rabbitmq') {
      const connection = await amqp.connect(RABBITMQ_URL);
      const channel = await connection.createChannel();
      for (const [name, group] of groups) {
        const { queue, deadQueue } = rabbitMqTopology(prefix, name, group);
        await channel.deleteQueue(queue!);
        await channel.deleteQueue(deadQueue!);
      }
      const { exchange, deadLetterExchange } = rabbitMqTopology(prefix);
      await channel.deleteExchange(exchange);
      await channel.deleteExchange(deadLetterExchange);
      await connection.close();
    }
  });

  afterAll(async () => {
    await store?.drop();
    await dropSchema(queueSchema);
  });

  it('delivers a published event to a consumer group, once', async () => {
    const bus = await openBus();
    const received: [DomainEvent<'order.placed'>, number][] = [];
    await subscribeGroup(bus, 'order.placed', 'audit', async (event, context) => {
      received.push([event, context.attempt]);
    });
    const published = await bus.publish({ name: 'order.placed', data: ORDER });
    await eventually(async () => received.length, (count) => count >= 1, 'the event to be handled');
    expect(received).toEqual([[published, 1]]);
    expect(published).toMatchObject({ name: 'order.placed', data: ORDER });
  });

  it('shares a group between two instances: each event handled by one of them, both doing some', async () => {
    const [first, second] = [await openBus(), await openBus()];
    const handled = new Map<string, string[]>([
      ['first', []],
      ['second', []],
    ]);
    let release!: () => void;
    const bothWorking = new Promise<void>((resolve) => (release = resolve));
    const handler = (instance: string) => async (event: DomainEvent<'order.placed'>) => {
      handled.get(instance)!.push(event.id);
      if ([...handled.values()].every((ids) => ids.length > 0)) release();
      // Each instance holds its first events until the other has some, so neither can take them all.
      await Promise.race([bothWorking, new Promise((resolve) => setTimeout(resolve, 15_000))]);
    };
    await subscribeGroup(first, 'order.placed', 'shared', handler('first'));
    await subscribeGroup(second, 'order.placed', 'shared', handler('second'));
    const ids = [];
    for (let index = 0; index < 20; index += 1) ids.push((await first.publish({ name: 'order.placed', data: { ...ORDER, orderId: index } })).id);

    await eventually(async () => [...handled.values()].flat().length, (count) => count >= 20, 'every event to be handled');
    const all = [...handled.values()].flat();
    expect(all.sort()).toEqual(ids.sort());
    expect(new Set(all).size).toBe(all.length);
    expect(handled.get('first')!.length).toBeGreaterThan(0);
    expect(handled.get('second')!.length).toBeGreaterThan(0);
  });

  it('gives each group its own copy, and every live subscriber every event', async () => {
    const [first, second] = [await openBus(), await openBus()];
    const seen: string[] = [];
    await subscribeGroup(first, 'shipment.updated', 'crm', async () => void seen.push('crm'));
    await subscribeGroup(second, 'shipment.updated', 'audit', async () => void seen.push('audit'));
    await first.subscribe('shipment.updated', async () => void seen.push('live-first'), { mode: 'live' });
    await second.subscribe('shipment.updated', async () => void seen.push('live-second'), { mode: 'live' });
    await first.publish({
      name: 'shipment.updated',
      data: { trackingCode: 'EZ1000000001', status: 'in_transit', carrier: 'UPS', orderId: null, orderReference: null, partnerId: null },
    });
    await eventually(async () => seen.length, (count) => count >= 4, 'both groups and both live subscribers');
    expect(seen.sort()).toEqual(['audit', 'crm', 'live-first', 'live-second']);
  });

  it('retries a failing consumer with backoff, then records it in the dead-letter table, replayable by kind', async () => {
    const bus = await openBus();
    const attempts: number[] = [];
    let healthy = false;
    await subscribeGroup(
      bus,
      'customer.created',
      'crm-contact',
      async (_event, context) => {
        attempts.push(context.attempt);
        if (!healthy) throw new JobFailure('CRM_REFUSED', 'the CRM refused the contact');
      },
      'crm',
    );
    const event = await bus.publish({
      name: 'customer.created',
      data: { partnerId: 41, email: 'grace@example.org', name: 'Grace Hopper', phone: null, company: null },
    });

    const kind = busKind('customer.created', 'crm-contact');
    const [letter] = await eventually(
      () => deadLetters.list({ kind }, { offset: 0, limit: 10 }),
      (letters) => letters.length > 0,
      'the event to be dead-lettered',
    );
    expect(attempts).toEqual([1, 2, 3]);
    expect(letter).toMatchObject({
      kind,
      system: 'crm',
      status: 'open',
      sourceJobId: workId(kind, event.id),
      idempotencyKey: event.id,
      attemptCount: 3,
      lastErrorCode: 'CRM_REFUSED',
      payload: event,
    });
    expect(letter!.attempts.map((attempt) => [attempt.source, attempt.succeeded])).toEqual([
      ['bus', false],
      ['bus', false],
      ['bus', false],
    ]);

    healthy = true;
    const replay = await deadLetters.replay(letter!.id, 'test');
    expect(replay).toMatchObject({ outcome: 'REPLAYED', deadLetter: { status: 'replayed' } });
    expect(attempts).toEqual([1, 2, 3, 0]);
  });

  // Adapter-specific behaviour: registered only for its own adapter, so nothing shows as skipped.
  if (adapter === 'redis') it('takes over the pending entry of a dead consumer with XAUTOCLAIM', async () => {
    const redis = new Redis(REDIS_URL);
    try {
      const key = redisStreamKey(prefix, 'payment.failed');
      await redis.xgroup('CREATE', key, 'payments', '$', 'MKSTREAM');
      groups.push(['payment.failed', 'payments']);
      const publisher = await openBus();
      const event = await publisher.publish({
        name: 'payment.failed',
        data: { paymentId: 'pi_1', orderId: 7, orderReference: 'S00007', partnerId: 3, amount: 1250, currency: 'EUR', failureCode: 'card_declined', failureMessage: null },
      });
      // A consumer reads the entry and dies before acknowledging it.
      const read = await redis.call('XREADGROUP', 'GROUP', 'payments', 'dead-consumer', 'COUNT', 1, 'STREAMS', key, '>');
      expect(JSON.stringify(read)).toContain(event.id);

      const survivor = await openBus({ claimIdleMs: 200 });
      const received: [string, number][] = [];
      await survivor.subscribe('payment.failed', async (got, context) => void received.push([got.id, context.attempt]), { group: 'payments' });
      await eventually(async () => received.length, (count) => count >= 1, 'the survivor to take the entry over');
      expect(received).toEqual([[event.id, 2]]);
      const pending = (await eventually(
        () => redis.call('XPENDING', key, 'payments') as Promise<[number, ...unknown[]]>,
        (summary) => summary[0] === 0,
        'the entry to be acknowledged',
      ))[0];
      expect(pending).toBe(0);
    } finally {
      await redis.quit();
    }
  });

  if (adapter === 'rabbitmq') it('redelivers a nacked message, and rejects it to the dead-letter exchange after its last attempt', async () => {
    const bus = await openBus();
    const connection = await amqp.connect(RABBITMQ_URL);
    const channel = await connection.createChannel();
    try {
      const group = 'nacks';
      const attempts: [string, number][] = [];
      await subscribeGroup(bus, 'payment.succeeded', group, async (event, context) => {
        attempts.push([event.data.paymentId, context.attempt]);
        // pi_flaky fails once, pi_broken always.
        if (event.data.paymentId === 'pi_broken' || context.attempt === 1) throw new Error(`${event.data.paymentId} failed`);
      });
      const { queue, deadLetterExchange } = rabbitMqTopology(prefix, 'payment.succeeded', group);
      // A second queue on the dead-letter exchange sees what the broker dead-letters, as operators would.
      const watched = await channel.assertQueue('', { exclusive: true });
      await channel.bindQueue(watched.queue, deadLetterExchange, queue!);

      const data = { orderId: 7, orderReference: 'S00007', partnerId: 3, amount: 1250, currency: 'EUR' };
      await bus.publish({ name: 'payment.succeeded', data: { ...data, paymentId: 'pi_flaky' } });
      await bus.publish({ name: 'payment.succeeded', data: { ...data, paymentId: 'pi_broken' } });

      const rejected = await eventually(() => channel.get(watched.queue, { noAck: true }), (message) => message !== false, 'the dead-lettered message');
      const death = (rejected as amqp.GetMessage).properties.headers?.['x-death'] as { reason: string; queue: string }[];
      expect(death[0]).toMatchObject({ reason: 'rejected', queue });
      expect(JSON.parse((rejected as amqp.GetMessage).content.toString()).data.paymentId).toBe('pi_broken');

      expect(attempts.filter(([id]) => id === 'pi_flaky')).toEqual([
        ['pi_flaky', 1],
        ['pi_flaky', 2],
      ]);
      expect(attempts.filter(([id]) => id === 'pi_broken')).toEqual([
        ['pi_broken', 1],
        ['pi_broken', 2],
        ['pi_broken', 3],
      ]);
      await eventually(
        () => deadLetters.count({ kind: busKind('payment.succeeded', group) }),
        (count) => count === 1,
        'the dead letter in our table',
      );
      const { messageCount } = await channel.checkQueue(queue!);
      expect(messageCount).toBe(0);
    } finally {
      await connection.close();
    }
  });
});
