import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/startStack.js';

const ANONYMOUS = { authorization: '' };

describe('field-level authorization', () => {
  let stack: Stack;
  let clientKey: string;
  beforeAll(async () => {
    stack = await startStack();
    const created = await stack.graphql(`mutation { createApiKey(input: { name: "web shop", role: CLIENT, plan: "pro" }) { secret } }`);
    clientKey = (created.body.data?.createApiKey as { secret: string }).secret;
  });
  afterAll(() => stack.close());

  it('without credentials only @public fields answer', async () => {
    expect((await stack.graphql('{ gatewayVersion }', undefined, ANONYMOUS)).body.data).toEqual({ gatewayVersion: expect.any(String) });
    for (const query of ['{ customers(first: 1) { totalCount } }', '{ products(first: 1) { nodes { id } } }', '{ circuitBreakers { state } }']) {
      const result = await stack.graphql(query, undefined, ANONYMOUS);
      expect(result.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    // Checked before the resolver runs: no upstream system was asked.
    expect((await stack.calls('erp')).byRoute['POST /jsonrpc object.execute_kw res.partner search_read']).toBeUndefined();
  });

  it('a CLIENT key reads data but not admin fields, and cannot reach them through a mutation either', async () => {
    const headers = { authorization: `Bearer ${clientKey}` };
    expect((await stack.graphql('{ customers(first: 1) { nodes { name } } }', undefined, headers)).body.errors).toBeUndefined();
    for (const query of ['{ deadLetters { totalCount } }', '{ apiKeys { id } }', 'mutation { resetCircuitBreaker(system: "crm") { state } }']) {
      const result = await stack.graphql(query, undefined, headers);
      expect(result.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('an ADMIN key reaches admin fields', async () => {
    const result = await stack.graphql('{ circuitBreakers { system } }');
    expect(result.body.errors).toBeUndefined();
  });
});
