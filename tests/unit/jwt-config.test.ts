import { describe, expect, it } from 'vitest';
import { userPrincipalOf } from '../../src/auth/userPrincipalOf.js';
import { ConfigError, parseConfig, withIdentityProvider } from '../../src/config/index.js';

const IDP = { issuer: 'http://127.0.0.1:9999', audience: 'https://switchyard.dev/graphql', jwksUrl: 'http://127.0.0.1:9999/.well-known/jwks.json' };

describe('JWT configuration', () => {
  it('accepts no bearer tokens by default, with documented claim names and a 30 s skew', () => {
    const { jwt } = parseConfig({});
    expect(jwt).toMatchObject({ jwksUrl: undefined, secret: undefined, clockSkewSeconds: 30, jwksCooldownSeconds: 0 });
    expect(jwt.claims).toEqual({ roles: 'roles', plan: 'plan', customerId: 'customer_id' });
  });

  it('needs an issuer and an audience once a key source is set, and a 32-character secret', () => {
    try {
      parseConfig({ JWT_JWKS_URL: 'https://idp.example.com/jwks', JWT_SECRET: 'short' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const { message } = error as ConfigError;
      expect(message).toMatch(/JWT_SECRET="short": at least 32 characters/);
      expect(message).toMatch(/JWT_ISSUER="": required when JWT_JWKS_URL or JWT_SECRET is set/);
      expect(message).toMatch(/JWT_AUDIENCE="": required when JWT_JWKS_URL or JWT_SECRET is set/);
    }
  });

  it('reads several audiences and custom claims', () => {
    const { jwt } = parseConfig({
      JWT_JWKS_URL: 'https://idp.example.com/jwks',
      JWT_ISSUER: 'https://idp.example.com/',
      JWT_AUDIENCE: 'a, b',
      JWT_ROLES_CLAIM: 'https://switchyard.dev/roles',
    });
    expect(jwt.audience).toEqual(['a', 'b']);
    expect(jwt.claims.roles).toBe('https://switchyard.dev/roles');
  });

  it('trusts the sandbox identity provider only when no JWT settings are given', () => {
    expect(withIdentityProvider(parseConfig({}), IDP).jwt).toMatchObject({ jwksUrl: IDP.jwksUrl, issuer: IDP.issuer, audience: [IDP.audience] });
    const configured = parseConfig({ JWT_SECRET: 'x'.repeat(32), JWT_ISSUER: 'me', JWT_AUDIENCE: 'us' });
    expect(withIdentityProvider(configured, IDP)).toBe(configured);
  });
});

describe('the principal of a verified token', () => {
  const { jwt } = parseConfig({ JWT_ROLES_CLAIM: 'https://switchyard.dev/roles' });

  it('is ADMIN when the roles claim holds admin, with plan and customer from their claims', () => {
    const principal = userPrincipalOf({ sub: 'u1', name: 'Ada', 'https://switchyard.dev/roles': ['reader', 'admin'], plan: 'pro', customer_id: '7' }, jwt);
    expect(principal).toEqual({ kind: 'user', id: 'user:u1', name: 'Ada', role: 'ADMIN', plan: 'pro', customerId: 7 });
  });

  it('is CLIENT on the default plan without those claims, and acts for no single customer', () => {
    const principal = userPrincipalOf({ sub: 'bootstrap-admin', roles: ['admin'] }, jwt);
    expect(principal).toMatchObject({ id: 'user:bootstrap-admin', role: 'CLIENT', plan: 'free', customerId: null });
  });

  it('refuses a customer claim that is not a partner id', () => {
    expect(() => userPrincipalOf({ sub: 'u1', customer_id: 'acme' }, jwt)).toThrow(/customer_id.*positive integer/);
  });
});
