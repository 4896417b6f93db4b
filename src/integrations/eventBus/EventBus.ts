import type { Logger } from 'pino';
import type { RetryPolicy } from '../../config/RetryPolicy.js';
import type { WorkContext } from '../../reliability/createWorkRunner.js';
import type { DomainEvent, EventInput, EventName } from './DomainEvent.js';

/** What resolvers, webhooks and polling use: publishing only. */
export interface EventPublisher {
  /**
   * Resolves once the bus has stored the event (a PostgreSQL commit, a Redis XADD, a RabbitMQ
   * publisher confirm); rejects otherwise, so the caller can fail its request and be retried.
   */
  publish<N extends EventName>(event: EventInput<N>): Promise<DomainEvent<N>>;
}

/** `attempt` is 1 for the first delivery to this consumer group, counting up with each redelivery (after a failure or a crash); 0 in a dead letter's replay. */
export type ConsumerContext = WorkContext;

/** Must be idempotent: delivery is at least once, and a dead letter's replay runs it again. */
export type EventHandler<N extends EventName> = (event: DomainEvent<N>, context: ConsumerContext) => Promise<void>;

export type SubscribeOptions =
  | {
      /**
       * Durable and shared: every instance subscribing with the same group shares the group's events,
       * each handled by one of them; events published while no consumer runs wait. Failures are
       * retried with backoff, then recorded as a dead letter of kind `bus:<event>:<group>`.
       */
      readonly mode?: 'group';
      /** Lower-case letters, digits and dashes, e.g. `crm-contact`. */
      readonly group: string;
      /** The letter's system in the dead-letter table (e.g. `crm`); default `bus`. */
      readonly system?: string;
      readonly retry?: Partial<RetryPolicy>;
    }
  | {
      /**
       * Every event published while this subscription is open, in this process only, at most once,
       * not retried: for pushing to connected clients, where a missed update is superseded by the next.
       */
      readonly mode: 'live';
    };

export interface BusSubscription {
  /** Stops taking new events and waits for the handlers running; durable groups keep their events. */
  close(): Promise<void>;
}

export interface EventBus extends EventPublisher {
  readonly adapter: 'postgres' | 'redis' | 'rabbitmq';
  subscribe<N extends EventName>(name: N, handler: EventHandler<N>, options: SubscribeOptions): Promise<BusSubscription>;
  /** Closes every subscription, then the connections. */
  close(): Promise<void>;
}

/** What every adapter is built with besides its own connection settings. */
export interface EventBusDeps {
  readonly logger: Logger;
  /** Names every stream, exchange, queue and channel, so several deployments or tests share a server. */
  readonly prefix: string;
  /** How a consumer group retries a failed event before it becomes a dead letter. */
  readonly retry: RetryPolicy;
  /** Events a consumer holds at once (RabbitMQ prefetch, Redis read count). */
  readonly prefetch: number;
}
