import type { Logger } from 'pino';
import type { DeadLetterRecorder } from '../../reliability/createWorkRunner.js';
import { createPostgresEventBus } from './createPostgresEventBus.js';
import { createRabbitMqEventBus } from './createRabbitMqEventBus.js';
import { createRedisEventBus } from './createRedisEventBus.js';
import type { EventBusConfig } from '../../config/eventBusConfig.js';
import type { EventBus } from './EventBus.js';

export interface CreateEventBusOptions {
  readonly config: EventBusConfig;
  readonly logger: Logger;
  readonly deadLetters: DeadLetterRecorder;
  /** The gateway database and the job queue's pg-boss schema, for the postgres adapter. */
  readonly postgres: { readonly connectionString: string; readonly schema: string; readonly pollingSeconds: number };
}

/** The adapter EVENT_BUS names; the rest of the gateway sees only the EventBus interface. */
export function createEventBus(options: CreateEventBusOptions): Promise<EventBus> {
  const { config, logger, deadLetters } = options;
  const deps = { logger, deadLetters, prefix: config.prefix, retry: config.retry, prefetch: config.prefetch };
  switch (config.adapter) {
    case 'postgres':
      return createPostgresEventBus({ ...deps, ...options.postgres, claimIdleMs: config.claimIdleMs });
    case 'redis':
      return createRedisEventBus({ ...deps, url: config.redisUrl!, claimIdleMs: config.claimIdleMs, maxLen: config.redisMaxLen });
    case 'rabbitmq':
      return createRabbitMqEventBus({ ...deps, url: config.rabbitMqUrl! });
  }
}
