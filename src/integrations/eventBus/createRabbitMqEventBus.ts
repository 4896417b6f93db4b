import amqp, { type Channel, type ChannelModel, type ConfirmChannel, type ConsumeMessage } from 'amqplib';
import type { DeadLetterRecorder } from '../../reliability/createWorkRunner.js';
import { groupConsumer, type BusConsumer } from './createBusConsumer.js';
import { createInFlight } from './createInFlight.js';
import { createLiveFanOut } from './createLiveFanOut.js';
import { parseDomainEvent, toDomainEvent, type EventName } from './DomainEvent.js';
import type { BusSubscription, EventBus, EventBusDeps } from './EventBus.js';

export interface RabbitMqEventBusOptions extends EventBusDeps {
  readonly url: string;
  readonly deadLetters: DeadLetterRecorder;
}

/** The names a consumer group's messages pass through, for operators and tests. */
export function rabbitMqTopology(prefix: string, name?: EventName, group?: string) {
  const queue = name && group ? `${prefix}.${name}.${group}` : undefined;
  return { exchange: `${prefix}.events`, deadLetterExchange: `${prefix}.events.dlx`, queue, deadQueue: queue && `${queue}.dead` };
}

/** Something that (re)attaches to each new connection: a consumer group, or the live feed. */
interface Attachment {
  attach(model: ChannelModel): Promise<void>;
  detach(): Promise<void>;
}

const redact = (url: string) => url.replace(/\/\/[^@/]*@/, '//***@');

/**
 * RabbitMQ: a durable topic exchange routed by event name; a consumer group is a durable quorum
 * queue bound to it, which every instance consumes (competing consumers) with manual acks. Publishes
 * go through a confirm channel, so a publish resolves only once the broker has the message. A failed
 * message is held for its backoff, then nacked back onto the queue: the quorum queue counts the
 * redelivery (`x-delivery-count`, also after a consumer crash), which is the attempt number. After
 * the last attempt it is rejected to the group's dead-letter exchange (at-least-once dead-lettering)
 * and, from its `.dead` queue, recorded in our dead-letter table.
 */
export async function createRabbitMqEventBus(options: RabbitMqEventBusOptions): Promise<EventBus> {
  const log = options.logger.child({ component: 'event-bus', adapter: 'rabbitmq' });
  const topology = rabbitMqTopology(options.prefix);
  const attachments = new Set<Attachment>();
  const live = createLiveFanOut(log);
  let connection: { model: ChannelModel; publisher: ConfirmChannel } | undefined;
  let closing = false;
  let reconnectDelayMs = 1_000;

  const onChannelError = (what: string) => (error: Error) => log.warn({ err: { message: error.message } }, `${what} channel error`);

  async function connect(): Promise<void> {
    const model = await amqp.connect(options.url);
    model.on('error', (error: Error) => log.warn({ err: { message: error.message } }, 'rabbitmq connection error'));
    model.on('close', () => {
      connection = undefined;
      if (closing) return;
      log.warn({ retryInMs: reconnectDelayMs }, 'rabbitmq connection closed; reconnecting');
      setTimeout(() => void reconnect(), reconnectDelayMs).unref();
    });
    const publisher = await model.createConfirmChannel();
    publisher.on('error', onChannelError('publisher'));
    await publisher.assertExchange(topology.exchange, 'topic', { durable: true });
    await publisher.assertExchange(topology.deadLetterExchange, 'direct', { durable: true });
    connection = { model, publisher };
    for (const attachment of attachments) await attachment.attach(model);
    reconnectDelayMs = 1_000;
  }

  async function reconnect(): Promise<void> {
    if (closing || connection) return;
    try {
      await connect();
      log.info('rabbitmq reconnected');
    } catch (error) {
      reconnectDelayMs = Math.min(reconnectDelayMs * 2, 30_000);
      log.warn({ err: { message: (error as Error).message }, retryInMs: reconnectDelayMs }, 'rabbitmq reconnect failed');
      setTimeout(() => void reconnect(), reconnectDelayMs).unref();
    }
  }

  async function register(attachment: Attachment): Promise<BusSubscription> {
    attachments.add(attachment);
    if (connection) await attachment.attach(connection.model);
    return {
      async close() {
        attachments.delete(attachment);
        await attachment.detach();
      },
    };
  }

  function groupAttachment(name: EventName, group: string, consumer: BusConsumer): Attachment {
    const { queue, deadQueue } = rabbitMqTopology(options.prefix, name, group) as { queue: string; deadQueue: string };
    const inFlight = createInFlight();
    const timers = new Set<NodeJS.Timeout>();
    let channel: Channel | undefined;

    async function onMessage(current: Channel, message: ConsumeMessage): Promise<void> {
      const event = parseDomainEvent(message.content.toString('utf8'));
      if (!event) {
        log.error({ queue, messageId: message.properties.messageId }, 'malformed message dropped');
        current.ack(message);
        return;
      }
      const attempt = Number(message.properties.headers?.['x-delivery-count'] ?? 0) + 1;
      // Past the last attempt without an outcome (its consumers crashed): dead-lettered unrun.
      if (consumer.beyondLastAttempt(attempt)) {
        current.nack(message, false, false);
        return;
      }
      const outcome = await consumer.attempt(event, attempt);
      if (outcome.ok) {
        current.ack(message);
        return;
      }
      if (outcome.retryInMs === 0) {
        current.nack(message, false, false);
        return;
      }
      const timer = setTimeout(() => {
        timers.delete(timer);
        // On a channel closed meanwhile the broker has already returned the message to the queue.
        if (channel === current) current.nack(message, false, true);
      }, outcome.retryInMs);
      timers.add(timer);
    }

    async function onDead(current: Channel, message: ConsumeMessage): Promise<void> {
      const event = parseDomainEvent(message.content.toString('utf8'));
      try {
        if (event) await consumer.deadLetter(event, null);
        else log.error({ queue: deadQueue }, 'malformed dead message dropped');
        current.ack(message);
      } catch (error) {
        log.error({ err: error, queue: deadQueue }, 'could not record a dead letter; it stays in RabbitMQ and is retried');
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (channel === current) current.nack(message, false, true);
        }, 5_000);
        timers.add(timer);
      }
    }

    return {
      async attach(model) {
        const current = await model.createChannel();
        current.on('error', onChannelError(queue));
        await current.prefetch(options.prefetch);
        await current.assertExchange(topology.exchange, 'topic', { durable: true });
        await current.assertExchange(topology.deadLetterExchange, 'direct', { durable: true });
        await current.assertQueue(queue, {
          durable: true,
          arguments: {
            'x-queue-type': 'quorum',
            'x-dead-letter-exchange': topology.deadLetterExchange,
            'x-dead-letter-routing-key': queue,
            // The broker keeps a rejected message until the dead queue has confirmed it.
            'x-dead-letter-strategy': 'at-least-once',
            'x-overflow': 'reject-publish',
          },
        });
        await current.assertQueue(deadQueue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
        await current.bindQueue(queue, topology.exchange, name);
        await current.bindQueue(deadQueue, topology.deadLetterExchange, queue);
        channel = current;
        const track = (handle: (channel: Channel, message: ConsumeMessage) => Promise<void>) => (message: ConsumeMessage | null) => {
          if (!message) return log.warn({ queue }, 'the broker cancelled the consumer');
          void inFlight.track(() => handle(current, message)).catch((error: unknown) => log.error({ err: error, queue }, 'message handling failed'));
        };
        await current.consume(queue, track(onMessage), { noAck: false });
        await current.consume(deadQueue, track(onDead), { noAck: false });
      },
      async detach() {
        const current = channel;
        channel = undefined;
        for (const timer of timers) clearTimeout(timer);
        await inFlight.settled();
        // Unacked messages (held for a backoff) go back to the queue when the channel closes.
        await current?.close().catch(() => undefined);
      },
    };
  }

  function liveAttachment(): Attachment & { bind(name: EventName): Promise<void> } {
    let channel: Channel | undefined;
    let queue: string | undefined;
    return {
      async attach(model) {
        const current = await model.createChannel();
        current.on('error', onChannelError('live'));
        await current.assertExchange(topology.exchange, 'topic', { durable: true });
        // Server-named, exclusive, auto-deleted: it lives exactly as long as this connection.
        const declared = await current.assertQueue('', { exclusive: true, autoDelete: true, durable: false });
        // Set before binding, so a live subscription added meanwhile binds itself (binding twice is harmless).
        channel = current;
        queue = declared.queue;
        for (const name of live.names()) await current.bindQueue(declared.queue, topology.exchange, name);
        await current.consume(
          declared.queue,
          (message) => {
            const event = message && parseDomainEvent(message.content.toString('utf8'));
            if (event) live.dispatch(event);
          },
          { noAck: true },
        );
      },
      async bind(name) {
        if (channel && queue) await channel.bindQueue(queue, topology.exchange, name);
      },
      async detach() {
        await channel?.close().catch(() => undefined);
        channel = undefined;
      },
    };
  }

  try {
    await connect();
  } catch (error) {
    throw new Error(`Event bus: cannot connect to RabbitMQ at ${redact(options.url)} (${(error as Error).message})`, { cause: error });
  }
  let liveFeed: ReturnType<typeof liveAttachment> | undefined;

  return {
    adapter: 'rabbitmq',

    async publish(input) {
      const event = toDomainEvent(input);
      if (!connection) throw new Error('Event bus: RabbitMQ is not connected; the event was not published');
      const { publisher } = connection;
      await new Promise<void>((resolve, reject) => {
        publisher.publish(
          topology.exchange,
          event.name,
          Buffer.from(JSON.stringify(event)),
          { persistent: true, messageId: event.id, type: event.name, contentType: 'application/json', timestamp: Math.floor(Date.now() / 1000) },
          (error: unknown) => (error ? reject(error instanceof Error ? error : new Error('RabbitMQ did not confirm the event')) : resolve()),
        );
      });
      return event;
    },

    async subscribe(name, handler, subscribeOptions) {
      if (subscribeOptions.mode === 'live') {
        const subscription = live.add(name, handler);
        if (!liveFeed) {
          liveFeed = liveAttachment();
          await register(liveFeed);
        } else {
          await liveFeed.bind(name);
        }
        return subscription;
      }
      const consumer = groupConsumer(name, handler, subscribeOptions, options);
      return register(groupAttachment(name, subscribeOptions.group, consumer));
    },

    async close() {
      closing = true;
      live.clear();
      await Promise.all([...attachments].map((attachment) => attachment.detach()));
      attachments.clear();
      await connection?.model.close().catch(() => undefined);
      connection = undefined;
    },
  };
}
