import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ANONYMOUS, type Principal } from '../auth/Principal.js';
import { errorBody } from '../errors/errorBody.js';
import { ErrorCode } from '../errors/errorCatalogue.js';
import type { BucketSpec, BucketState, LimiterStore } from './LimiterStore.js';
import { retryAfterSeconds } from './limitErrors.js';
import { planBuckets } from './planBuckets.js';
import { planFor, type Plans } from './Plan.js';
import { queryCost } from './QueryCost.js';
import { rateLimitHeaders } from './rateLimitHeaders.js';
import type { RateLimitObserver } from './RateLimitObserver.js';

/**
 * When the next unit comes back: the bucket is full `resetMs` from now and refills one unit per
 * interval, so the next unit is due that long minus the intervals of the units still missing after it.
 */
function secondsUntilNextUnit(spec: BucketSpec, state: BucketState): number | undefined {
  if (state.resetMs <= 0 || state.remaining >= spec.capacity) return undefined;
  const missingAfterNext = spec.capacity - state.remaining - 1;
  const nextMs = Math.min(spec.intervalMs, Math.max(0, state.resetMs - missingAfterNext * spec.intervalMs));
  return Math.max(1, Math.ceil(nextMs / 1000));
}

export interface RateLimitHookOptions {
  readonly store: LimiterStore;
  readonly plans: Plans;
  readonly keyPrefix: string;
  /** The GraphQL route; other routes are not limited here. */
  readonly path: string;
  /** The same authentication the GraphQL context runs, so the limit applies to the principal it will see. */
  readonly authenticate: (request: FastifyRequest) => Promise<Principal>;
  readonly onRejected?: RateLimitObserver;
}

/**
 * Requests per minute, hour and day per principal, counted before the body is read or GraphQL
 * runs. Every GraphQL response carries RateLimit-Policy and RateLimit; one over a limit is answered
 * 429 with Retry-After and RATE_LIMITED without running anything.
 */
export function registerRateLimitHook(server: FastifyInstance, options: RateLimitHookOptions): void {
  server.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.url !== options.path || (request.method !== 'GET' && request.method !== 'POST')) return;
    let principal: Principal;
    try {
      principal = await options.authenticate(request);
    } catch {
      // GraphQL answers the bad credentials (401); the attempt still counts, as an anonymous one.
      principal = ANONYMOUS;
    }
    const plan = planFor(options.plans, principal);
    const buckets = planBuckets(options.keyPrefix, principal, plan);
    const { allowed, buckets: states } = await options.store.take([...buckets.requests, buckets.cost(0)]);
    const windows = buckets.windows.map((window, i) => ({
      window,
      state: states[i] ?? { remaining: window.quota, resetMs: 0, retryAfterMs: 0 },
    }));
    void reply.headers(
      rateLimitHeaders(
        windows.map(({ window, state }, i) => ({
          name: window.name,
          quota: window.quota,
          windowSeconds: window.seconds,
          remaining: state.remaining,
          nextSeconds: secondsUntilNextUnit(buckets.requests[i]!, state),
        })),
      ),
    );
    if (allowed) return;
    options.onRejected?.({ plan: plan.name, limit: 'requests' });

    const binding = windows.reduce((worst, candidate) => (candidate.state.retryAfterMs > worst.state.retryAfterMs ? candidate : worst));
    const retryAfter = retryAfterSeconds(binding.state.retryAfterMs);
    const costState = states[windows.length];
    const graphqlResponse = /application\/graphql-response\+json/.test(request.headers.accept ?? '');
    return reply
      .code(429)
      .header('retry-after', String(retryAfter))
      .type(graphqlResponse ? 'application/graphql-response+json; charset=utf-8' : 'application/json; charset=utf-8')
      .send({
        ...errorBody(
          {
            code: ErrorCode.RATE_LIMITED,
            message:
              `Rate limit reached: the ${plan.name} plan allows ${binding.window.quota} requests per ${binding.window.name}. ` +
              `Retry after ${retryAfter} s.`,
            extensions: { retryable: true, retryAfter, policy: binding.window.name },
          },
          request.id,
        ),
        ...(costState ? { extensions: { cost: queryCost(plan, 0, 0, costState) } } : {}),
      });
  });
}
