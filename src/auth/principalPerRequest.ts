import type { FastifyRequest } from 'fastify';
import type { Principal } from './Principal.js';

/**
 * Authenticates each HTTP request once: the rate-limit hook needs the principal before GraphQL
 * runs and the GraphQL context needs it again, and each lookup may cost a database query.
 */
export function principalPerRequest(
  authenticateRequest: (request: FastifyRequest) => Promise<Principal>,
): (request: FastifyRequest) => Promise<Principal> {
  const principals = new WeakMap<FastifyRequest, Promise<Principal>>();
  return (request) => {
    let principal = principals.get(request);
    if (!principal) {
      principal = authenticateRequest(request);
      principals.set(request, principal);
    }
    return principal;
  };
}
