import type { ApolloServerPlugin } from '@apollo/server';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Principal } from '../auth/Principal.js';
import type { Config } from '../config/index.js';
import type { LimitsContext } from './LimitsContext.js';
import { applyFieldRateLimits } from './applyFieldRateLimits.js';
import { createMemoryLimiterStore } from './createMemoryLimiterStore.js';
import { createRequestPolicy, type RequestPolicy } from './createRequestPolicy.js';
import { createRedisLimiterStore } from './createRedisLimiterStore.js';
import type { LimiterStore } from './LimiterStore.js';
import type { RateLimitObserver } from './RateLimitObserver.js';
import { queryCostPlugin } from './queryCostPlugin.js';
import { queryLimitsPlugin } from './queryLimitsPlugin.js';
import { registerRateLimitHook } from './registerRateLimitHook.js';
import { schemaPrivacyPlugin } from './schemaPrivacyPlugin.js';

/** Everything app.ts wires in to enforce plans: an HTTP hook, a schema transform, Apollo plugins and options. */
export interface Limits {
  readonly store: LimiterStore;
  /** The checks every GraphQL request passes; the HTTP hook and plugins below run them, and so do subscriptions. */
  readonly policy: RequestPolicy;
  /**
   * For the ApolloServer constructor: graphql-js stops parsing at the token limit, and introspection
   * stays on in Apollo because schemaPrivacyPlugin decides it per principal.
   */
  readonly apolloOptions: { readonly introspection: true; readonly parseOptions: { readonly maxTokens: number } };
  /** Before the idempotency plugin, so a throttled mutation never claims its key. */
  readonly apolloPlugins: ApolloServerPlugin<LimitsContext>[];
  applyFieldLimits(schema: GraphQLSchema): GraphQLSchema;
  /** Limits requests to `path` per principal; closes the Redis connection when the server closes. */
  registerHttpHook(server: FastifyInstance, options: { path?: string; authenticate: (request: FastifyRequest) => Promise<Principal> }): void;
}

/** Errors from the store are logged at most this often: when Redis is down every request would log one. */
const LOG_INTERVAL_MS = 10_000;

function throttledLog(logger: Logger, message: string): (error: unknown) => void {
  let last = 0;
  return (error) => {
    if (Date.now() - last < LOG_INTERVAL_MS) return;
    last = Date.now();
    logger.error({ err: error }, message);
  };
}

/** A limiter that cannot reach its store lets requests through rather than failing them all. */
function failingOpen(store: LimiterStore, logger: Logger): LimiterStore {
  const log = throttledLog(logger, 'rate-limit store unavailable: requests are not limited until it answers again');
  return {
    kind: store.kind,
    async take(specs) {
      try {
        return await store.take(specs);
      } catch (error) {
        log(error);
        return { allowed: true, buckets: specs.map((spec) => ({ remaining: spec.capacity, resetMs: 0, retryAfterMs: 0 })) };
      }
    },
    close: () => store.close(),
  };
}

const withoutPassword = (url: string): string => url.replace(/\/\/([^@/]*)@/, '//***@');

async function connectRedis(url: string, logger: Logger): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    // Fail fast while disconnected (the limiter then lets requests through) instead of queueing them.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 1000,
  });
  const log = throttledLog(logger, 'Redis for rate limits failed');
  let lastError: unknown;
  redis.on('error', (error) => {
    lastError = error;
    log(error);
  });
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    // connect() rejects with "Connection is closed."; the socket's own error says why.
    const reason = ((lastError ?? error) as Error).message;
    throw new Error(`REDIS_URL ${withoutPassword(url)}: cannot connect (${reason})`, { cause: lastError ?? error });
  }
  return redis;
}

export interface LimitsOptions {
  /** Told of every refusal for a plan's limit (metrics). */
  readonly onRejected?: RateLimitObserver;
}

export async function createLimits(
  config: Pick<Config, 'environment' | 'limits' | 'trustedDocuments'>,
  logger: Logger,
  options: LimitsOptions = {},
): Promise<Limits> {
  const { limits } = config;
  const redis = limits.redisUrl ? await connectRedis(limits.redisUrl, logger) : undefined;
  const store = failingOpen(redis ? createRedisLimiterStore(redis) : createMemoryLimiterStore(), logger);
  const policy = createRequestPolicy({
    store,
    plans: limits.plans,
    keyPrefix: limits.keyPrefix,
    query: limits.query,
    trustedDocuments: config.trustedDocuments,
    onRejected: options.onRejected,
  });

  return {
    store,
    policy,
    apolloOptions: { introspection: true, parseOptions: policy.parseOptions },
    apolloPlugins: [
      schemaPrivacyPlugin({ hideSchema: config.environment === 'production' }),
      queryLimitsPlugin(policy),
      queryCostPlugin({ policy, plans: limits.plans }),
    ],
    applyFieldLimits: (schema) => applyFieldRateLimits(schema, { plans: limits.plans, redis, keyPrefix: limits.keyPrefix, logger, onRejected: options.onRejected }),
    registerHttpHook(server, { path = '/graphql', authenticate }) {
      registerRateLimitHook(server, { policy, path, authenticate });
      server.addHook('onClose', async () => {
        await store.close();
        await redis?.quit();
      });
    },
  };
}
