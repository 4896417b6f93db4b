import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/index.js';
import { startStack, type GraphqlResult, type Stack } from '../helpers/startStack.js';

/** Clients restricted to registered operations, sent by hash as Apollo's APQ sends them. */

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const VERSION = 'query Version { gatewayVersion }';
const CUSTOMERS = 'query FirstCustomers { customers(first: 2) { nodes { name } } }';
const UNREGISTERED = 'query Other { customers(first: 1) { nodes { id } } }';
const persisted = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

describe('trusted documents', () => {
  let dir: string;
  let stack: Stack;
  let mobileKey: string;
  let webKey: string;
  let userToken: string;

  const post = async (body: Record<string, unknown>, credentials: Record<string, string>): Promise<GraphqlResult> => {
    const response = await fetch(`${stack.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...credentials },
      body: JSON.stringify(body),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as GraphqlResult['body'] };
  };
  const asMobile = () => ({ authorization: `Bearer ${mobileKey}` });
  const asWeb = () => ({ authorization: `Bearer ${webKey}` });

  const expectNotTrusted = (result: GraphqlResult, message: RegExp) => {
    expect(result.status).toBe(403);
    expect(result.body.data ?? null).toBeNull();
    expect(result.body.errors).toHaveLength(1);
    expect(result.body.errors?.[0]?.extensions).toEqual({ code: 'OPERATION_NOT_TRUSTED', requestId: result.headers.get('x-request-id') });
    expect(result.body.errors?.[0]?.message).toMatch(message);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'switchyard-trusted-'));
    const manifest = join(dir, 'trusted-documents.json');
    writeFileSync(manifest, JSON.stringify({ [sha256(VERSION)]: VERSION, [sha256(CUSTOMERS)]: CUSTOMERS }));
    stack = await startStack({ env: { TRUSTED_DOCUMENTS_FILE: manifest, TRUSTED_DOCUMENTS_PRINCIPALS: 'user:user-customer-1' } });

    const create = async (name: string, trustedDocumentsOnly: boolean) => {
      const result = await stack.graphql(
        `mutation Create($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { trustedDocumentsOnly } } }`,
        { input: { name, role: 'CLIENT', plan: 'pro', trustedDocumentsOnly } },
      );
      const created = result.body.data?.createApiKey as { secret: string; apiKey: { trustedDocumentsOnly: boolean } };
      expect(created.apiKey.trustedDocumentsOnly).toBe(trustedDocumentsOnly);
      return created.secret;
    };
    mobileKey = await create('mobile app', true);
    webKey = await create('web shop', false);

    const { webApp } = stack.sandbox.idp.clients;
    const token = await fetch(stack.sandbox.idp.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: webApp.clientId, client_secret: webApp.clientSecret }).toString(),
    });
    userToken = ((await token.json()) as { access_token: string }).access_token;
  });

  afterAll(async () => {
    await stack?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('a restricted API key', () => {
    it('runs a registered operation sent by hash alone, with the APQ cache cold', async () => {
      const result = await post({ extensions: persisted(sha256(CUSTOMERS)) }, asMobile());
      expect(result.status).toBe(200);
      expect(result.body.errors).toBeUndefined();
      expect((result.body.data?.customers as { nodes: unknown[] }).nodes).toHaveLength(2);
    });

    it('runs it over GET too', async () => {
      const search = new URLSearchParams({ extensions: JSON.stringify(persisted(sha256(VERSION))) });
      const response = await fetch(`${stack.url}/graphql?${search}`, { headers: { accept: 'application/json', ...asMobile() } });
      expect(response.status).toBe(200);
      expect(((await response.json()) as GraphqlResult['body']).data?.gatewayVersion).toEqual(expect.any(String));
    });

    it('runs it with its text and hash both sent (an APQ client registering)', async () => {
      const result = await post({ query: CUSTOMERS, extensions: persisted(sha256(CUSTOMERS)) }, asMobile());
      expect(result.status).toBe(200);
      expect(result.body.errors).toBeUndefined();
    });

    it('refuses query text without a hash, even the text of a registered operation', async () => {
      expectNotTrusted(await post({ query: UNREGISTERED }, asMobile()), /only run registered operations, sent by hash/);
      expectNotTrusted(await post({ query: CUSTOMERS }, asMobile()), /extensions\.persistedQuery\.sha256Hash/);
    });

    it('refuses a hash that is not registered, and APQ registration does not make it trusted', async () => {
      const hash = sha256(UNREGISTERED);
      expectNotTrusted(await post({ extensions: persisted(hash) }, asMobile()), new RegExp(`${hash} is not registered`));
      expectNotTrusted(await post({ query: UNREGISTERED, extensions: persisted(hash) }, asMobile()), /not registered/);
      expectNotTrusted(await post({ extensions: persisted(hash) }, asMobile()), /not registered/);
    });

    it('refuses a registered hash sent with other text', async () => {
      const result = await post({ query: UNREGISTERED, extensions: persisted(sha256(CUSTOMERS)) }, asMobile());
      expect(result.status).toBe(400);
      expect(result.body.data ?? null).toBeNull();
      expect(result.body.errors?.[0]?.message).toMatch(/sha does not match/);
    });
  });

  describe('a principal restricted by TRUSTED_DOCUMENTS_PRINCIPALS (a JWT user)', () => {
    it('runs registered operations by hash and nothing else', async () => {
      const bearer = { authorization: `Bearer ${userToken}` };
      const registered = await post({ extensions: persisted(sha256(VERSION)) }, bearer);
      expect(registered.status).toBe(200);
      expect(registered.body.data?.gatewayVersion).toEqual(expect.any(String));
      expectNotTrusted(await post({ query: VERSION }, bearer), /sent by hash/);
    });
  });

  describe('an unrestricted client', () => {
    it('sends any operation, and registered hashes resolve for it too', async () => {
      const text = await post({ query: UNREGISTERED }, asWeb());
      expect(text.status).toBe(200);
      expect(text.body.errors).toBeUndefined();
      const byHash = await post({ extensions: persisted(sha256(VERSION)) }, asWeb());
      expect(byHash.body.data?.gatewayVersion).toEqual(expect.any(String));
    });

    it('keeps plain APQ: an unknown hash is PERSISTED_QUERY_NOT_FOUND until the client registers it', async () => {
      const query = 'query Fresh { gatewayVersion }';
      const unknown = await post({ extensions: persisted(sha256(query)) }, asWeb());
      expect(unknown.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      await post({ query, extensions: persisted(sha256(query)) }, asWeb());
      const known = await post({ extensions: persisted(sha256(query)) }, asWeb());
      expect(known.body.data?.gatewayVersion).toEqual(expect.any(String));
    });
  });

  describe('the manifest', () => {
    it('is checked at start: a hash that is not its document’s stops the configuration, naming both', () => {
      const path = join(dir, 'tampered.json');
      const wrongHash = `0${sha256(VERSION).slice(1)}`;
      writeFileSync(path, JSON.stringify({ [sha256(VERSION)]: VERSION, [wrongHash]: CUSTOMERS }));
      let error: unknown;
      try {
        parseConfig({ TRUSTED_DOCUMENTS_FILE: path });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigError);
      const [issue] = (error as ConfigError).issues;
      expect(issue).toMatch(/^TRUSTED_DOCUMENTS_FILE=/);
      expect(issue).toContain(`not the SHA-256 (lower-case hex) of its document, which is ${sha256(CUSTOMERS)}`);
    });

    it('must exist and hold GraphQL documents', () => {
      expect(() => parseConfig({ TRUSTED_DOCUMENTS_FILE: join(dir, 'missing.json') })).toThrow(/TRUSTED_DOCUMENTS_FILE=.*no readable file/);
      const path = join(dir, 'not-graphql.json');
      writeFileSync(path, JSON.stringify({ [sha256('query {')]: 'query {' }));
      expect(() => parseConfig({ TRUSTED_DOCUMENTS_FILE: path })).toThrow(/not a GraphQL document/);
    });
  });
});
