import type { FastifyInstance, FastifyRequest } from 'fastify';
import { readAuthorization } from '../server/authorization.js';
import { sendProductError, type ProductError } from '../server/productError.js';
import { rawBody } from '../server/requestBody.js';
import type { TokenIssuer, TokenResponse } from './createTokenIssuer.js';
import { findIdpClient, type IdpClient } from './idpClients.js';
import { invalidClient, NO_STORE, oauthError } from './oauthErrors.js';

type Outcome = { ok: true; tokens: TokenResponse } | { ok: false; error: ProductError };

const failure = (error: ProductError): Outcome => ({ ok: false, error });

/** RFC 6749 §2.3.1: the client id and secret are form-encoded before they go into basic auth. */
function formDecoded(value: string): string | undefined {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/** The authenticated client, from basic auth or the body (never both, RFC 6749 §2.3). */
function authenticateClient(request: FastifyRequest, form: URLSearchParams): { client: IdpClient } | { error: ProductError } {
  const presented = readAuthorization(request);
  const inBody = form.has('client_secret');
  if (presented.scheme === 'basic' && inBody) {
    return { error: oauthError(400, 'invalid_request', 'Authenticate the client with basic auth or with client_secret in the body, not both') };
  }
  const clientId = presented.scheme === 'basic' ? formDecoded(presented.username) : form.get('client_id') ?? undefined;
  const secret = presented.scheme === 'basic' ? formDecoded(presented.password) : form.get('client_secret') ?? undefined;
  if (!clientId || secret === undefined) return { error: invalidClient('Client authentication is required: client_id and client_secret') };
  const client = findIdpClient(clientId);
  if (!client || client.clientSecret !== secret) return { error: invalidClient('Unknown client or wrong client secret') };
  if (presented.scheme === 'basic' && form.has('client_id') && form.get('client_id') !== clientId) {
    return { error: oauthError(400, 'invalid_request', 'client_id in the body differs from the authenticated client') };
  }
  return { client };
}

/** The scope to grant: the client's own when none is asked for, else the asked one if the client has it all. */
function grantedScope(client: IdpClient, asked: string | null): string | undefined {
  if (asked === null || asked.trim() === '') return client.scope;
  const allowed = new Set(client.scope.split(' '));
  const wanted = asked.split(/\s+/).filter(Boolean);
  return wanted.every((scope) => allowed.has(scope)) ? wanted.join(' ') : undefined;
}

async function exchange(request: FastifyRequest, issuer: TokenIssuer): Promise<Outcome> {
  const contentType = request.headers['content-type'] ?? '';
  if (!/^application\/x-www-form-urlencoded\b/i.test(contentType)) {
    return failure(oauthError(400, 'invalid_request', 'The token request must be application/x-www-form-urlencoded'));
  }
  const form = new URLSearchParams(rawBody(request));
  const grantType = form.get('grant_type');
  if (!grantType) return failure(oauthError(400, 'invalid_request', 'grant_type is required'));
  if (grantType !== 'client_credentials' && grantType !== 'refresh_token') {
    return failure(oauthError(400, 'unsupported_grant_type', `grant_type "${grantType}" is not supported: use client_credentials or refresh_token`));
  }
  const authenticated = authenticateClient(request, form);
  if ('error' in authenticated) return failure(authenticated.error);
  const { client } = authenticated;
  if (!client.grants.includes(grantType)) {
    return failure(oauthError(400, 'unauthorized_client', `The client ${client.clientId} may not use grant_type ${grantType}`));
  }

  if (grantType === 'client_credentials') {
    const scope = grantedScope(client, form.get('scope'));
    if (scope === undefined) return failure(oauthError(400, 'invalid_scope', `The client ${client.clientId} may ask for: ${client.scope}`));
    return { ok: true, tokens: await issuer.issue(client, scope) };
  }

  const refreshToken = form.get('refresh_token');
  if (!refreshToken) return failure(oauthError(400, 'invalid_request', 'refresh_token is required'));
  const redeemed = issuer.redeemRefreshToken(refreshToken, client.clientId);
  if (!redeemed) return failure(oauthError(400, 'invalid_grant', 'The refresh token is unknown, already used, expired or another client\'s'));
  // A refresh may narrow the scope, never widen it (RFC 6749 §6).
  const asked = form.get('scope');
  const scope = asked === null ? redeemed.scope : grantedScope({ ...client, scope: redeemed.scope }, asked);
  if (scope === undefined) return failure(oauthError(400, 'invalid_scope', `The refresh token was granted: ${redeemed.scope}`));
  return { ok: true, tokens: await issuer.issue(client, scope) };
}

/** `POST /oauth/token` with the client-credentials and refresh-token grants. */
export function registerTokenRoute(app: FastifyInstance, issuer: TokenIssuer): void {
  app.post('/oauth/token', async (request, reply) => {
    const outcome = await exchange(request, issuer);
    if (!outcome.ok) return sendProductError(reply, outcome.error);
    return reply.headers(NO_STORE).send(outcome.tokens);
  });
}
