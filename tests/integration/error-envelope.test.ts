import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, ErrorCode } from '../../src/errors/errorCatalogue.js';
import { startStack, type Stack } from '../helpers/startStack.js';

/**
 * Every error body the gateway writes, whichever layer refuses (Fastify, Apollo before or after the
 * context, a route of ours), has one shape: one error with a message, `extensions.code` from the
 * catalogue and `extensions.requestId` equal to the x-request-id header.
 */

const BODY_LIMIT = 4096;

interface Probe {
  readonly name: string;
  readonly send: (url: string) => Promise<Response>;
  readonly status: number;
  readonly code: ErrorCode;
}

const graphqlPost = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

const PROBES: readonly Probe[] = [
  { name: 'unknown route', send: (url) => fetch(`${url}/nope`), status: 404, code: ErrorCode.NOT_FOUND },
  { name: 'unsupported method on a route', send: (url) => fetch(`${url}/graphql`, { method: 'DELETE' }), status: 404, code: ErrorCode.NOT_FOUND },
  {
    name: 'mutation over GET',
    send: (url) => fetch(`${url}/graphql?query=${encodeURIComponent('mutation { __typename }')}`, { headers: { 'apollo-require-preflight': 'true' } }),
    status: 405,
    code: ErrorCode.BAD_REQUEST,
  },
  { name: 'body over BODY_LIMIT_BYTES', send: (url) => graphqlPost(url, JSON.stringify({ query: `{ gatewayVersion }${' '.repeat(BODY_LIMIT)}` })), status: 413, code: ErrorCode.PAYLOAD_TOO_LARGE },
  {
    name: 'unsupported content type',
    send: (url) => fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<query/>' }),
    status: 415,
    code: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
  },
  { name: 'malformed JSON', send: (url) => graphqlPost(url, '{"query": '), status: 400, code: ErrorCode.BAD_REQUEST },
  { name: 'no query', send: (url) => graphqlPost(url, '{}'), status: 400, code: ErrorCode.BAD_REQUEST },
  { name: 'GraphQL syntax error', send: (url) => graphqlPost(url, JSON.stringify({ query: '{ customers(first: ' })), status: 400, code: ErrorCode.GRAPHQL_PARSE_FAILED },
  { name: 'unknown API key', send: (url) => graphqlPost(url, JSON.stringify({ query: '{ gatewayVersion }' }), { 'x-api-key': 'sy_never_issued' }), status: 401, code: ErrorCode.UNAUTHENTICATED },
  { name: '/metrics without credentials', send: (url) => fetch(`${url}/metrics`), status: 401, code: ErrorCode.UNAUTHENTICATED },
  { name: 'webhook from an unknown source', send: (url) => fetch(`${url}/webhooks/nobody`, { method: 'POST', body: '{}' }), status: 404, code: ErrorCode.WEBHOOK_SOURCE_UNKNOWN },
  {
    name: 'unsigned webhook',
    send: (url) => fetch(`${url}/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }),
    status: 400,
    code: ErrorCode.WEBHOOK_SIGNATURE_MISSING,
  },
];

describe('error envelope', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      env: { BODY_LIMIT_BYTES: String(BODY_LIMIT), METRICS_BASIC_AUTH: 'scraper:long-enough-secret', STRIPE_WEBHOOK_SECRETS: 'whsec_envelope' },
    });
  });
  afterAll(() => stack?.close());

  it.each(PROBES)('$name: HTTP $status with $code and the request id', async ({ send, status, code }) => {
    const response = await send(stack.url);
    expect(response.status).toBe(status);
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toBeTruthy();
    const body = (await response.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]).toMatchObject({ message: expect.stringMatching(/\w/), extensions: { code, requestId } });
    expect(Object.keys(body.errors[0]!.extensions)[0]).toBe('code');
  });

  it('answers each probe with the status the catalogue gives its code, but for Apollo’s 405', () => {
    for (const probe of PROBES.filter(({ status }) => status !== 405)) {
      expect(`${probe.code} ${ERROR_CATALOGUE[probe.code].status}`).toBe(`${probe.code} ${probe.status}`);
    }
  });
});
