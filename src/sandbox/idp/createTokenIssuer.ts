import { randomBytes, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { IdpClient } from './idpClients.js';
import { SIGNING_ALGORITHM, type SigningKeys } from './createSigningKeys.js';

/** A successful token response (RFC 6749 §5.1). */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
  refresh_token?: string;
}

/** What a test may change in a minted access token, to present the gateway with a precise defect. */
export interface AccessTokenOverrides {
  /** Seconds from now; negative gives an already expired token. */
  readonly expiresIn?: number;
  /** Seconds from now of `nbf`; positive gives a token not valid yet. */
  readonly notBeforeIn?: number;
  readonly audience?: string;
  readonly issuer?: string;
  readonly claims?: Readonly<Record<string, unknown>>;
}

export interface TokenIssuer {
  /** An access token and, for clients allowed the refresh grant, a refresh token. */
  issue(client: IdpClient, scope: string): Promise<TokenResponse>;
  accessToken(client: IdpClient, scope: string, overrides?: AccessTokenOverrides): Promise<string>;
  /** Redeems a refresh token once (it rotates); undefined when unknown, used, expired or another client's. */
  redeemRefreshToken(token: string, clientId: string): { scope: string } | undefined;
}

export interface TokenIssuerOptions {
  readonly keys: SigningKeys;
  /** The IdP's URL, known only once it listens. */
  readonly issuer: () => string;
  readonly audience: string;
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
}

/**
 * Signs RFC 9068-style access tokens. Times are real, not the sandbox clock: the gateway checks
 * exp and nbf against its own clock, and the sandbox clock starts at the dataset's epoch.
 */
export function createTokenIssuer(options: TokenIssuerOptions): TokenIssuer {
  const refreshTokens = new Map<string, { clientId: string; scope: string; expiresAt: number }>();

  const accessToken: TokenIssuer['accessToken'] = async (client, scope, overrides = {}) => {
    const now = Math.floor(Date.now() / 1000);
    const key = options.keys.current();
    return new SignJWT({
      client_id: client.clientId,
      scope,
      name: client.name,
      roles: [...client.roles],
      plan: client.plan,
      ...(client.customerId !== null ? { customer_id: client.customerId } : {}),
      ...overrides.claims,
    })
      .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: key.kid, typ: 'at+jwt' })
      .setIssuer(overrides.issuer ?? options.issuer())
      .setAudience(overrides.audience ?? options.audience)
      .setSubject(client.subject)
      .setJti(randomUUID())
      .setIssuedAt(now)
      .setNotBefore(now + (overrides.notBeforeIn ?? 0))
      .setExpirationTime(now + (overrides.expiresIn ?? options.accessTokenTtlSeconds))
      .sign(key.privateKey);
  };

  return {
    accessToken,
    async issue(client, scope) {
      const response: TokenResponse = {
        access_token: await accessToken(client, scope),
        token_type: 'Bearer',
        expires_in: options.accessTokenTtlSeconds,
        scope,
      };
      if (!client.grants.includes('refresh_token')) return response;
      const refreshToken = randomBytes(32).toString('base64url');
      refreshTokens.set(refreshToken, { clientId: client.clientId, scope, expiresAt: Date.now() + options.refreshTokenTtlSeconds * 1000 });
      return { ...response, refresh_token: refreshToken };
    },
    redeemRefreshToken(token, clientId) {
      const entry = refreshTokens.get(token);
      if (!entry || entry.clientId !== clientId) return undefined;
      refreshTokens.delete(token);
      return entry.expiresAt > Date.now() ? { scope: entry.scope } : undefined;
    },
  };
}
