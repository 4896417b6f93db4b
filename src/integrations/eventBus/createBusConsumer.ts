import type { Logger } from 'pino';
import type { RetryPolicy } from '../../config/RetryPolicy.js';
import type { WorkUnit } from '../../reliability/createDeadLetterService.js';
import { createWorkRunner, type DeadLetterRecorder, type WorkRunner } from '../../reliability/createWorkRunner.js';
import { workId } from '../../reliability/workId.js';
import type { AnyDomainEvent, DomainEvent, EventName } from './DomainEvent.js';
import type { EventHandler, SubscribeOptions } from './EventBus.js';
import { retryOf } from './retryOf.js';

const GROUP = /^[a-z][a-z0-9-]{0,39}$/;

function assertGroupName(group: string): void {
  if (!GROUP.test(group)) throw new Error(`Consumer group "${group}": use 1-40 lower-case letters, digits and dashes, starting with a letter`);
}

/** The dead-letter kind of a consumer group's failures. */
export const busKind = (name: EventName, group: string) => `bus:${name}:${group}`;

/** A durable group's handling of events: the same runner as the queue's follow-ups, keyed by event id. */
export type BusConsumer = WorkRunner<AnyDomainEvent>;

/** What an adapter knows that every group consumer of it shares. */
export interface BusConsumerDefaults {
  readonly retry: RetryPolicy;
  readonly deadLetters: DeadLetterRecorder;
  readonly logger: Logger;
}

/**
 * A durable group subscription's consumer, built the same way by every adapter. One event's handling
 * by one group is the unit of work `workId(bus:<event>:<group>, event id)`: its attempts and dead
 * letter are tracked under that id whichever adapter delivered it, and a replay runs the handler again.
 */
export function groupConsumer<N extends EventName>(
  name: N,
  handler: EventHandler<N>,
  subscription: Extract<SubscribeOptions, { group: string }>,
  defaults: BusConsumerDefaults,
): BusConsumer {
  assertGroupName(subscription.group);
  const kind = busKind(name, subscription.group);
  const unitOf = (event: AnyDomainEvent): WorkUnit => ({ followUpId: workId(kind, event.id), kind, idempotencyKey: event.id, payload: event });
  defaults.deadLetters.registerHandler(kind, {
    system: subscription.system ?? 'bus',
    run: (context, payload) => handler(payload as DomainEvent<N>, { ...context, attempt: 0 }),
  });
  return createWorkRunner({
    kind,
    source: 'bus',
    policy: retryOf(defaults.retry, subscription.retry),
    unitOf,
    run: (event, context) => handler(event as DomainEvent<N>, context),
    deadLetters: defaults.deadLetters,
    logger: defaults.logger,
  });
}
