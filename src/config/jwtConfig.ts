import { z } from 'zod';
import type { ConfigSection } from './ConfigSection.js';

/** How bearer tokens (JWTs) from an identity provider are verified and turned into principals. */
export interface JwtConfig {
  /** JWKS of the identity provider (RS256, ES256, EdDSA); undefined when keys come from nowhere. */
  readonly jwksUrl: string | undefined;
  /** Shared HS256 secret; undefined when HS256 tokens are refused. */
  readonly secret: string | undefined;
  /** Required `iss`; set whenever jwksUrl or secret is. */
  readonly issuer: string | undefined;
  /** Accepted `aud` values (a token needs one of them); set whenever jwksUrl or secret is. */
  readonly audience: readonly string[];
  /** Allowance for clocks that disagree when checking `exp`, `nbf` and `iat`. */
  readonly clockSkewSeconds: number;
  /** Minimum time between two JWKS fetches caused by a token with an unknown `kid`. */
  readonly jwksCooldownSeconds: number;
  /** A fetched JWKS is used for this long before it is fetched again. */
  readonly jwksMaxAgeSeconds: number;
  readonly claims: {
    /** An array of role names or a space-separated string; `adminRole` in it gives role ADMIN. */
    readonly roles: string;
    readonly plan: string;
    /** The ERP partner id the user belongs to; absent means a staff user acting for every customer. */
    readonly customerId: string;
  };
  readonly adminRole: string;
  /** Plan of a token without the plan claim. */
  readonly defaultPlan: string;
}

/** The identity provider a sandbox run trusts (the one `startSandbox()` runs). */
export interface TrustedIdentityProvider {
  readonly issuer: string;
  readonly audience: string;
  readonly jwksUrl: string;
}

const httpUrl = z.url({ protocol: /^https?$/ });
const claimName = z.string().min(1).max(200);
const seconds = (max: number) => z.coerce.number().min(0).max(max);
const requiredWhenVerifying = (name: string) =>
  z.string({ error: `required when JWT_JWKS_URL or JWT_SECRET is set (${name} of the tokens to accept)` }).min(1);

export const jwtConfigSection: ConfigSection<JwtConfig> = {
  variables: [
    { name: 'JWT_JWKS_URL', default: '', meaning: 'JWKS URL of the identity provider whose RS256/ES256/EdDSA bearer tokens are accepted; empty = none (in sandbox mode: the sandbox IdP)' },
    { name: 'JWT_SECRET', default: '', meaning: 'Shared secret (at least 32 characters) for HS256 bearer tokens; empty = HS256 refused' },
    { name: 'JWT_ISSUER', default: '', meaning: 'Required `iss` of bearer tokens; must be set with JWT_JWKS_URL or JWT_SECRET' },
    { name: 'JWT_AUDIENCE', default: '', meaning: 'Accepted `aud` of bearer tokens, comma-separated; must be set with JWT_JWKS_URL or JWT_SECRET' },
    { name: 'JWT_CLOCK_SKEW_SECONDS', default: '30', meaning: 'Clock difference tolerated when checking exp, nbf and iat' },
    { name: 'JWT_JWKS_COOLDOWN_SECONDS', default: '0', meaning: 'Least time between JWKS refetches caused by an unknown key id; 0 = a rotated key is accepted at once (one fetch in flight at a time)' },
    { name: 'JWT_JWKS_MAX_AGE_SECONDS', default: '600', meaning: 'How long a fetched JWKS is used before it is fetched again' },
    { name: 'JWT_ROLES_CLAIM', default: 'roles', meaning: 'Claim holding the roles (array or space-separated string), e.g. https://switchyard.dev/roles' },
    { name: 'JWT_ADMIN_ROLE', default: 'admin', meaning: 'Role in the roles claim that makes the user ADMIN; any other roles give CLIENT' },
    { name: 'JWT_PLAN_CLAIM', default: 'plan', meaning: 'Claim holding the plan (free, pro, enterprise)' },
    { name: 'JWT_DEFAULT_PLAN', default: 'free', meaning: 'Plan of a token without the plan claim' },
    { name: 'JWT_CUSTOMER_CLAIM', default: 'customer_id', meaning: 'Claim holding the ERP partner id of the user\'s customer; absent = staff acting for every customer' },
  ],
  read(read) {
    const jwksUrl = read('JWT_JWKS_URL', httpUrl.optional());
    const secret = read('JWT_SECRET', z.string().min(32, 'at least 32 characters (256 bits for HS256)').optional());
    const verifying = jwksUrl !== undefined || secret !== undefined;
    const issuer = read('JWT_ISSUER', verifying ? requiredWhenVerifying('the issuer') : z.string().optional());
    const audience = read('JWT_AUDIENCE', verifying ? requiredWhenVerifying('the audience') : z.string().optional());
    return {
      jwksUrl,
      secret,
      issuer,
      audience: (audience ?? '').split(',').map((value) => value.trim()).filter(Boolean),
      clockSkewSeconds: read('JWT_CLOCK_SKEW_SECONDS', seconds(600)),
      jwksCooldownSeconds: read('JWT_JWKS_COOLDOWN_SECONDS', seconds(3600)),
      jwksMaxAgeSeconds: read('JWT_JWKS_MAX_AGE_SECONDS', seconds(86_400)),
      claims: {
        roles: read('JWT_ROLES_CLAIM', claimName),
        plan: read('JWT_PLAN_CLAIM', claimName),
        customerId: read('JWT_CUSTOMER_CLAIM', claimName),
      },
      adminRole: read('JWT_ADMIN_ROLE', claimName),
      defaultPlan: read('JWT_DEFAULT_PLAN', claimName),
    };
  },
};
