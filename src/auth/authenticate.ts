import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import { ErrorCode } from '../errors/errorCatalogue.js';
import { certificatePrincipalOf } from './certificateIdentity.js';
import type { ApiKeyService } from './createApiKeyService.js';
import type { JwtVerifier } from './createJwtVerifier.js';
import { InvalidTokenError } from './InvalidTokenError.js';
import { ANONYMOUS, type Principal } from './Principal.js';

/** What a request presents; the kind decides who checks it. */
type Credentials =
  | { readonly kind: 'none' }
  | { readonly kind: 'api_key'; readonly secret: string }
  | { readonly kind: 'jwt'; readonly token: string }
  | { readonly kind: 'unusable'; readonly reason: string };

/** Three base64url segments; the signature may be empty, so `alg: none` tokens reach the verifier and are refused by name. */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * `x-api-key: <key>`, or `Authorization: Bearer <credential>` where `sy_…` is an API key and a JWT
 * goes to the verifier. Anything else is still offered to the API key service, because the
 * bootstrap key (ADMIN_API_KEY) may be any string; it refuses everything else.
 */
function presentedCredentials(headers: IncomingHttpHeaders): Credentials {
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey !== '') return { kind: 'api_key', secret: apiKey };
  const authorization = headers.authorization;
  if (!authorization) return { kind: 'none' };
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match?.[1]) {
    return { kind: 'unusable', reason: 'Send credentials as `Authorization: Bearer <API key or token>` or `x-api-key: <API key>`' };
  }
  const credential = match[1];
  if (credential.startsWith('sy_')) return { kind: 'api_key', secret: credential };
  if (JWT_SHAPE.test(credential)) return { kind: 'jwt', token: credential };
  return { kind: 'api_key', secret: credential };
}

/** RFC 6750 allows only printable ASCII without `"` and `\` in error_description. */
const quotable = (text: string) => text.replace(/["\\]/g, "'").replace(/[^\x20-\x7e]/g, '?');

/** UNAUTHENTICATED (HTTP 401) with the RFC 6750 challenge saying what is wrong with the credential. */
export function invalidCredentials(message: string): GraphQLError {
  const headers = new HeaderMap([['www-authenticate', `Bearer error="invalid_token", error_description="${quotable(message)}"`]]);
  return new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401, headers } } });
}

/**
 * The request's principal. No credentials: anonymous. Credentials that are wrong, revoked or
 * expired: UNAUTHENTICATED (HTTP 401) for the whole request, never a silent downgrade to anonymous.
 * Without a verifier, bearer JWTs are refused like any unknown credential.
 */
export async function authenticate(
  headers: IncomingHttpHeaders,
  apiKeys: ApiKeyService,
  jwt?: JwtVerifier,
  socket?: Socket | null,
): Promise<Principal> {
  // On the mTLS listener the verified certificate is the principal; headers cannot change who that is.
  const certificate = certificatePrincipalOf(socket);
  if (certificate) return certificate;
  const credentials = presentedCredentials(headers);
  switch (credentials.kind) {
    case 'none':
      return ANONYMOUS;
    case 'unusable':
      throw invalidCredentials(credentials.reason);
    case 'api_key': {
      const principal = await apiKeys.authenticate(credentials.secret);
      if (principal) return principal;
      throw invalidCredentials(
        credentials.secret.startsWith('sy_') ? 'The API key is unknown, revoked or expired' : 'The credential is neither a known API key (sy_…) nor a JWT',
      );
    }
    case 'jwt': {
      if (!jwt) throw invalidCredentials('This gateway accepts no bearer tokens: use an API key');
      try {
        return await jwt.verify(credentials.token);
      } catch (error) {
        if (error instanceof InvalidTokenError) throw invalidCredentials(error.message);
        // The token may be fine: the identity provider is unreachable, so this is worth retrying.
        throw new GraphQLError(error instanceof Error ? error.message : String(error), {
          extensions: { code: ErrorCode.UPSTREAM_UNAVAILABLE, system: 'identity-provider', retryable: true, http: { status: 503 } },
        });
      }
    }
  }
}
