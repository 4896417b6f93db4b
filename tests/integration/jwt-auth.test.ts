import { exportSPKI, generateKeyPair, importJWK, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdpClient } from '../../src/sandbox/startSandbox.js';
import { customerId } from '../helpers/graphqlAs.js';
import { startStack, type GraphqlResult, type Stack } from '../helpers/startStack.js';

const READ = '{ customers(first: 2) { nodes { id name } } }';
const ADMIN_READ = '{ circuitBreakers { system state } }';

interface TokenAnswer {
  status: number;
  body: { access_token?: string; refresh_token?: string; token_type?: string; expires_in?: number; error?: string; error_description?: string };
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const basic = (client: IdpClient) => `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`;
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('JWT bearer tokens from the sandbox identity provider', () => {
  let stack: Stack;

  const tokenRequest = async (fields: Record<string, string>, headers: Record<string, string> = {}): Promise<TokenAnswer> => {
    const response = await fetch(stack.sandbox.idp.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: form(fields),
    });
    return { status: response.status, body: (await response.json()) as TokenAnswer['body'] };
  };
  const clientCredentials = async (client: IdpClient) => {
    const answer = await tokenRequest({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body as Required<Pick<TokenAnswer['body'], 'access_token'>> & TokenAnswer['body'];
  };
  /** An access token with a precise defect, signed by the IdP's current key through its control API. */
  const minted = async (client: IdpClient, overrides: Record<string, unknown>) => {
    const response = await fetch(`${stack.sandbox.idp.url}/_control/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: client.clientId, ...overrides }),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { access_token: string }).access_token;
  };
  const as = (token: string, query = READ) => stack.graphql(query, undefined, { authorization: `Bearer ${token}` });
  const jwksFetches = async () =>
    ((await (await fetch(`${stack.sandbox.idp.url}/_control/stats`)).json()) as { byRoute: Record<string, number> }).byRoute['GET /.well-known/jwks.json'] ?? 0;
  const publishedKeys = async () => ((await (await fetch(stack.sandbox.idp.jwksUrl)).json()) as { keys: JWK[] }).keys;

  const expectRefused = (result: GraphqlResult, description: RegExp) => {
    expect(result.status).toBe(401);
    const error = result.body.errors?.[0];
    expect(error?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(error?.message).toMatch(description);
    const challenge = result.headers.get('www-authenticate') ?? '';
    expect(challenge).toMatch(/^Bearer error="invalid_token", error_description="[^"\\]*"$/);
    expect(challenge).toMatch(description);
    expect(result.body.data ?? null).toBeNull();
  };

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  describe('the token endpoint', () => {
    it('issues a bearer access token for client credentials, in the body or by basic auth', async () => {
      const { server } = stack.sandbox.idp.clients;
      const inBody = await clientCredentials(server);
      expect(inBody).toMatchObject({ token_type: 'Bearer', expires_in: 300, scope: 'graphql' });
      expect(inBody.refresh_token).toBeUndefined();
      const viaBasic = await tokenRequest({ grant_type: 'client_credentials' }, { authorization: basic(server) });
      expect(viaBasic.status).toBe(200);
      expect(viaBasic.body.access_token?.split('.')).toHaveLength(3);
    });

    it('answers RFC 6749 errors: invalid_client, unsupported_grant_type, invalid_grant', async () => {
      const { server } = stack.sandbox.idp.clients;
      const wrongSecret = await tokenRequest({ grant_type: 'client_credentials', client_id: server.clientId, client_secret: 'nope' });
      expect(wrongSecret).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
      const password = await tokenRequest({ grant_type: 'password', username: 'a', password: 'b' }, { authorization: basic(server) });
      expect(password).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } });
      const refresh = await tokenRequest({ grant_type: 'refresh_token', refresh_token: 'made-up' }, { authorization: basic(stack.sandbox.idp.clients.webApp) });
      expect(refresh).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    });

    it('publishes its RS256 keys and its discovery document', async () => {
      const keys = await publishedKeys();
      expect(keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String) });
      expect(keys[0]).not.toHaveProperty('d');
      const discovery = (await (await fetch(`${stack.sandbox.idp.url}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
      expect(discovery).toMatchObject({ issuer: stack.sandbox.idp.issuer, jwks_uri: stack.sandbox.idp.jwksUrl, token_endpoint: stack.sandbox.idp.tokenUrl });
    });
  });

  describe('the gateway', () => {
    it('lets a CLIENT token read data, but not admin fields', async () => {
      const { access_token } = await clientCredentials(stack.sandbox.idp.clients.server);
      const read = await as(access_token);
      expect(read.status).toBe(200);
      expect(read.body.errors).toBeUndefined();
      expect((read.body.data?.customers as { nodes: unknown[] }).nodes).toHaveLength(2);
      expect((await as(access_token, ADMIN_READ)).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });

    it('lets an ADMIN token (admin in the roles claim) read admin fields', async () => {
      const { access_token } = await clientCredentials(stack.sandbox.idp.clients.opsConsole);
      const result = await as(access_token, ADMIN_READ);
      expect(result.body.errors).toBeUndefined();
      expect(result.body.data?.circuitBreakers).toHaveLength(5);
    });

    it('lets a customer’s user read that customer', async () => {
      const { access_token } = await clientCredentials(stack.sandbox.idp.clients.webApp);
      const result = await as(access_token, `{ customer(id: "${customerId(1)}") { id name } }`);
      expect(result.body.errors).toBeUndefined();
      expect(result.body.data?.customer).toMatchObject({ id: customerId(1) });
    });

    it('accepts the access token of a refresh grant, and a refresh token only once', async () => {
      const { webApp } = stack.sandbox.idp.clients;
      const first = await clientCredentials(webApp);
      expect(first.refresh_token).toEqual(expect.any(String));
      const refreshed = await tokenRequest({ grant_type: 'refresh_token', refresh_token: first.refresh_token! }, { authorization: basic(webApp) });
      expect(refreshed.status).toBe(200);
      expect(refreshed.body.refresh_token).not.toBe(first.refresh_token);
      const result = await as(refreshed.body.access_token!, `{ customer(id: "${customerId(1)}") { name } }`);
      expect(result.body.errors).toBeUndefined();

      const reused = await tokenRequest({ grant_type: 'refresh_token', refresh_token: first.refresh_token! }, { authorization: basic(webApp) });
      expect(reused).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    });

    it('after a key rotation at the IdP accepts new tokens at once and old ones until they expire', async () => {
      const { server } = stack.sandbox.idp.clients;
      const before = await clientCredentials(server);
      // The gateway has fetched and cached the JWKS holding the current key.
      expect((await as(before.access_token)).body.errors).toBeUndefined();
      const oldKid = (await publishedKeys())[0]?.kid;
      const fetchesBefore = await jwksFetches();

      const rotation = (await (await fetch(`${stack.sandbox.idp.url}/_control/rotate-keys`, { method: 'POST' })).json()) as { kid: string; published: string[] };
      expect(rotation.kid).not.toBe(oldKid);
      expect(rotation.published).toEqual([rotation.kid, oldKid]);

      const after = await clientCredentials(server);
      const header = JSON.parse(Buffer.from(after.access_token.split('.')[0]!, 'base64url').toString()) as { kid: string };
      expect(header.kid).toBe(rotation.kid);
      expect((await as(after.access_token)).body.errors).toBeUndefined();
      expect((await as(before.access_token)).body.errors).toBeUndefined();
      expect((await as(after.access_token)).body.errors).toBeUndefined();
      // One refetch for the unknown kid; the refreshed JWKS then serves both keys from the cache.
      expect(await jwksFetches()).toBe(fetchesBefore + 1);
    });

    it('answers 503 UPSTREAM_UNAVAILABLE, retryable, when the IdP cannot serve its keys for a new kid', async () => {
      const { server } = stack.sandbox.idp.clients;
      await fetch(`${stack.sandbox.idp.url}/_control/rotate-keys`, { method: 'POST' });
      const { access_token } = await clientCredentials(server);
      const control = (body: unknown) =>
        fetch(`${stack.sandbox.idp.url}/_control/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      await control({ route: 'GET /.well-known/jwks.json', mode: 'error', status: 503 });
      try {
        const result = await as(access_token);
        expect(result.status).toBe(503);
        expect(result.body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', system: 'identity-provider', retryable: true });
      } finally {
        await control({ route: '*', mode: 'ok' });
      }
      expect((await as(access_token)).body.errors).toBeUndefined();
    });

    it('tolerates a small clock skew on exp', async () => {
      const token = await minted(stack.sandbox.idp.clients.server, { expiresIn: -5 });
      expect((await as(token)).body.errors).toBeUndefined();
    });
  });

  describe('refuses with 401 UNAUTHENTICATED and an RFC 6750 challenge saying why', () => {
    it('an expired token', async () => {
      expectRefused(await as(await minted(stack.sandbox.idp.clients.server, { expiresIn: -3600 })), /expired/);
    });

    it('a token not valid yet', async () => {
      expectRefused(await as(await minted(stack.sandbox.idp.clients.server, { notBeforeIn: 3600 })), /not valid yet/);
    });

    it('a token for another audience', async () => {
      expectRefused(await as(await minted(stack.sandbox.idp.clients.server, { audience: 'https://other.example/api' })), /audience .* is wrong/);
    });

    it('a token from another issuer, even signed by the trusted key', async () => {
      expectRefused(await as(await minted(stack.sandbox.idp.clients.server, { issuer: 'https://evil.example' })), /issuer .* is wrong/);
    });

    it('an unsigned token (alg: none)', async () => {
      const { access_token } = await clientCredentials(stack.sandbox.idp.clients.opsConsole);
      const payload = access_token.split('.')[1];
      expectRefused(await as(`${base64url({ alg: 'none', typ: 'JWT' })}.${payload}.`, ADMIN_READ), /algorithm none is unsupported/);
    });

    it('an HS256 token whose HMAC key is the IdP’s public key (algorithm confusion)', async () => {
      const [published] = await publishedKeys();
      const publicKeyPem = await exportSPKI((await importJWK(published!, 'RS256')) as CryptoKey);
      const { server } = stack.sandbox.idp.clients;
      const forged = await new SignJWT({ roles: ['admin'] })
        .setProtectedHeader({ alg: 'HS256', kid: published!.kid! })
        .setIssuer(stack.sandbox.idp.issuer)
        .setAudience(stack.sandbox.idp.audience)
        .setSubject(server.subject)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode(publicKeyPem));
      expectRefused(await as(forged, ADMIN_READ), /algorithm HS256 is unsupported/);
    });

    it('a token signed by a foreign key, under its own kid or under the IdP’s', async () => {
      const { privateKey } = await generateKeyPair('RS256');
      const [published] = await publishedKeys();
      const forge = (kid: string) =>
        new SignJWT({ roles: ['admin'] })
          .setProtectedHeader({ alg: 'RS256', kid })
          .setIssuer(stack.sandbox.idp.issuer)
          .setAudience(stack.sandbox.idp.audience)
          .setSubject('intruder')
          .setIssuedAt()
          .setExpirationTime('5m')
          .sign(privateKey);
      expectRefused(await as(await forge('foreign-key'), ADMIN_READ), /bad signature: its key foreign-key is not one the identity provider publishes/);
      expectRefused(await as(await forge(published!.kid!), ADMIN_READ), /bad signature/);
    });

    it('a tampered token', async () => {
      const { access_token } = await clientCredentials(stack.sandbox.idp.clients.server);
      const [header, , signature] = access_token.split('.');
      const payload = base64url({ sub: 'someone-else', roles: ['admin'], iss: stack.sandbox.idp.issuer, aud: stack.sandbox.idp.audience, exp: 4102444800 });
      expectRefused(await as(`${header}.${payload}.${signature}`, ADMIN_READ), /bad signature/);
    });

    it('malformed credentials', async () => {
      expectRefused(await as('abc.def.ghi'), /malformed/);
      expectRefused(await as('neither-a-key-nor-a-token'), /neither a known API key/);
      expectRefused(await stack.graphql(READ, undefined, { authorization: 'Token abc' }), /Authorization: Bearer/);
    });
  });
});

describe('JWT bearer tokens with a configured HS256 secret', () => {
  const SECRET = 'a-shared-hs256-secret-of-at-least-32-characters';
  const ISSUER = 'https://auth.example.com/';
  const AUDIENCE = 'switchyard-tests';
  let stack: Stack;

  const sign = (secret: string, claims: Record<string, unknown> = {}) =>
    new SignJWT({ roles: 'reader admin', plan: 'pro', ...claims })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('staff-1')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(secret));
  const as = (token: string, query: string) => stack.graphql(query, undefined, { authorization: `Bearer ${token}` });

  beforeAll(async () => {
    stack = await startStack({ env: { JWT_SECRET: SECRET, JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE } });
  });
  afterAll(() => stack.close());

  it('accepts a token signed with the secret, roles from a space-separated claim', async () => {
    const result = await as(await sign(SECRET), ADMIN_READ);
    expect(result.body.errors).toBeUndefined();
  });

  it('refuses one signed with another secret, and RS256 tokens of the sandbox IdP it was not told to trust', async () => {
    const wrong = await as(await sign('another-secret-that-is-long-enough-to-use'), READ);
    expect(wrong.status).toBe(401);
    expect(wrong.body.errors?.[0]?.message).toMatch(/bad signature/);

    const response = await fetch(stack.sandbox.idp.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(stack.sandbox.idp.clients.server) },
      body: form({ grant_type: 'client_credentials' }),
    });
    const { access_token } = (await response.json()) as { access_token: string };
    const rs256 = await as(access_token, READ);
    expect(rs256.status).toBe(401);
    expect(rs256.body.errors?.[0]?.message).toMatch(/algorithm RS256 is unsupported: this gateway accepts HS256/);
  });
});
