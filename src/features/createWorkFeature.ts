import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import type { Connectors } from '../connectors/createConnectors.js';
import { createDeadLetterService, type DeadLetterService } from '../reliability/createDeadLetterService.js';
import { createFollowUpRegistry, type FollowUpRegistry } from '../reliability/createFollowUpRegistry.js';
import { createIdempotencyStore, type IdempotencyStore } from '../reliability/createIdempotencyStore.js';
import { createJobQueue, type JobQueue } from '../reliability/createJobQueue.js';
import type { Store } from '../store/createStore.js';
import type { Feature } from './Feature.js';

export interface WorkFeature extends Feature {
  readonly followUps: FollowUpRegistry;
  readonly deadLetters: DeadLetterService;
  readonly queue: JobQueue;
  readonly idempotency: IdempotencyStore;
}

/** Durable work: the queue and its follow-ups, dead letters, and the idempotency records (purged by the retention job). */
export async function createWorkFeature(deps: { config: Config; store: Store; connectors: Connectors; logger: Logger }): Promise<WorkFeature> {
  const { config, store, logger } = deps;
  const followUps = createFollowUpRegistry(deps.connectors);
  const deadLetters = createDeadLetterService(store.prisma, followUps, logger);
  const queue = await createJobQueue({ connectionString: store.databaseUrl, pool: store.pool, config, connectors: followUps, deadLetters, logger });
  const idempotency = createIdempotencyStore(store.prisma, config.idempotency);
  return { followUps, deadLetters, queue, idempotency, close: () => queue.stop() };
}
