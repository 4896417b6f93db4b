import type { ApolloServerPlugin } from '@apollo/server';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Principal } from '../auth/Principal.js';
import type { Config } from '../config/index.js';
import { throttledLog } from '../observability/throttledLog.js';
import type { LimitsContext } from './LimitsContext.js';
import { applyFieldRateLimits } from './applyFieldRateLimits.js';
import { createMemoryLimiterStore } from './createMemoryLimiterStore.js';
import { createRequestPolicy, type RequestPolicy } from './createRequestPolicy.js';
import { createRedisLimiterStore } from './createRedisLimiterStore.js';
import type { LimiterStore } from './LimiterStore.js';
import { createMemoryWindowLog } from './createMemoryWindowLog.js';
import { createRedisWindowLog } from './createRedisWindowLog.js';
import type { WindowLog } from './WindowLog.js';
import type { RateLimitObserver } from './RateLimitObserver.js';
import { queryCostPlugin } from './queryCostPlugin.js';
import { queryLimitsPlugin } from './queryLimitsPlugin.js';
import { registerRateLimitHook } from './registerRateLimitHook.js';
import { schemaPrivacyPlugin } from './schemaPrivacyPlugin.js';

/** Everything app.ts wires in to enforce plans: an HTTP hook, a schema transform, Apollo plugins and options. */
export interface Limits {
  readonly store: LimiterStore;
  /** Exact counts per window (upstream budgets), in the same place as the buckets. */
  readonly windowLog: WindowLog;
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
  /** Limits requests to `path` per principal; closes the store when the server closes. */
  registerHttpHook(server: FastifyInstance, options: { path?: string; authenticate: (request: FastifyRequest) => Promise<Principal> }): void;
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

/** A log that cannot reach its store admits rather than stopping every call. */
function windowLogFailingOpen(log: WindowLog, logger: Logger): WindowLog {
  const report = throttledLog(logger, 'upstream budget store unavailable: calls are not held to their budgets until it answers again');
  return {
    kind: log.kind,
    async admit(key, limit, windowMs) {
      try {
        return await log.admit(key, limit, windowMs);
      } catch (error) {
        report(error);
        return { allowed: true, used: 0, retryAfterMs: 0 };
      }
    },
  };
}

export interface LimitsOptions {
  /** Told of every refusal for a plan's limit (metrics). */
  readonly onRejected?: RateLimitObserver;
  /** The connection to REDIS_URL, when set; its owner closes it. */
  readonly redis?: Redis;
}

export async function createLimits(
  config: Pick<Config, 'environment' | 'limits' | 'trustedDocuments'>,
  logger: Logger,
  options: LimitsOptions = {},
): Promise<Limits> {
  const { limits } = config;
  const { redis } = options;
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
    windowLog: windowLogFailingOpen(redis ? createRedisWindowLog(redis) : createMemoryWindowLog(), logger),
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
      server.addHook('onClose', () => store.close());
    },
  };
}
