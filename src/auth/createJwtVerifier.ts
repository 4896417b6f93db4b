import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTPayload, type JWTVerifyOptions } from 'jose';
import { InvalidTokenError, SigningKeysUnavailableError } from './InvalidTokenError.js';
import type { JwtConfig } from '../config/jwtConfig.js';
import { userPrincipalOf, type UserPrincipal } from './userPrincipalOf.js';

export interface JwtVerifier {
  /** The user a token stands for; throws InvalidTokenError saying what is wrong, or SigningKeysUnavailableError. */
  verify(token: string): Promise<UserPrincipal>;
}

/**
 * Each key source has its own algorithms, so a token cannot pick how it is checked: an HS256 token
 * never meets the JWKS (whose public keys would otherwise serve as an HMAC secret) and `none` meets nothing.
 */
const JWKS_ALGORITHMS = ['RS256', 'ES256', 'EdDSA'] as const;
const SECRET_ALGORITHMS = ['HS256'] as const;

const iso = (seconds: unknown) => (typeof seconds === 'number' ? new Date(seconds * 1000).toISOString() : 'an invalid time');

function describeRejection(error: unknown, config: JwtConfig, header: { kid?: string | undefined }): Error {
  if (error instanceof InvalidTokenError || error instanceof SigningKeysUnavailableError) return error;
  if (error instanceof errors.JWTExpired) {
    return new InvalidTokenError(`The token expired at ${iso(error.payload.exp)}: get a new one from the identity provider`);
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    const { claim, reason, payload } = error;
    if (reason === 'missing') return new InvalidTokenError(`The token has no "${claim}" claim`);
    if (reason === 'invalid') return new InvalidTokenError(`The token's "${claim}" claim is not a valid ${claim === 'nbf' || claim === 'iat' ? 'NumericDate' : 'value'}`);
    switch (claim) {
      case 'nbf':
        return new InvalidTokenError(`The token is not valid yet: its nbf is ${iso(payload.nbf)}`);
      case 'aud':
        return new InvalidTokenError(`The token's audience ${JSON.stringify(payload.aud)} is wrong: this gateway accepts ${config.audience.join(', ')}`);
      case 'iss':
        return new InvalidTokenError(`The token's issuer ${JSON.stringify(payload.iss)} is wrong: this gateway trusts ${config.issuer ?? 'no issuer'}`);
      default:
        return new InvalidTokenError(`The token's "${claim}" claim is not accepted`);
    }
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return new InvalidTokenError('The token has a bad signature');
  if (error instanceof errors.JWKSNoMatchingKey) {
    return new InvalidTokenError(`The token has a bad signature: its key ${header.kid ? `${header.kid} ` : ''}is not one the identity provider publishes`);
  }
  if (error instanceof errors.JWKSMultipleMatchingKeys) {
    return new InvalidTokenError('The token names no key id (kid) and the identity provider publishes several keys');
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return new InvalidTokenError('The token uses an unsupported algorithm or key type');
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return new InvalidTokenError(`The token is malformed: ${error.message}`);
  // Everything left is about fetching the JWKS (timeouts, network errors, a non-200 or unreadable answer).
  return new SigningKeysUnavailableError(`The identity provider's signing keys could not be fetched (${error instanceof Error ? error.message : String(error)})`);
}

/** Verifies bearer JWTs against the configured JWKS URL and/or HS256 secret; a disabled verifier refuses every token. */
export function createJwtVerifier(config: JwtConfig): JwtVerifier {
  const jwks = config.jwksUrl
    ? createRemoteJWKSet(new URL(config.jwksUrl), {
        cooldownDuration: config.jwksCooldownSeconds * 1000,
        cacheMaxAge: config.jwksMaxAgeSeconds * 1000,
      })
    : undefined;
  const secret = config.secret ? new TextEncoder().encode(config.secret) : undefined;
  const accepted = [...(jwks ? JWKS_ALGORITHMS : []), ...(secret ? SECRET_ALGORITHMS : [])];
  const options = (algorithms: readonly string[]): JWTVerifyOptions => ({
    algorithms: [...algorithms],
    ...(config.issuer !== undefined ? { issuer: config.issuer } : {}),
    audience: [...config.audience],
    clockTolerance: config.clockSkewSeconds,
    requiredClaims: ['exp', 'sub'],
  });

  return {
    async verify(token) {
      if (accepted.length === 0) {
        throw new InvalidTokenError('This gateway accepts no bearer tokens (JWT_JWKS_URL and JWT_SECRET are not set): use an API key');
      }
      let header: ReturnType<typeof decodeProtectedHeader>;
      try {
        header = decodeProtectedHeader(token);
      } catch {
        throw new InvalidTokenError('The token is malformed: its header is not base64url-encoded JSON');
      }
      const { alg } = header;
      try {
        let payload: JWTPayload;
        if (jwks && (JWKS_ALGORITHMS as readonly unknown[]).includes(alg)) {
          ({ payload } = await jwtVerify(token, jwks, options(JWKS_ALGORITHMS)));
        } else if (secret && (SECRET_ALGORITHMS as readonly unknown[]).includes(alg)) {
          ({ payload } = await jwtVerify(token, secret, options(SECRET_ALGORITHMS)));
        } else {
          throw new InvalidTokenError(`The token's algorithm ${alg ?? '(missing)'} is unsupported: this gateway accepts ${accepted.join(', ')}`);
        }
        return userPrincipalOf(payload, config);
      } catch (error) {
        throw describeRejection(error, config, header);
      }
    },
  };
}
