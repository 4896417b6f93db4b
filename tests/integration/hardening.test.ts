import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { buildHttpServer } from '../../src/http/buildHttpServer.js';
import { createLogger } from '../../src/observability/createLogger.js';
import { startStack, type Stack } from '../helpers/startStack.js';

/** CORS allow-list, security headers, GraphiQL under them, production error masking, and no secrets in logs. */

const ALLOWED = 'https://shop.example.com';
const REFUSED = 'https://evil.example.net';

/** Every log line the gateway writes, as text. */
function logCapture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter((line) => line !== ''));
      done();
    },
  });
  return { lines, destination };
}

describe('hardening', () => {
  let stack: Stack;
  const logs = logCapture();

  beforeAll(async () => {
    stack = await startStack({
      env: { CORS_ORIGINS: `${ALLOWED},http://localhost:5173`, LOG_LEVEL: 'trace' },
      logDestination: logs.destination,
    });
  });
  afterAll(() => stack?.close());

  describe('CORS', () => {
    it('answers a preflight from an allowed origin with what it may send', async () => {
      const response = await fetch(`${stack.url}/graphql`, {
        method: 'OPTIONS',
        headers: { origin: ALLOWED, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
      });
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
      expect(response.headers.get('access-control-allow-methods')).toBe('GET, HEAD, POST');
      expect(response.headers.get('access-control-allow-headers')).toBe('content-type,authorization');
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
      expect(response.headers.get('vary')).toMatch(/origin/i);
    });

    it('lets an allowed origin read the response and its request id', async () => {
      const response = await fetch(`${stack.url}/graphql`, {
        method: 'POST',
        headers: { origin: ALLOWED, 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ gatewayVersion }' }),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
      expect(response.headers.get('access-control-expose-headers')).toContain('x-request-id');
    });

    it('gives an origin that is not listed no CORS headers, and its preflight a 404', async () => {
      const preflight = await fetch(`${stack.url}/graphql`, {
        method: 'OPTIONS',
        headers: { origin: REFUSED, 'access-control-request-method': 'POST' },
      });
      expect(preflight.status).toBe(404);
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      expect(preflight.headers.get('access-control-allow-methods')).toBeNull();

      const request = await fetch(`${stack.url}/graphql`, {
        method: 'POST',
        headers: { origin: REFUSED, 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ gatewayVersion }' }),
      });
      expect(request.headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  describe('security headers', () => {
    it('are on every response; the API’s content security policy allows nothing', async () => {
      for (const path of ['/healthz', '/graphql?query=%7BgatewayVersion%7D', '/no-such-route']) {
        const response = await fetch(`${stack.url}${path}`);
        expect(response.headers.get('content-security-policy'), path).toBe("default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'");
        expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
        expect(response.headers.get('x-frame-options'), path).toBe('SAMEORIGIN');
        expect(response.headers.get('strict-transport-security'), path).toMatch(/^max-age=\d+/);
        expect(response.headers.get('referrer-policy'), path).toBe('no-referrer');
        expect(response.headers.get('cross-origin-opener-policy'), path).toBe('same-origin');
        expect(response.headers.get('x-powered-by'), path).toBeNull();
      }
    });

    it('keep GraphiQL working: its page carries its own policy, allowing exactly its bootstrap script', async () => {
      const response = await fetch(`${stack.url}/graphql`, { headers: { accept: 'text/html' } });
      expect(response.status).toBe(200);
      const html = await response.text();
      const policy = response.headers.get('content-security-policy') ?? '';
      const metaPolicy = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1]?.replace(/&#39;/g, "'");
      expect(policy).toBe(`${metaPolicy}; frame-ancestors 'none'`);
      const inline = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
      expect(policy).toContain(`script-src 'self' 'sha256-${createHash('sha256').update(inline).digest('base64')}'`);
      expect(policy).toContain("connect-src 'self'");
      const script = await fetch(`${stack.url}/graphiql/assets/graphiql.min.js`);
      expect(script.status).toBe(200);
      expect(script.headers.get('content-type')).toContain('javascript');
    });
  });

  describe('logs', () => {
    it('never contain an API key or a bearer token, whichever way the request went', async () => {
      const created = await stack.graphql('mutation { createApiKey(input: { name: "log probe", role: CLIENT, plan: "pro" }) { secret } }');
      const apiKey = (created.body.data?.createApiKey as { secret: string }).secret;
      const { webApp } = stack.sandbox.idp.clients;
      const tokenResponse = await fetch(stack.sandbox.idp.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: webApp.clientId, client_secret: webApp.clientSecret }).toString(),
      });
      const jwt = ((await tokenResponse.json()) as { access_token: string }).access_token;
      const forgedJwt = `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from('{"sub":"x"}').toString('base64url')}.Zm9yZ2VkLXNpZ25hdHVyZQ`;
      const unknownKey = 'sy_0badc0de_NeverIssuedNeverIssuedNeverIssuedNeverIs';

      const query = '{ customers(first: 1) { nodes { name } } }';
      const results = [
        await stack.graphql(query, undefined, { 'x-api-key': apiKey, cookie: `session=${apiKey}` }),
        await stack.graphql(query, undefined, { authorization: `Bearer ${jwt}` }),
        await stack.graphql(query, undefined, { authorization: `Bearer ${forgedJwt}` }),
        await stack.graphql(query, undefined, { authorization: `Bearer ${unknownKey}` }),
      ];
      expect(results.map((result) => result.status)).toEqual([200, 200, 401, 401]);
      const badJson = await fetch(`${stack.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
        body: `{"query": "${apiKey}`,
      });
      expect(badJson.status).toBe(400);

      const requestIds = [...results.map((result) => result.headers.get('x-request-id')), badJson.headers.get('x-request-id')];
      const requestLines = logs.lines.filter((line) => requestIds.some((id) => id && line.includes(id)));
      expect(requestLines.length).toBeGreaterThanOrEqual(requestIds.length);
      // The key without its visible prefix (`sy_<8 hex>_`), and the token's signature alone, must not appear either.
      const secrets = [apiKey, apiKey.slice('sy_00000000_'.length), jwt, jwt.split('.')[2]!, forgedJwt, unknownKey];
      for (const line of logs.lines) {
        for (const secret of secrets) expect(line).not.toContain(secret);
      }
    });

    it('redact credentials wherever a log call puts them, and drop an HTTP client’s request options from errors', async () => {
      const probe = logCapture();
      const logger = createLogger('info', probe.destination);
      logger.info(
        {
          req: { headers: { authorization: 'Bearer secret-1', 'x-api-key': 'secret-2', cookie: 'secret-3' } },
          headers: { 'proxy-authorization': 'Basic secret-4' },
          credentials: { password: 'secret-5', clientSecret: 'secret-6', token: 'secret-7', client_secret: 'secret-8' },
        },
        'probe',
      );
      const { default: got } = await import('got');
      const failure = await got('http://127.0.0.1:9/', { headers: { authorization: 'Bearer secret-9' }, retry: { limit: 0 } }).catch((error: unknown) => error);
      logger.error({ err: failure }, 'upstream probe failed');
      expect(probe.lines).toHaveLength(2);
      expect(probe.lines.join('\n')).not.toMatch(/secret-\d/);
      expect(probe.lines[1]).toContain('ECONNREFUSED');
    });
  });
});

describe('production error masking', () => {
  let production: Stack;
  let bare: FastifyInstance;
  let bareUrl: string;
  const bareLogs = logCapture();

  beforeAll(async () => {
    production = await startStack({ env: { NODE_ENV: 'production', BODY_LIMIT_BYTES: '2048' } });
    bare = buildHttpServer(parseConfig({ NODE_ENV: 'production', SANDBOX: 'true', LOG_LEVEL: 'info' }), createLogger('info', bareLogs.destination));
    bare.get('/boom', async () => {
      throw new Error('connect ECONNREFUSED db.internal:5432 (password=hunter2)');
    });
    bare.get('/conflict', async () => {
      throw Object.assign(new Error('row 42 in table api_keys is locked by pid 777'), { statusCode: 409 });
    });
    await bare.listen({ host: '127.0.0.1', port: 0 });
    bareUrl = `http://127.0.0.1:${(bare.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await production?.close();
    await bare?.close();
  });

  it('answers malformed JSON with a fixed message, not the parser’s quote of the body', async () => {
    const response = await fetch(`${production.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'masking-probe-1' },
      body: '{"query": "internal-detail',
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(body.errors).toEqual([
      {
        message: 'The request is malformed: send a GraphQL-over-HTTP request with a valid JSON body',
        extensions: { code: 'BAD_REQUEST', requestId: 'masking-probe-1' },
      },
    ]);
  });

  it('refuses a body over BODY_LIMIT_BYTES with 413 PAYLOAD_TOO_LARGE and the request id', async () => {
    const response = await fetch(`${production.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ gatewayVersion }${' '.repeat(4096)}` }),
    });
    expect(response.status).toBe(413);
    const body = (await response.json()) as { errors: { extensions: Record<string, unknown> }[] };
    expect(body.errors[0]?.extensions).toEqual({ code: 'PAYLOAD_TOO_LARGE', requestId: response.headers.get('x-request-id') });
  });

  it('sends no CORS headers when no origin is configured', async () => {
    const response = await fetch(`${production.url}/healthz`, { headers: { origin: ALLOWED } });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('never lets a failing handler’s message out, 5xx or 4xx, and keeps the request id', async () => {
    const boom = await fetch(`${bareUrl}/boom`);
    expect(boom.status).toBe(500);
    const boomText = await boom.text();
    expect(JSON.parse(boomText)).toEqual({
      errors: [
        {
          message: 'Internal server error: the request id identifies it in the gateway logs',
          extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: boom.headers.get('x-request-id') },
        },
      ],
    });
    const conflict = await fetch(`${bareUrl}/conflict`);
    expect(conflict.status).toBe(409);
    const conflictText = await conflict.text();
    expect(JSON.parse(conflictText).errors[0].extensions).toEqual({ code: 'BAD_REQUEST', requestId: conflict.headers.get('x-request-id') });
    expect(boomText + conflictText).not.toMatch(/hunter2|db\.internal|api_keys|pid 777|at .*\.ts/);
    // The operator still finds the detail, by request id, in the logs.
    const logged = bareLogs.lines.find((line) => line.includes(boom.headers.get('x-request-id')!) && line.includes('request failed'));
    expect(logged).toContain('db.internal');
  });
});
