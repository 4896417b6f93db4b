import { GraphQLError } from 'graphql';
import type { Principal } from '../auth/Principal.js';
import type { GatewayContext } from './context.js';
import { ErrorCode } from './errors.js';

/** The admin principal of the request; UNAUTHENTICATED without a key, FORBIDDEN for another role. */
export function requireAdmin(context: GatewayContext): Extract<Principal, { kind: 'api_key' }> {
  const { principal } = context;
  if (principal.kind === 'anonymous') {
    throw new GraphQLError('This needs an API key with role ADMIN: send it as `Authorization: Bearer <key>` or `x-api-key`', {
      extensions: { code: ErrorCode.UNAUTHENTICATED },
    });
  }
  if (principal.role !== 'ADMIN') {
    throw new GraphQLError(`The API key "${principal.name}" has role ${principal.role}; this needs ADMIN`, {
      extensions: { code: ErrorCode.FORBIDDEN },
    });
  }
  return principal;
}
