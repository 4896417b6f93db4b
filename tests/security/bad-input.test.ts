import { fileURLToPath } from 'node:url';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpsRequest } from '../helpers/httpsRequest.js';
import { startStack, type Stack } from '../helpers/startStack.js';
import { createTestPki, type PemPair, type TestPki } from '../helpers/testCertificates.js';

/**
 * Hostile and broken requests, each answered with its documented code and HTTP status while a
 * well-behaved client keeps being served in the same moment.
 */

interface Answer {
  readonly status: number;
  readonly code: string | undefined;
}

const REAL_PLANS = fileURLToPath(new URL('../../config/plans.json', import.meta.url));

const nested = (depth: number) => `{ customers(first: 1) { nodes { ${'orders(first: 1) { customer { '.repeat(depth)}id${' } }'.repeat(depth)} } } }`;
const aliases = (count: number) => `{ ${Array.from({ length: count }, (_, i) => `a${i}: gatewayVersion`).join(' ')} }`;
// Each fragment doubles the work of the one it spreads without adding depth: priced, not run.
const fragmentBomb = [
  'query { ...F2 }',
  'fragment F0 on Query { customers(first: 100) { nodes { orders(first: 100) { id } } } }',
  ...Array.from({ length: 2 }, (_, i) => `fragment F${i + 1} on Query { ...F${i} f${i}: customers(first: 100) { nodes { orders(first: 100) { id } } } }`),
].join('\n');
const tokenFlood = `{ gatewayVersion ${'__typename '.repeat(3000)}}`;
const directiveFlood = `{ ${'... @include(if: true) { gatewayVersion } '.repeat(80)}}`;

describe('the bad-input suite', () => {
  let stack: Stack;
  let pki: TestPki;
  let trustedCa: PemPair;
  let mtlsUrl: string;
  let clientKey: string;
  let revokedKey: string;
  let rotatedOutKey: string;
  const tokens: Record<string, string> = {};

  const post = async (body: string, headers: Record<string, string> = {}): Promise<Answer> => {
    const response = await fetch(`${stack.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
      body,
    });
    const text = await response.text();
    let code: string | undefined;
    try {
      code = (JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code;
    } catch {
      code = undefined;
    }
    return { status: response.status, code };
  };
  const asClient = (query: string) => post(JSON.stringify({ query }), { authorization: `Bearer ${clientKey}` });
  const asBearer = (token: string) => post(JSON.stringify({ query: '{ customers(first: 1) { totalCount } }' }), { authorization: `Bearer ${token}` });

  beforeAll(async () => {
    pki = createTestPki();
    trustedCa = pki.authority('trusted-ca', '/O=Acme/CN=Acme Test CA');
    const server = pki.issue(trustedCa, 'server', '/CN=localhost', 'server');
    stack = await startStack({
      env: {
        PLANS_FILE: REAL_PLANS,
        MTLS_PORT: '0',
        MTLS_CERT: server.certFile,
        MTLS_KEY: server.keyFile,
        MTLS_CA: trustedCa.certFile,
        MTLS_PRINCIPALS: JSON.stringify({ 'CN=erp-sync,O=Acme': { role: 'CLIENT', plan: 'pro' } }),
      },
    });
    mtlsUrl = `https://127.0.0.1:${(await stack.app.mtls!.listen('127.0.0.1')).port}`;

    const create = async (name: string) =>
      ((await stack.graphql(`mutation { createApiKey(input: { name: "${name}", role: CLIENT, plan: "pro" }) { secret apiKey { id } } }`)).body.data
        ?.createApiKey as { secret: string; apiKey: { id: string } });
    clientKey = (await create('suite client')).secret;
    const revoked = await create('revoked');
    await stack.graphql(`mutation { revokeApiKey(id: "${revoked.apiKey.id}") { id } }`);
    revokedKey = revoked.secret;
    const rotated = await create('rotated');
    await stack.graphql(`mutation { rotateApiKey(id: "${rotated.apiKey.id}", graceHours: 0) { apiKey { id } } }`);
    rotatedOutKey = rotated.secret;

    const mint = async (overrides: Record<string, unknown>) => {
      const response = await fetch(`${stack.sandbox.idp.url}/_control/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ clientId: stack.sandbox.idp.clients.webApp.clientId, ...overrides }),
      });
      return ((await response.json()) as { access_token: string }).access_token;
    };
    tokens.expired = await mint({ expiresIn: -600 });
    tokens.notYetValid = await mint({ notBeforeIn: 600 });
    tokens.wrongAudience = await mint({ audience: 'someone-else' });
    tokens.wrongIssuer = await mint({ issuer: 'https://evil.example.com' });
    const [header, payload] = tokens.expired.split('.');
    tokens.algNone = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    const foreign = await generateKeyPair('RS256');
    tokens.foreignKey = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'RS256', kid: JSON.parse(Buffer.from(header!, 'base64url').toString()).kid })
      .setIssuer(stack.sandbox.idp.issuer)
      .setAudience(stack.sandbox.idp.audience)
      .setSubject('intruder')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(foreign.privateKey);
  });
  afterAll(async () => {
    await stack?.close();
    pki?.remove();
  });

  const CASES: [string, () => Promise<Answer>, number, string | undefined][] = [
    ['deep nesting', () => asClient(nested(15)), 400, 'MAX_DEPTH_EXCEEDED'],
    ['alias bomb', () => asClient(aliases(200)), 400, 'MAX_ALIASES_EXCEEDED'],
    ['fragment bomb', () => asClient(fragmentBomb), 400, 'MAX_COST_EXCEEDED'],
    ['huge first', () => asClient('{ customers(first: 1000000) { nodes { id } } }'), 400, 'MAX_COST_EXCEEDED'],
    ['token flood', () => asClient(tokenFlood), 400, 'MAX_TOKENS_EXCEEDED'],
    ['directive flood', () => asClient(directiveFlood), 400, 'MAX_DIRECTIVES_EXCEEDED'],
    ['batched operations', () => post(JSON.stringify([{ query: '{ gatewayVersion }' }, { query: '{ gatewayVersion }' }]), { authorization: `Bearer ${clientKey}` }), 400, 'BAD_REQUEST'],
    ['oversized body', () => post(JSON.stringify({ query: `{ gatewayVersion } #${'x'.repeat(2_000_000)}` })), 413, 'PAYLOAD_TOO_LARGE'],
    ['malformed JSON', () => post('{"query": "{ gatewayVersion }"'), 400, 'BAD_REQUEST'],
    ['malformed GraphQL', () => asClient('{ customers(first: '), 400, 'GRAPHQL_PARSE_FAILED'],
    ['expired token', () => asBearer(tokens.expired!), 401, 'UNAUTHENTICATED'],
    ['token not yet valid', () => asBearer(tokens.notYetValid!), 401, 'UNAUTHENTICATED'],
    ['token for another audience', () => asBearer(tokens.wrongAudience!), 401, 'UNAUTHENTICATED'],
    ['token from another issuer', () => asBearer(tokens.wrongIssuer!), 401, 'UNAUTHENTICATED'],
    ['alg: none token', () => asBearer(tokens.algNone!), 401, 'UNAUTHENTICATED'],
    ['token signed by a foreign key', () => asBearer(tokens.foreignKey!), 401, 'UNAUTHENTICATED'],
    ['malformed token', () => asBearer('not.a.jwt'), 401, 'UNAUTHENTICATED'],
    ['unknown API key', () => asBearer('sy_00000000_thisKeyWasNeverIssuedByTheGateway0000000000'), 401, 'UNAUTHENTICATED'],
    ['revoked API key', () => asBearer(revokedKey), 401, 'UNAUTHENTICATED'],
    ['rotated-out API key', () => asBearer(rotatedOutKey), 401, 'UNAUTHENTICATED'],
    ['no credentials for data', () => post(JSON.stringify({ query: '{ customers(first: 1) { totalCount } }' })), 200, 'UNAUTHENTICATED'],
    ['client key on an admin field', () => asClient('{ deadLetters { totalCount } }'), 200, 'FORBIDDEN'],
    [
      'certificate with an unmapped subject',
      async () => {
        const stranger = pki.issue(trustedCa, 'stranger', '/O=Acme/CN=stranger', 'client');
        const result = await httpsRequest(`${mtlsUrl}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ gatewayVersion }' }),
          ca: trustedCa.cert,
          cert: stranger.cert,
          key: stranger.key,
        });
        return { status: result.status, code: (JSON.parse(result.body) as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code };
      },
      403,
      'CERTIFICATE_NOT_MAPPED',
    ],
    [
      'certificate from another CA',
      async () => {
        const rogueCa = pki.authority('rogue-ca', '/O=Rogue/CN=Rogue CA');
        const rogue = pki.issue(rogueCa, 'rogue', '/O=Acme/CN=erp-sync', 'client');
        try {
          await httpsRequest(`${mtlsUrl}/healthz`, { ca: trustedCa.cert, cert: rogue.cert, key: rogue.key });
          return { status: 200, code: 'ACCEPTED' };
        } catch {
          return { status: 0, code: 'TLS_HANDSHAKE_REFUSED' };
        }
      },
      0,
      'TLS_HANDSHAKE_REFUSED',
    ],
  ];

  it.each(CASES)('%s → the documented answer, while another client is served', async (_name, attack, status, code) => {
    const served = Promise.all(Array.from({ length: 3 }, () => stack.graphql('{ products(first: 2) { nodes { name } } }')));
    const answer = await attack();
    expect(answer).toEqual({ status, code });
    for (const result of await served) {
      expect(result.status).toBe(200);
      expect(result.body.errors).toBeUndefined();
    }
  });

  it('counts its cases', () => {
    expect(CASES.length).toBe(24);
  });
});
