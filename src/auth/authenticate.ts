import { GraphQLError } from 'graphql';
import type { IncomingHttpHeaders } from 'node:http';
import type { ApiKeyService } from './createApiKeyService.js';
import { ANONYMOUS, type Principal } from './Principal.js';

/** The secret a request presents: `Authorization: Bearer <key>` or `x-api-key: <key>`. */
function presentedSecret(headers: IncomingHttpHeaders): string | undefined {
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey !== '') return apiKey;
  const authorization = headers.authorization;
  if (!authorization) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return match?.[1] ?? authorization;
}

/**
 * The request's principal. No credentials: anonymous. Credentials that are wrong, revoked or
 * expired: UNAUTHENTICATED (HTTP 401) for the whole request, never a silent downgrade to anonymous.
 */
export async function authenticate(headers: IncomingHttpHeaders, apiKeys: ApiKeyService): Promise<Principal> {
  const secret = presentedSecret(headers);
  if (secret === undefined) return ANONYMOUS;
  const principal = await apiKeys.authenticate(secret);
  if (principal) return principal;
  throw new GraphQLError('The API key is unknown, revoked or expired', {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
  });
}
