import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ANONYMOUS, type Principal } from '../auth/Principal.js';
import { errorBody } from '../errors/errorBody.js';
import type { ErrorCode } from '../errors/errorCatalogue.js';
import type { RequestPolicy } from './createRequestPolicy.js';

export interface RateLimitHookOptions {
  readonly policy: Pick<RequestPolicy, 'admitRequest'>;
  /** The GraphQL route; other routes are not limited here. */
  readonly path: string;
  /** The same authentication the GraphQL context runs, so the limit applies to the principal it will see. */
  readonly authenticate: (request: FastifyRequest) => Promise<Principal>;
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
    const admission = await options.policy.admitRequest(principal);
    void reply.headers(admission.headers);
    if (admission.allowed) return;
    const graphqlResponse = /application\/graphql-response\+json/.test(request.headers.accept ?? '');
    const { code, ...extensions } = admission.error.extensions;
    return reply
      .code(429)
      .header('retry-after', String(admission.retryAfter))
      .type(graphqlResponse ? 'application/graphql-response+json; charset=utf-8' : 'application/json; charset=utf-8')
      .send({
        ...errorBody({ code: code as ErrorCode, message: admission.error.message, extensions }, request.id),
        ...(admission.cost ? { extensions: { cost: admission.cost } } : {}),
      });
  });
}
