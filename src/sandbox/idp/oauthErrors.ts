import type { ProductError } from '../server/productError.js';

/** RFC 6749 §5.2 error codes (and RFC 6750's for unknown routes and outages). */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'server_error'
  | 'temporarily_unavailable'
  | 'not_found';

/** Token responses, errors included, must never be cached (RFC 6749 §5.1). */
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' } as const;

export function oauthError(status: number, error: OAuthErrorCode, description: string, headers: Record<string, string> = {}): ProductError {
  return { status, body: { error, error_description: description }, headers: { ...NO_STORE, ...headers } };
}

/** RFC 6749 §5.2: a failed client authentication is a 401 with a challenge for the scheme used. */
export function invalidClient(description: string): ProductError {
  return oauthError(401, 'invalid_client', description, { 'www-authenticate': 'Basic realm="sandbox-idp", charset="UTF-8"' });
}

/** Error bodies for injected faults and unknown routes, in the token endpoint's own format. */
export function idpProductError(status: number): ProductError {
  if (status === 404) return oauthError(404, 'not_found', 'No such endpoint on the sandbox identity provider');
  if (status === 401) return invalidClient('Client authentication failed');
  if (status === 503 || status === 429) return oauthError(status, 'temporarily_unavailable', 'The identity provider is temporarily unavailable');
  if (status >= 500) return oauthError(status, 'server_error', 'The identity provider failed');
  return oauthError(status, 'invalid_request', 'The request is malformed');
}

export { NO_STORE };
