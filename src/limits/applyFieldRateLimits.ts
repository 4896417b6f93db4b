import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { defaultFieldResolver, GraphQLError, isObjectType, type GraphQLSchema } from 'graphql';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { LimitsContext } from './LimitsContext.js';
import { ErrorCode } from '../errors/errorCatalogue.js';
import { retryAfterSeconds } from './limitErrors.js';
import { planFor, type FieldLimit, type Plans } from '../config/Plan.js';
import type { RateLimitObserver } from './RateLimitObserver.js';

export interface FieldRateLimitOptions {
  readonly plans: Plans;
  /** Shared counters when set; this process's memory otherwise. */
  readonly redis: Redis | undefined;
  readonly keyPrefix: string;
  readonly logger: Logger;
  readonly onRejected?: RateLimitObserver;
}

/**
 * Wraps the resolvers of every field a plan limits (`fields` in the plans file, e.g.
 * Mutation.placeOrder) so that a principal over its limit gets RATE_LIMITED on that field, with
 * `retryAfter`, while the rest of the response is answered. Counting is rate-limiter-flexible's:
 * an atomic Lua script per call in Redis, with an in-memory limiter standing in while Redis fails.
 * Not graphql-rate-limit: its last release (3.3.0, 2021) builds its directive on graphql-tools 7's
 * SchemaDirectiveVisitor, which @graphql-tools/schema 10 silently ignores, and its RedisStore reads
 * then writes a list of timestamps, so concurrent calls from two instances all get through.
 */
export function applyFieldRateLimits(schema: GraphQLSchema, options: FieldRateLimitOptions): GraphQLSchema {
  const limited = new Set(Object.values(options.plans).flatMap((plan) => Object.keys(plan.fields)));
  for (const coordinate of limited) {
    const [typeName = '', fieldName = ''] = coordinate.split('.');
    const type = schema.getType(typeName);
    if (!isObjectType(type) || !type.getFields()[fieldName]) {
      throw new Error(`The plans file limits ${coordinate}, which is not a field of the schema`);
    }
  }

  const limiters = new Map<string, RateLimiterAbstract>();
  const limiterFor = (planName: string, coordinate: string, limit: FieldLimit): RateLimiterAbstract => {
    const keyPrefix = `${options.keyPrefix}field:${planName}:${coordinate}`;
    let limiter = limiters.get(keyPrefix);
    if (!limiter) {
      const shape = { keyPrefix, points: limit.max, duration: limit.windowSeconds };
      limiter = options.redis
        ? new RateLimiterRedis({ ...shape, storeClient: options.redis, insuranceLimiter: new RateLimiterMemory(shape) })
        : new RateLimiterMemory(shape);
      limiters.set(keyPrefix, limiter);
    }
    return limiter;
  };

  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (fieldConfig, fieldName, typeName) => {
      const coordinate = `${typeName}.${fieldName}`;
      if (!limited.has(coordinate)) return fieldConfig;
      const resolve = fieldConfig.resolve ?? defaultFieldResolver;
      return {
        ...fieldConfig,
        async resolve(source, args, context: LimitsContext, info) {
          const plan = planFor(options.plans, context.principal);
          const limit = plan.fields[coordinate];
          if (limit) {
            try {
              await limiterFor(plan.name, coordinate, limit).consume(`${context.principal.kind}:${context.principal.id}`);
            } catch (rejection) {
              if (!(rejection instanceof RateLimiterRes)) {
                options.logger.error({ err: rejection, coordinate }, 'field rate limiter failed; letting the call through');
              } else {
                const retryAfter = retryAfterSeconds(rejection.msBeforeNext);
                options.onRejected?.({ plan: plan.name, limit: 'field' });
                throw new GraphQLError(
                  `${fieldName} may be called ${limit.max} times per ${limit.windowSeconds} s on the ${plan.name} plan; retry after ${retryAfter} s.`,
                  { extensions: { code: ErrorCode.RATE_LIMITED, retryable: true, retryAfter, field: coordinate } },
                );
              }
            }
          }
          return resolve(source, args, context, info);
        },
      };
    },
  });
}
