import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/startStack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

describe('GraphQL over HTTP audit', () => {
  // The audit list is fixed by the graphql-http package; each becomes its own test.
  const audits = serverAudits({ url: () => `${stack.url}/graphql` });
  for (const audit of audits) {
    it(`${audit.name}`, async () => {
      const result = await audit.fn();
      if (audit.name.startsWith('MUST')) {
        expect(result.status, 'reason' in result ? result.reason : '').toBe('ok');
      } else {
        expect(['ok', 'warn', 'notice']).toContain(result.status);
      }
    });
  }
});

describe('bad input over HTTP', () => {
  const post = (body: string, contentType = 'application/json', accept = 'application/graphql-response+json') =>
    fetch(`${stack.url}/graphql`, { method: 'POST', headers: { 'content-type': contentType, accept }, body });
  /** The gateway still answers a read: status and data, not the status alone. */
  const expectVersionAnswer = async (response: Response) => {
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data?: { gatewayVersion?: unknown }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data?.gatewayVersion).toEqual(expect.stringMatching(/\S/));
  };

  it('malformed JSON: 400 with a GraphQL error, and the gateway stays up', async () => {
    const response = await post('{"query": "{ gatewayVersion }"');
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { extensions: Record<string, unknown> }[] };
    expect(body.errors[0]?.extensions).toMatchObject({ code: 'BAD_REQUEST' });
    expect(body.errors[0]?.extensions.requestId).toBe(response.headers.get('x-request-id'));
    await expectVersionAnswer(await post('{"query":"{ gatewayVersion }"}'));
  });

  it('bad GraphQL syntax: 400 GRAPHQL_PARSE_FAILED', async () => {
    const response = await post(JSON.stringify({ query: '{ customers(first: ' }));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { extensions: Record<string, unknown> }[] };
    expect(body.errors[0]?.extensions.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('unknown field: 400 GRAPHQL_VALIDATION_FAILED', async () => {
    const response = await post(JSON.stringify({ query: '{ customers { nodes { password } } }' }));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { extensions: Record<string, unknown> }[] };
    expect(body.errors[0]?.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('wrong variable type: 400 BAD_USER_INPUT', async () => {
    const response = await post(JSON.stringify({ query: 'query($n: Int) { customers(first: $n) { totalCount } }', variables: { n: 'ten' } }));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { extensions: Record<string, unknown> }[] };
    expect(body.errors[0]?.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('a body over the limit: 413, not a crash', async () => {
    const response = await post(JSON.stringify({ query: `{ gatewayVersion } #${'x'.repeat(2 * 1024 * 1024)}` }));
    expect(response.status).toBe(413);
    await expectVersionAnswer(await post('{"query":"{ gatewayVersion }"}'));
  });

  it('a query by GET works', async () => {
    const response = await fetch(`${stack.url}/graphql?query=${encodeURIComponent('{ gatewayVersion }')}`, {
      headers: { accept: 'application/graphql-response+json' },
    });
    expect(response.headers.get('content-type')).toContain('application/graphql-response+json');
    await expectVersionAnswer(response);
  });

  it('a mutation by GET is refused', async () => {
    const response = await fetch(`${stack.url}/graphql?query=${encodeURIComponent('mutation { x }')}`, {
      headers: { accept: 'application/graphql-response+json' },
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
  });
});

describe('operational endpoints', () => {
  it('echoes a client request id and makes one otherwise', async () => {
    const echoed = await fetch(`${stack.url}/healthz`, { headers: { 'x-request-id': 'client-abc.123' } });
    expect(echoed.headers.get('x-request-id')).toBe('client-abc.123');
    const made = await fetch(`${stack.url}/healthz`, { headers: { 'x-request-id': 'bad id with spaces and {braces}' } });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports health, readiness and the systems status', async () => {
    expect((await fetch(`${stack.url}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${stack.url}/readyz`)).json()).toEqual({ status: 'ready' });
    const status = (await (await fetch(`${stack.url}/status`)).json()) as { systems: Record<string, unknown>[] };
    expect(status.systems.map((system) => system.name)).toEqual(['crm', 'erp', 'payments', 'shipping', 'einvoicing']);
    for (const system of status.systems) {
      expect(system).toMatchObject({ breaker: 'closed', baseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
      expect(system).toHaveProperty('latencyMs.p95');
      expect(system).toHaveProperty('window.errorRate');
    }
  });

  it('serves GraphiQL to a browser at GET /graphql', async () => {
    const response = await fetch(`${stack.url}/graphql`, { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toContain('/graphiql/assets/graphiql.min.js');
  });

  it('answers an unknown route with a 404 in the same error shape', async () => {
    const response = await fetch(`${stack.url}/nope`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe('NOT_FOUND');
  });
});
