import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import type { DeadLetterRecorder } from '../../reliability/createWorkRunner.js';
import { groupConsumer, type BusConsumer } from './createBusConsumer.js';
import { createInFlight } from './createInFlight.js';
import { createLiveFanOut } from './createLiveFanOut.js';
import { parseDomainEvent, toDomainEvent, type EventName } from './DomainEvent.js';
import type { BusSubscription, EventBus, EventBusDeps } from './EventBus.js';

export interface RedisEventBusOptions extends EventBusDeps {
  readonly url: string;
  /** A pending entry idle this long belongs to a consumer presumed dead and is taken over (XAUTOCLAIM). */
  readonly claimIdleMs: number;
  /** Each stream is trimmed to about this many entries (XADD MAXLEN ~). */
  readonly maxLen: number;
  readonly deadLetters: DeadLetterRecorder;
  /** How long one blocking read waits; default 2000 ms. */
  readonly blockMs?: number;
}

/** One event per stream entry, under this field. */
const FIELD = 'event';

export const redisStreamKey = (prefix: string, name: EventName) => `${prefix}:events:${name}`;

type Entry = { id: string; fields: string[] | null };

/** XREADGROUP/XREAD/XCLAIM reply entries: `[id, [field, value, …]]`, fields null for a trimmed entry. */
function entriesOf(reply: unknown): Entry[] {
  return Array.isArray(reply) ? reply.map((item) => ({ id: String((item as unknown[])[0]), fields: ((item as unknown[])[1] as string[] | null) ?? null })) : [];
}

/** XREAD/XREADGROUP replies per stream: RESP2 nests `[key, entries]` pairs, RESP3 (a map) flattens them. */
function streamsOf(reply: unknown): [string, Entry[]][] {
  if (!Array.isArray(reply)) return [];
  const pairs: unknown[][] = typeof reply[0] === 'string' ? reply.flatMap((item, index) => (index % 2 === 0 ? [[item, reply[index + 1]]] : [])) : reply;
  return pairs.map(([key, items]) => [String(key), entriesOf(items)]);
}

function eventOf(fields: string[] | null) {
  const index = fields ? fields.indexOf(FIELD) : -1;
  return index < 0 || !fields ? null : parseDomainEvent(fields[index + 1] ?? '');
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Redis Streams: a stream per event name, a consumer group per subscriber group (XREADGROUP shares
 * the entries among the instances, XACK settles them). A failed entry stays pending and is taken
 * back by its consumer after the backoff (XCLAIM, guarded by the idle time so only one consumer
 * retries it); an entry whose consumer died stays pending until another consumer's XAUTOCLAIM takes
 * it after `claimIdleMs`. Redis's delivery count is the attempt number, so it survives crashes.
 */
export async function createRedisEventBus(options: RedisEventBusOptions): Promise<EventBus> {
  const log = options.logger.child({ component: 'event-bus', adapter: 'redis' });
  const blockMs = options.blockMs ?? 2_000;
  const consumerName = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  // Publishing fails fast when Redis is away, so the request that publishes can fail and be retried.
  const main = new Redis(options.url, { maxRetriesPerRequest: 3, connectionName: 'switchyard-event-bus' });
  main.on('error', (error) => log.warn({ err: { message: error.message } }, 'redis connection error'));
  try {
    await main.ping();
  } catch (error) {
    main.disconnect();
    throw new Error(`Event bus: cannot reach Redis at ${options.url.replace(/\/\/[^@/]*@/, '//***@')} (${(error as Error).message})`, { cause: error });
  }
  const blockingConnection = (name: string) => {
    // Blocking reads need a connection each; during an outage they wait for Redis to come back.
    const connection = main.duplicate({ maxRetriesPerRequest: null, connectionName: `switchyard-event-bus-${name}` });
    connection.on('error', (error) => log.debug({ err: { message: error.message } }, 'redis reader connection error'));
    return connection;
  };
  const subscriptions = new Set<BusSubscription>();
  const live = createLiveFanOut(log);
  const liveIds = new Map<string, string>();
  let liveReader: { connection: Redis; loop: Promise<void> } | undefined;
  let closing = false;

  async function readLive(connection: Redis): Promise<void> {
    while (!closing) {
      const keys = [...liveIds.keys()];
      try {
        const reply = await connection.call('XREAD', 'COUNT', 100, 'BLOCK', blockMs, 'STREAMS', ...keys, ...keys.map((key) => liveIds.get(key)!));
        for (const [key, entries] of streamsOf(reply)) {
          for (const entry of entries) {
            liveIds.set(key, entry.id);
            const event = eventOf(entry.fields);
            if (event) live.dispatch(event);
          }
        }
      } catch (error) {
        if (closing) return;
        log.warn({ err: { message: (error as Error).message } }, 'live read failed; retrying');
        await delay(1_000);
      }
    }
  }

  async function subscribeLive<N extends EventName>(name: N, handler: Parameters<EventBus['subscribe']>[1]): Promise<BusSubscription> {
    const key = redisStreamKey(options.prefix, name);
    if (!liveIds.has(key)) {
      // From the newest entry on: a live subscriber sees what is published after it subscribed.
      const [last] = entriesOf(await main.call('XREVRANGE', key, '+', '-', 'COUNT', 1));
      liveIds.set(key, last?.id ?? '0-0');
    }
    const subscription = live.add(name, handler as never);
    if (!liveReader) {
      const connection = blockingConnection('live');
      liveReader = { connection, loop: readLive(connection) };
    }
    return subscription;
  }

  function consumeGroup(key: string, group: string, consumer: BusConsumer): BusSubscription {
    const reader = blockingConnection(group);
    const inFlight = createInFlight();
    const timers = new Set<NodeJS.Timeout>();
    const reclaimEveryMs = Math.max(50, Math.min(options.claimIdleMs / 2, 10_000));
    let running = true;
    let reclaimCursor = '0-0';
    let lastReclaim = 0;

    const ack = (id: string) => main.call('XACK', key, group, id);

    async function handle(entry: Entry, attempt: number): Promise<void> {
      const event = eventOf(entry.fields);
      if (!event) {
        log.error({ key, id: entry.id }, 'malformed stream entry acknowledged without handling');
        await ack(entry.id);
        return;
      }
      if (consumer.beyondLastAttempt(attempt)) {
        await consumer.deadLetter(event, `delivered ${attempt - 1} times without an outcome (its consumers may have died)`);
        await ack(entry.id);
        return;
      }
      const outcome = await consumer.attempt(event, attempt);
      if (outcome.ok) {
        await ack(entry.id);
        return;
      }
      if (outcome.retryInMs === 0) {
        await consumer.deadLetter(event, null);
        await ack(entry.id);
        return;
      }
      const wait = outcome.retryInMs;
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!running) return;
        void inFlight.track(async () => {
          // Guarded by the idle time: if another consumer took the entry meanwhile, this claims nothing.
          const [claimed] = entriesOf(await main.call('XCLAIM', key, group, consumerName, wait, entry.id));
          if (claimed) await handle(claimed, attempt + 1);
        }).catch((error: unknown) => log.error({ err: error, id: entry.id }, 'retry of a stream entry failed'));
      }, wait);
      timers.add(timer);
    }

    async function reclaim(): Promise<void> {
      const reply = (await main.call('XAUTOCLAIM', key, group, consumerName, options.claimIdleMs, reclaimCursor, 'COUNT', options.prefetch)) as [
        string,
        unknown,
        unknown?,
      ];
      reclaimCursor = String(reply[0]);
      const claimed = entriesOf(reply[1]).filter((entry) => entry.fields !== null);
      await Promise.all(
        claimed.map((entry) =>
          inFlight.track(async () => {
            const [pending] = (await main.call('XPENDING', key, group, entry.id, entry.id, 1)) as [string, string, number, number][];
            log.info({ key, id: entry.id, deliveries: pending?.[3] }, 'took over a stream entry from a consumer presumed dead');
            await handle(entry, Number(pending?.[3] ?? 1));
          }),
        ),
      );
    }

    async function loop(): Promise<void> {
      while (running) {
        try {
          if (performance.now() - lastReclaim >= reclaimEveryMs || reclaimCursor !== '0-0') {
            lastReclaim = performance.now();
            await reclaim();
          }
          const reply = await reader.call('XREADGROUP', 'GROUP', group, consumerName, 'COUNT', options.prefetch, 'BLOCK', Math.min(blockMs, reclaimEveryMs), 'STREAMS', key, '>');
          const entries = streamsOf(reply).flatMap(([, streamEntries]) => streamEntries);
          await Promise.all(entries.map((entry) => inFlight.track(() => handle(entry, 1))));
        } catch (error) {
          if (!running) return;
          log.warn({ err: { message: (error as Error).message }, key, group }, 'stream read failed; retrying');
          await delay(1_000);
        }
      }
    }

    const looping = loop();
    return {
      async close() {
        running = false;
        for (const timer of timers) clearTimeout(timer);
        reader.disconnect();
        await looping;
        await inFlight.settled();
      },
    };
  }

  return {
    adapter: 'redis',

    async publish(input) {
      const event = toDomainEvent(input);
      await main.call('XADD', redisStreamKey(options.prefix, event.name), 'MAXLEN', '~', options.maxLen, '*', FIELD, JSON.stringify(event));
      return event;
    },

    async subscribe(name, handler, subscribeOptions) {
      if (subscribeOptions.mode === 'live') return subscribeLive(name, handler as never);
      const key = redisStreamKey(options.prefix, name);
      const consumer = groupConsumer(name, handler, subscribeOptions, options);
      try {
        // `$`: a new group starts with what is published from now on, not the stream's history.
        await main.call('XGROUP', 'CREATE', key, subscribeOptions.group, '$', 'MKSTREAM');
      } catch (error) {
        if (!String((error as Error).message).includes('BUSYGROUP')) throw error;
      }
      const subscription = consumeGroup(key, subscribeOptions.group, consumer);
      subscriptions.add(subscription);
      return {
        async close() {
          subscriptions.delete(subscription);
          await subscription.close();
        },
      };
    },

    async close() {
      closing = true;
      live.clear();
      await Promise.all([...subscriptions].map((subscription) => subscription.close()));
      if (liveReader) {
        liveReader.connection.disconnect();
        await liveReader.loop;
      }
      await main.quit().catch(() => main.disconnect());
    },
  };
}
