import { once } from 'node:events';
import { createServer as createHttpsServer, type Server } from 'node:https';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/startSandbox.js';
import { httpsRequest } from '../helpers/httpsRequest.js';
import { startStack, type Stack } from '../helpers/startStack.js';
import { createTestPki, type PemPair, type TestPki } from '../helpers/testCertificates.js';

/**
 * The mutual-TLS listener (client certificates from MTLS_CA, subjects mapped to principals) and
 * client certificates towards an upstream that requires them. Every certificate is made here, at run time.
 */

interface TlsProxy {
  readonly url: string;
  /** Subjects of the client certificates the proxy accepted, one per request. */
  readonly subjects: string[];
  close(): Promise<void>;
}

/** The sandbox CRM behind TLS that requires a client certificate from `clientCa`, as a locked-down HubSpot proxy would. */
async function startTlsProxy(target: string, server: PemPair, clientCa: PemPair): Promise<TlsProxy> {
  const subjects: string[] = [];
  const proxy: Server = createHttpsServer(
    { cert: server.cert, key: server.key, ca: clientCa.cert, requestCert: true, rejectUnauthorized: true },
    (incoming, outgoing) => {
      subjects.push((incoming.socket as TLSSocket).getPeerX509Certificate()?.subject ?? '');
      const forwarded = httpRequest(`${target}${incoming.url}`, { method: incoming.method, headers: incoming.headers }, (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      });
      forwarded.on('error', () => outgoing.writeHead(502).end());
      incoming.pipe(forwarded);
    },
  );
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    subjects,
    close: () =>
      new Promise<void>((resolve) => {
        proxy.close(() => resolve());
        proxy.closeAllConnections();
      }),
  };
}

const CUSTOMERS_WITH_CRM = '{ customers(first: 2) { nodes { name crm { email } } } }';

describe('mTLS', () => {
  let pki: TestPki;
  let trustedCa: PemPair;
  let foreignCa: PemPair;
  let client: PemPair;
  let admin: PemPair;
  let unmapped: PemPair;
  let impostor: PemPair;
  let sandbox: Sandbox;
  let proxy: TlsProxy;
  let stack: Stack;
  let mtlsUrl: string;

  beforeAll(async () => {
    pki = createTestPki();
    trustedCa = pki.authority('trusted-ca', '/O=Acme/CN=Acme Client CA');
    foreignCa = pki.authority('foreign-ca', '/O=Elsewhere/CN=Elsewhere CA');
    const server = pki.issue(trustedCa, 'gateway', '/O=Acme/CN=switchyard', 'server');
    client = pki.issue(trustedCa, 'erp-sync', '/O=Acme/CN=erp-sync', 'client');
    admin = pki.issue(trustedCa, 'ops', '/O=Acme/OU=Ops/CN=ops-console', 'client');
    unmapped = pki.issue(trustedCa, 'stranger', '/O=Acme/CN=stranger', 'client');
    // Same subject as a mapped client, signed by a CA the gateway does not trust.
    impostor = pki.issue(foreignCa, 'impostor', '/O=Acme/CN=erp-sync', 'client');

    const upstreamServer = pki.issue(trustedCa, 'crm-proxy', '/O=Acme/CN=crm-proxy', 'server');
    const gatewayClient = pki.issue(trustedCa, 'gateway-client', '/O=Acme/CN=switchyard-gateway', 'client');
    sandbox = await startSandbox({ seed: 42 });
    proxy = await startTlsProxy(sandbox.urls.crm, upstreamServer, trustedCa);

    stack = await startStack({
      sandbox,
      baseUrls: { crm: proxy.url },
      env: {
        MTLS_PORT: '0',
        MTLS_CERT: server.certFile,
        MTLS_KEY: server.keyFile,
        MTLS_CA: trustedCa.certFile,
        MTLS_PRINCIPALS: JSON.stringify({
          'CN=erp-sync,O=Acme': { role: 'CLIENT', plan: 'pro', name: 'ERP sync job' },
          'CN=ops-console,OU=Ops,O=Acme': { role: 'ADMIN', plan: 'enterprise' },
        }),
        CRM_CLIENT_CERT: gatewayClient.certFile,
        CRM_CLIENT_KEY: gatewayClient.keyFile,
        CRM_CA: trustedCa.certFile,
      },
    });
    const address = await stack.app.mtls!.listen('127.0.0.1');
    mtlsUrl = `https://127.0.0.1:${address.port}`;
  });

  afterAll(async () => {
    await stack?.close();
    await proxy?.close();
    await sandbox?.stop();
    pki?.remove();
  });

  const graphqlOverMtls = async (query: string, identity: PemPair | undefined, headers: Record<string, string> = {}) => {
    const result = await httpsRequest(`${mtlsUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
      body: JSON.stringify({ query }),
      ca: trustedCa.cert,
      cert: identity?.cert,
      key: identity?.key,
    });
    return { ...result, json: JSON.parse(result.body) as { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] } };
  };

  describe('the listener', () => {
    it('serves a mapped certificate as its principal: a CLIENT reads data but is refused admin fields', async () => {
      const customers = await graphqlOverMtls('{ customers(first: 1) { nodes { name } } }', client);
      expect(customers.status).toBe(200);
      expect(customers.json.errors).toBeUndefined();
      expect((customers.json.data?.customers as { nodes: unknown[] }).nodes).toHaveLength(1);

      // FORBIDDEN, not UNAUTHENTICATED: the request has a principal, and it is a CLIENT.
      const adminOnly = await graphqlOverMtls('{ circuitBreakers { system } }', client);
      expect(adminOnly.json.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });

    it('gives an ADMIN certificate the admin fields, whatever credential headers come with it', async () => {
      const result = await graphqlOverMtls('{ circuitBreakers { system state } }', admin, { 'x-api-key': 'sy_00000000_not-a-real-key' });
      expect(result.status).toBe(200);
      expect(result.json.errors).toBeUndefined();
      expect(result.json.data?.circuitBreakers).toHaveLength(5);
    });

    it('serves the same routes as the plain listener', async () => {
      const health = await httpsRequest(`${mtlsUrl}/healthz`, { ca: trustedCa.cert, cert: client.cert, key: client.key });
      expect(health.status).toBe(200);
      expect(health.headers['x-request-id']).toBeTruthy();
    });

    /**
     * The server's verdict on a refused handshake. The client sees an alert, or just the connection
     * closing: Node drops a peer whose certificate fails verification without one.
     */
    async function refusedHandshake(identity: PemPair | undefined) {
      const refusal = once(stack.app.mtls!.server, 'tlsClientError') as Promise<[Error & { code?: string }, TLSSocket]>;
      const attempt = httpsRequest(`${mtlsUrl}/healthz`, { ca: trustedCa.cert, cert: identity?.cert, key: identity?.key });
      await expect(attempt).rejects.toMatchObject({ code: expect.stringMatching(/^ERR_SSL_|^ECONNRESET$/) });
      const [error, socket] = await refusal;
      return { code: error.code, authorizationError: socket.authorizationError, authorized: socket.authorized };
    }

    it('refuses the TLS handshake without a client certificate', async () => {
      expect(await refusedHandshake(undefined)).toMatchObject({ code: 'ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE', authorized: false });
    });

    it('refuses the TLS handshake for a certificate from another CA, even with a mapped subject', async () => {
      expect(await refusedHandshake(impostor)).toMatchObject({ authorizationError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', authorized: false });
    });

    it('answers 403 CERTIFICATE_NOT_MAPPED for a verified certificate whose subject is not mapped', async () => {
      const result = await graphqlOverMtls('{ gatewayVersion }', unmapped);
      expect(result.status).toBe(403);
      expect(result.json.data).toBeUndefined();
      expect(result.json.errors?.[0]?.extensions).toEqual({ code: 'CERTIFICATE_NOT_MAPPED', requestId: result.headers['x-request-id'] });
      expect(result.json.errors?.[0]?.message).toContain('CN=stranger,O=Acme');
      expect(result.json.errors?.[0]?.message).toContain('MTLS_PRINCIPALS');
    });

    it('leaves the plain listener as it was: certificates play no part there', async () => {
      const anonymous = await stack.graphql('{ circuitBreakers { system } }', undefined, { authorization: '' });
      expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('an upstream that requires a client certificate', () => {
    it('is called with the configured certificate', async () => {
      const before = proxy.subjects.length;
      const result = await stack.graphql(CUSTOMERS_WITH_CRM);
      expect(result.body.errors).toBeUndefined();
      const nodes = (result.body.data?.customers as { nodes: { crm: { email: string } | null }[] }).nodes;
      expect(nodes.every((node) => node.crm?.email)).toBe(true);
      expect(proxy.subjects.slice(before)).toContain('O=Acme\nCN=switchyard-gateway');
    });

    it('fails clearly, on that system only, without one', async () => {
      const withoutCertificate = await startStack({ sandbox, baseUrls: { crm: proxy.url }, env: { CRM_CA: trustedCa.certFile } });
      try {
        const result = await withoutCertificate.graphql(CUSTOMERS_WITH_CRM);
        const nodes = (result.body.data?.customers as { nodes: { name: string; crm: unknown }[] }).nodes;
        expect(nodes.every((node) => node.name && node.crm === null)).toBe(true);
        const [error] = result.body.errors ?? [];
        expect(error?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', system: 'crm' });
        expect(error?.message).toMatch(/TLS handshake with the crm system failed|Could not reach the crm system/);
      } finally {
        await withoutCertificate.close();
      }
    });
  });
});
