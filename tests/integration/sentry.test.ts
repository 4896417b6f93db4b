import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { SignJWT } from 'jose';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initSentry } from '../../src/observability/initSentry.js';
import { createLogger } from '../../src/observability/createLogger.js';
import { GATEWAY_VERSION } from '../../src/config/version.js';
import { eventually } from '../helpers/graphqlAs.js';
import { startStack, TEST_ADMIN_KEY, type Stack } from '../helpers/startStack.js';

/**
 * The Sentry SDK keeps one client per process, so this file is the only one that starts it (vitest
 * runs each file in its own process). Its DSN points at a local server that keeps every envelope.
 */

interface SentryEvent {
  event_id: string;
  level?: string;
  message?: string | { formatted?: string; message?: string };
  release?: string;
  environment?: string;
  tags?: Record<string, string>;
  exception?: { values?: { type?: string; value?: string }[] };
  contexts?: Record<string, Record<string, unknown>>;
}

interface Collector {
  readonly url: string;
  /** Raw envelope bodies, decompressed, as received. */
  readonly bodies: string[];
  readonly paths: string[];
  events(): SentryEvent[];
  close(): Promise<void>;
}

/** Envelope: a header line, then per item a header line and its payload (`length` bytes when given). */
function eventsOf(body: string): SentryEvent[] {
  const bytes = Buffer.from(body, 'utf8');
  let offset = bytes.indexOf(0x0a) + 1;
  const events: SentryEvent[] = [];
  while (offset > 0 && offset < bytes.length) {
    const headerEnd = bytes.indexOf(0x0a, offset);
    const itemHeader = JSON.parse(bytes.subarray(offset, headerEnd < 0 ? bytes.length : headerEnd).toString('utf8')) as { type: string; length?: number };
    const start = headerEnd + 1;
    const end = itemHeader.length !== undefined ? start + itemHeader.length : (bytes.indexOf(0x0a, start) + 1 || bytes.length + 1) - 1;
    const payload = bytes.subarray(start, end).toString('utf8');
    if (itemHeader.type === 'event') events.push(JSON.parse(payload) as SentryEvent);
    offset = end + 1;
  }
  return events;
}

async function startCollector(): Promise<Collector> {
  const bodies: string[] = [];
  const paths: string[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks);
      bodies.push((request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8'));
      paths.push(request.url ?? '');
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bodies,
    paths,
    events: () => bodies.flatMap(eventsOf),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const JWT_SECRET = 'sentry-test-hs256-secret-of-32-characters-or-more';
const JWT_ISSUER = 'https://auth.example.com/';
const JWT_AUDIENCE = 'switchyard-sentry-test';
const SHIPPING_SECRET = `whsec_${Buffer.from('sentry test carrier signing key 01').toString('base64')}`;
/** A subject that is an e-mail address: it becomes the principal id, which must reach Sentry scrubbed. */
const STAFF_EMAIL = 'ops.person@example.com';

const CRM_QUERY = 'query CrmDown { customers(first: 2) { nodes { name crm { email } } } }';
const DEAD_LETTERS = 'query OpenLetters { deadLetters(first: 5) { totalCount } }';

const messageOf = (event: SentryEvent) => (typeof event.message === 'string' ? event.message : event.message?.formatted ?? event.message?.message ?? '');

describe('without SENTRY_DSN', () => {
  it('reports nothing and never loads or starts the SDK', async () => {
    const reporter = await initSentry(undefined, createLogger('silent'));
    expect(reporter.enabled).toBe(false);
    const sentry = await import('@sentry/node');
    expect(sentry.isInitialized()).toBe(false);
  });
});

describe('Sentry reporting (SENTRY_DSN set)', () => {
  let collector: Collector;
  let stack: Stack;
  let token: string;

  beforeAll(async () => {
    collector = await startCollector();
    stack = await startStack({
      env: {
        SENTRY_DSN: `${collector.url.replace('http://', 'http://publickey@')}/1`,
        SENTRY_ENVIRONMENT: 'sentry-test',
        JWT_SECRET,
        JWT_ISSUER,
        JWT_AUDIENCE,
        SHIPPING_WEBHOOK_SECRETS: SHIPPING_SECRET,
        CRM_BREAKER_VOLUME_THRESHOLD: '3',
        CRM_BREAKER_ERROR_PERCENT: '50',
      },
    });
    token = await new SignJWT({ roles: 'admin', name: 'Ops Person' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(JWT_ISSUER)
      .setAudience(JWT_AUDIENCE)
      .setSubject(STAFF_EMAIL)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(JWT_SECRET));
  });
  afterAll(async () => {
    await stack?.close();
    await collector?.close();
  });

  const asStaff = (query: string) => stack.graphql(query, undefined, { authorization: `Bearer ${token}` });

  it('reports an upstream failure past its retries with request id, operation, system and principal', async () => {
    await stack.fault('crm', { route: '*', mode: 'error', status: 503 });
    const result = await asStaff(CRM_QUERY);
    expect(result.body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', system: 'crm' });
    const requestId = result.headers.get('x-request-id');
    expect(requestId).toBeTruthy();

    const [event] = await eventually(
      async () => collector.events().filter((candidate) => candidate.tags?.requestId === requestId),
      (events) => events.length > 0,
      'the upstream failure to reach Sentry',
    );
    expect(event!.level).toBe('error');
    expect(event!.tags).toMatchObject({
      requestId,
      operationName: 'CrmDown',
      system: 'crm',
      upstreamKind: 'unavailable',
      principalId: 'user:[email]',
    });
    expect(event!.tags?.route).toMatch(/^POST \/crm\//);
    expect(event!.exception?.values?.at(-1)).toMatchObject({ type: 'UpstreamError' });
    expect(event!.contexts?.upstream).toMatchObject({ status: 503, retries: 2 });
    expect(event!.release).toBe(`switchyard@${GATEWAY_VERSION}`);
    expect(event!.environment).toBe('sentry-test');
  });

  it('reports the CRM breaker opening as a warning', async () => {
    for (let i = 0; i < 6; i += 1) {
      const result = await asStaff(CRM_QUERY);
      if (result.body.errors?.[0]?.extensions?.code === 'CIRCUIT_OPEN') break;
    }
    const [event] = await eventually(
      async () => collector.events().filter((candidate) => candidate.tags?.breaker === 'open'),
      (events) => events.length > 0,
      'the breaker opening to reach Sentry',
    );
    expect(event!.level).toBe('warning');
    expect(event!.tags).toMatchObject({ system: 'crm' });
    expect(messageOf(event!)).toBe('Circuit breaker opened for the crm system');
    // Calls refused by the open breaker are not failures of the system: they are not reported one by one.
    expect(collector.events().filter((candidate) => candidate.tags?.upstreamKind === 'circuit_open')).toEqual([]);
  });

  it('reports an unexpected error while resolving (its table gone) with request id, operation and principal', async () => {
    const table = `"${stack.database.schema}".dead_letters`;
    await stack.app.store.pool.query(`ALTER TABLE ${table} RENAME TO dead_letters_away`);
    let result;
    try {
      result = await asStaff(DEAD_LETTERS);
    } finally {
      await stack.app.store.pool.query(`ALTER TABLE "${stack.database.schema}".dead_letters_away RENAME TO dead_letters`);
    }
    expect(result.body.errors?.[0]?.extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
    const requestId = result.headers.get('x-request-id');

    const [event] = await eventually(
      async () => collector.events().filter((candidate) => candidate.tags?.requestId === requestId),
      (events) => events.length > 0,
      'the unexpected error to reach Sentry',
    );
    expect(event!.level).toBe('error');
    expect(event!.tags).toMatchObject({ requestId, operationName: 'OpenLetters', principalId: 'user:[email]' });
    expect(event!.contexts?.graphql).toMatchObject({ path: 'deadLetters' });
  });

  it('reports an HTTP 500 (a webhook the database cannot store) with its request id and route', async () => {
    const payload = JSON.stringify({ id: 'evt_sentry_1', object: 'Event', description: 'tracker.updated', result: { tracking_code: 'EZ4000000000001', status: 'in_transit' } });
    const at = new Date();
    const headers = {
      'content-type': 'application/json',
      'webhook-id': 'msg_sentry_1',
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(SHIPPING_SECRET).sign('msg_sentry_1', at, payload),
    };
    await stack.app.store.pool.query(`ALTER TABLE "${stack.database.schema}".webhook_events RENAME TO webhook_events_away`);
    let response;
    try {
      response = await fetch(`${stack.url}/webhooks/shipping`, { method: 'POST', headers, body: payload });
    } finally {
      await stack.app.store.pool.query(`ALTER TABLE "${stack.database.schema}".webhook_events_away RENAME TO webhook_events`);
    }
    expect(response.status).toBe(500);
    const requestId = response.headers.get('x-request-id');

    const [event] = await eventually(
      async () => collector.events().filter((candidate) => candidate.tags?.requestId === requestId),
      (events) => events.length > 0,
      'the 500 to reach Sentry',
    );
    expect(event!.level).toBe('error');
    expect(event!.tags).toMatchObject({ requestId, route: 'POST /webhooks/:source' });
  });

  it('sends nothing personal or secret: no e-mail address, credential or authorization header', async () => {
    await stack.app.close();
    expect(collector.paths.every((path) => path.startsWith('/api/1/envelope/'))).toBe(true);
    const everything = collector.bodies.join('\n');
    expect(everything.length).toBeGreaterThan(0);
    expect(everything).not.toContain(STAFF_EMAIL);
    expect(everything).not.toMatch(/[\w.+-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}/i);
    // Source lines around stack frames may name the header; no value of it may travel.
    expect(everything).not.toMatch(/"(proxy-)?authorization"\s*:\s*"(?!\[Filtered\])/i);
    expect(everything).not.toMatch(/\b(Bearer|Basic)\s+(?!\[Filtered\])[\w.~+/=-]{8,}/);
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(TEST_ADMIN_KEY);
    expect(everything).not.toContain(stack.app.config.systems.crm.credentials.token);
  });
});
