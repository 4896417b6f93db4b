import { z } from 'zod';
import type { ConfigSection } from './ConfigSection.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './RetryPolicy.js';

export type EventBusAdapter = 'postgres' | 'redis' | 'rabbitmq';

export interface EventBusConfig {
  readonly adapter: EventBusAdapter;
  /** REDIS_URL (shared with the rate limits); set whenever the adapter is redis. */
  readonly redisUrl: string | undefined;
  /** Set whenever the adapter is rabbitmq. */
  readonly rabbitMqUrl: string | undefined;
  readonly prefix: string;
  readonly retry: RetryPolicy;
  /** A delivery unfinished after this long is taken from its consumer, presumed dead, and retried. */
  readonly claimIdleMs: number;
  readonly prefetch: number;
  readonly redisMaxLen: number;
}

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const adapters = z.enum(['postgres', 'redis', 'rabbitmq']);
const requiredFor = (adapter: EventBusAdapter, wanted: EventBusAdapter) =>
  z
    .string()
    .optional()
    .refine((value) => adapter !== wanted || value !== undefined, `must be set when EVENT_BUS=${wanted}`);

export const eventBusConfigSection: ConfigSection<EventBusConfig> = {
  variables: [
    { name: 'EVENT_BUS', default: 'postgres', meaning: 'Event bus: postgres (pg-boss in the gateway database, no extra server) | redis (Redis Streams at REDIS_URL) | rabbitmq (RABBITMQ_URL)' },
    { name: 'RABBITMQ_URL', default: '', meaning: 'RabbitMQ of the event bus when EVENT_BUS=rabbitmq, e.g. amqp://user:password@host:5672/vhost' },
    { name: 'EVENT_BUS_PREFIX', default: 'switchyard', meaning: 'Prefix of the bus\'s streams, exchanges, queues and channel, so deployments can share a server' },
    { name: 'EVENT_BUS_RETRY_LIMIT', default: '5', meaning: 'Retries of a failed event consumer before the event becomes a dead letter' },
    { name: 'EVENT_BUS_RETRY_DELAY_MS', default: '1000', meaning: 'First retry delay of a failed consumer; doubles each retry, with jitter (postgres: whole seconds)' },
    { name: 'EVENT_BUS_RETRY_MAX_DELAY_MS', default: '300000', meaning: 'Longest delay between two retries of a consumer' },
    { name: 'EVENT_BUS_CLAIM_IDLE_MS', default: '300000', meaning: 'An event a consumer has not finished after this long (it died) goes to another (Redis XAUTOCLAIM, pg-boss expiry)' },
    { name: 'EVENT_BUS_PREFETCH', default: '10', meaning: 'Events one consumer holds at once (RabbitMQ prefetch, Redis read count)' },
    { name: 'EVENT_BUS_REDIS_MAXLEN', default: '100000', meaning: 'Each Redis stream is trimmed to about this many events' },
  ],
  read(read) {
    const adapter = read('EVENT_BUS', adapters);
    // A consumer's upstream asking for a longer pause (Retry-After) than the longest delay is not waited for: the event is dead-lettered.
    const maxDelayMs = read('EVENT_BUS_RETRY_MAX_DELAY_MS', integer(1, 86_400_000));
    return {
      adapter,
      // REDIS_URL is documented and validated as a URL by the rate limits' section; here only its presence matters.
      redisUrl: read('REDIS_URL', requiredFor(adapter, 'redis')),
      rabbitMqUrl: read('RABBITMQ_URL', requiredFor(adapter, 'rabbitmq').pipe(z.url({ protocol: /^amqps?$/ }).optional())),
      prefix: read('EVENT_BUS_PREFIX', z.string().regex(/^[a-z][a-z0-9_]{0,29}$/, '1-30 lower-case letters, digits and underscores, starting with a letter')),
      retry: { limit: read('EVENT_BUS_RETRY_LIMIT', integer(0, 100)), baseDelayMs: read('EVENT_BUS_RETRY_DELAY_MS', integer(1, 3_600_000)), maxDelayMs, maxRetryAfterMs: maxDelayMs, jitter: DEFAULT_RETRY_POLICY.jitter },
      claimIdleMs: read('EVENT_BUS_CLAIM_IDLE_MS', integer(100, 86_400_000)),
      prefetch: read('EVENT_BUS_PREFETCH', integer(1, 1000)),
      redisMaxLen: read('EVENT_BUS_REDIS_MAXLEN', integer(1000, 1_000_000_000)),
    };
  },
};
