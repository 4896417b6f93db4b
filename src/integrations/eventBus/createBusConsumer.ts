import type { Logger } from 'pino';
import type { DeadLetterService, JobEnvelope } from '../../reliability/createDeadLetterService.js';
import { jobIdFromKey } from '../../reliability/jobIdFromKey.js';
import type { AnyDomainEvent, DomainEvent, EventName } from './DomainEvent.js';
import type { EventHandler, RetrySettings, SubscribeOptions } from './EventBus.js';
import { retryOf } from './retryOf.js';

/** The part of the dead-letter service a consumer group needs. */
export type DeadLetterRecorder = Pick<DeadLetterService, 'recordAttempt' | 'recordDeadJob' | 'registerHandler'>;

const GROUP = /^[a-z][a-z0-9-]{0,39}$/;

function assertGroupName(group: string): void {
  if (!GROUP.test(group)) throw new Error(`Consumer group "${group}": use 1-40 lower-case letters, digits and dashes, starting with a letter`);
}

/** The dead-letter kind of a consumer group's failures. */
export const busKind = (name: EventName, group: string) => `bus:${name}:${group}`;

/**
 * The id under which one event's handling by one group is tracked: its attempts, its dead letter.
 * Stable across redeliveries, replays and adapters, so a publisher can name it as a follow-up id.
 */
export const busFollowUpId = (name: EventName, group: string, eventId: string) => jobIdFromKey(`${busKind(name, group)}:${eventId}`);

export interface BusConsumer {
  readonly kind: string;
  /** The group's retry settings: the bus-wide ones with the subscriber's overrides. */
  readonly retry: RetrySettings;
  /** Runs the handler once; false when it threw (the failure is recorded as an attempt). */
  attempt(event: AnyDomainEvent, attempt: number): Promise<boolean>;
  /** Whether a failed attempt has retries left. */
  mayRetry(attempt: number): boolean;
  /** A delivery past the last attempt: the earlier ones ended without an outcome (their consumers died). */
  beyondLastAttempt(attempt: number): boolean;
  /** Delay before the retry that follows a failed `attempt`. */
  backoffMs(attempt: number): number;
  /** After the last attempt (or a delivery no consumer finished): the event becomes a dead letter in our table. */
  deadLetter(event: AnyDomainEvent, reason: string | null): Promise<void>;
}

export interface BusConsumerOptions<N extends EventName> {
  readonly name: N;
  readonly group: string;
  readonly system: string;
  readonly handler: EventHandler<N>;
  readonly retry: RetrySettings;
  readonly deadLetters: DeadLetterRecorder;
  readonly logger: Logger;
}

/**
 * What every adapter does the same around a durable group's handler: attempts and dead letters
 * in our tables, backoff, and replay by kind through the dead-letter service.
 */
function createBusConsumer<N extends EventName>(options: BusConsumerOptions<N>): BusConsumer {
  const { name, group, handler, retry, deadLetters } = options;
  const kind = busKind(name, group);
  const log = options.logger.child({ component: 'event-bus', kind });
  const envelopeOf = (event: AnyDomainEvent): JobEnvelope => ({
    followUpId: busFollowUpId(name, group, event.id),
    kind,
    idempotencyKey: event.id,
    payload: event,
  });
  const run = (event: AnyDomainEvent, attempt: number, requestId: string, eventLog: Logger) =>
    handler(event as DomainEvent<N>, { requestId, log: eventLog, attempt });

  deadLetters.registerHandler(kind, {
    system: options.system,
    run: (context, payload) => run(payload as AnyDomainEvent, 0, context.requestId, context.log),
  });

  return {
    kind,
    retry,
    async attempt(event, attempt) {
      const eventLog = log.child({ eventId: event.id, attempt });
      try {
        await run(event, attempt, `bus:${event.id}`, eventLog);
        eventLog.debug('event handled');
        return true;
      } catch (error) {
        eventLog.warn({ err: { message: (error as Error).message } }, 'event handler failed');
        await deadLetters
          .recordAttempt(envelopeOf(event), 'bus', error)
          .catch((recordError: unknown) => eventLog.error({ err: recordError }, 'could not record the failed attempt'));
        return false;
      }
    },
    mayRetry: (attempt) => attempt <= retry.limit,
    beyondLastAttempt: (attempt) => attempt > retry.limit + 1,
    backoffMs: (attempt) => Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** Math.max(0, attempt - 1)),
    async deadLetter(event, reason) {
      await deadLetters.recordDeadJob(envelopeOf(event), reason === null ? null : { message: reason });
    },
  };
}

/** What an adapter knows that every group consumer of it shares. */
export interface BusConsumerDefaults {
  readonly retry: RetrySettings;
  readonly deadLetters: DeadLetterRecorder;
  readonly logger: Logger;
}

/** A durable group subscription's consumer, built the same way by every adapter. */
export function groupConsumer<N extends EventName>(
  name: N,
  handler: EventHandler<N>,
  subscription: Extract<SubscribeOptions, { group: string }>,
  defaults: BusConsumerDefaults,
): BusConsumer {
  assertGroupName(subscription.group);
  return createBusConsumer({
    name,
    group: subscription.group,
    system: subscription.system ?? 'bus',
    handler,
    retry: retryOf(defaults.retry, subscription.retry),
    deadLetters: defaults.deadLetters,
    logger: defaults.logger,
  });
}
