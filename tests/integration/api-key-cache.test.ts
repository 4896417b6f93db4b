import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/startSandbox.js';
import { eventually, graphqlAs } from '../helpers/graphqlAs.js';
import { startStack, type Stack } from '../helpers/startStack.js';
import { dropSchema, uniqueSchemaName } from '../helpers/testDatabase.js';

const READ = '{ gatewayVersion }';
const REQUESTS = 10;

/**
 * Two gateways on one database, each trusting a verified key for far longer than this file runs, so
 * that only the cross-instance notification can explain one of them refusing a key the other revoked.
 */
describe('API key verification cache across two instances', () => {
  let sandbox: Sandbox;
  let first: Stack;
  let second: Stack;
  const database = { schema: uniqueSchemaName('keys'), queueSchema: uniqueSchemaName('keys_queue') };

  const createKey = async () => {
    const created = await first.graphql(`mutation { createApiKey(input: { name: "cached ${randomUUID()}", role: CLIENT }) { secret apiKey { id } } }`);
    expect(created.body.errors).toBeUndefined();
    return created.body.data?.createApiKey as { secret: string; apiKey: { id: string } };
  };
  const lookups = (stack: Stack) => stack.app.services.apiKeys.counts().lookups;
  const statusOn = async (stack: Stack, secret: string) => (await graphqlAs(stack, secret)(READ)).status;

  /** Uses the key on `stack` until a request is answered from its cache, so the revocation has something to undo. */
  const cachedOn = async (stack: Stack, secret: string) => {
    expect(await statusOn(stack, secret)).toBe(200);
    const before = lookups(stack);
    expect(await statusOn(stack, secret)).toBe(200);
    expect(lookups(stack)).toBe(before);
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 42 });
    first = await startStack({ sandbox, database, env: { API_KEY_CACHE_SECONDS: '300' } });
    second = await startStack({ sandbox, database, env: { API_KEY_CACHE_SECONDS: '300' } });
  });
  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
    await sandbox?.stop();
    await Promise.all([dropSchema(database.schema), dropSchema(database.queueSchema)]);
  });

  it(`answers ${REQUESTS} requests with one key from fewer than ${REQUESTS} database lookups`, async () => {
    const { secret } = await createKey();
    const before = second.app.services.apiKeys.counts();
    for (let request = 0; request < REQUESTS; request += 1) expect(await statusOn(second, secret)).toBe(200);
    const after = second.app.services.apiKeys.counts();
    expect(after.lookups - before.lookups).toBeLessThan(REQUESTS);
    expect(after.lookups - before.lookups).toBeGreaterThanOrEqual(1);
    expect(after.cacheHits - before.cacheHits).toBe(REQUESTS - (after.lookups - before.lookups));
  });

  it('looks up an unknown secret every time, so nothing about it is remembered', async () => {
    const before = lookups(second);
    for (let request = 0; request < 3; request += 1) expect(await statusOn(second, `sy_0000abcd_${randomUUID()}`)).toBe(401);
    expect(lookups(second) - before).toBe(3);
  });

  it('refuses on the other instance a key revoked through one, long before its cache would expire', async () => {
    const { secret, apiKey } = await createKey();
    await cachedOn(second, secret);
    const revoked = await first.graphql('mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }', { id: apiKey.id });
    expect(revoked.body.errors).toBeUndefined();
    expect(await statusOn(first, secret)).toBe(401);
    await eventually(() => statusOn(second, secret), (status) => status === 401, 'the second instance to refuse the revoked key');
  });

  it('refuses on the other instance the old secret of a key rotated without grace, and serves the new one', async () => {
    const { secret: old, apiKey } = await createKey();
    await cachedOn(second, old);
    const rotated = await first.graphql('mutation($id: ID!) { rotateApiKey(id: $id, graceHours: 0) { secret } }', { id: apiKey.id });
    expect(rotated.body.errors).toBeUndefined();
    await eventually(() => statusOn(second, old), (status) => status === 401, 'the second instance to refuse the replaced secret');
    expect(await statusOn(second, (rotated.body.data?.rotateApiKey as { secret: string }).secret)).toBe(200);
  });
});
