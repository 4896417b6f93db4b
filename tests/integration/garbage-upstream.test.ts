import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/startStack.js';

/** A payment provider that answers 200 with whatever the test sets. */
function garbageServer(): Promise<{ server: Server; url: string; answer: (body: string) => void }> {
  let body = '';
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(body);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, answer: (next) => (body = next) }),
    ),
  );
}

const QUERY = '{ customers(first: 2) { nodes { name crm { email } billing { id } } } }';

describe('an upstream answering garbage', () => {
  let stack: Stack;
  let garbage: Awaited<ReturnType<typeof garbageServer>>;
  beforeAll(async () => {
    garbage = await garbageServer();
    stack = await startStack({ baseUrls: { payments: garbage.url } });
  });
  afterAll(async () => {
    await stack.close();
    garbage.server.close();
  });

  it.each([
    ['not JSON', '<html>502 Bad Gateway</html>'],
    ['JSON of the wrong shape', JSON.stringify({ data: 'surprise', has_more: 'maybe' })],
  ])('%s: UPSTREAM_REJECTED for that system only, other fields answer', async (_label, body) => {
    garbage.answer(body);
    const result = await stack.graphql(QUERY);
    expect(result.status).toBe(200);
    const nodes = (result.body.data?.customers as { nodes: { name: string; crm: unknown; billing: unknown }[] }).nodes;
    expect(nodes).toHaveLength(2);
    for (const node of nodes) {
      expect(node.crm).not.toBeNull();
      expect(node.billing).toBeNull();
    }
    expect(result.body.errors).toHaveLength(2);
    for (const error of result.body.errors ?? []) {
      expect(error.extensions).toMatchObject({ code: 'UPSTREAM_REJECTED', system: 'payments', retryable: false });
      expect(error.message).not.toContain('502 Bad Gateway');
    }
  });
});
