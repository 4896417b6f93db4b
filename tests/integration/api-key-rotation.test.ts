import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, graphqlAs } from '../helpers/graphqlAs.js';
import { startStack, type GraphqlResult, type Stack } from '../helpers/startStack.js';

const READ = '{ customers(first: 1) { nodes { id } } }';
const ROTATE = `mutation($id: ID!, $graceHours: Int!) {
  rotateApiKey(id: $id, graceHours: $graceHours) { secret previousSecretExpiresAt apiKey { id prefix previousSecretExpiresAt } }
}`;

interface Rotated {
  secret: string;
  previousSecretExpiresAt: string;
  apiKey: { id: string; prefix: string; previousSecretExpiresAt: string | null };
}

describe('API key rotation', () => {
  let stack: Stack;

  const createKey = async (role: 'ADMIN' | 'CLIENT' = 'CLIENT') => {
    const result = await stack.graphql(`mutation { createApiKey(input: { name: "rotating ${randomUUID()}", role: ${role} }) { secret apiKey { id prefix } } }`);
    expect(result.body.errors).toBeUndefined();
    return result.body.data?.createApiKey as { secret: string; apiKey: { id: string; prefix: string } };
  };
  const rotate = async (id: string, graceHours: number): Promise<Rotated> => {
    const result = await stack.graphql(ROTATE, { id, graceHours });
    expect(result.body.errors).toBeUndefined();
    return result.body.data?.rotateApiKey as Rotated;
  };
  const works = async (secret: string) => {
    const result = await graphqlAs(stack, secret)(READ);
    expect(result.status, JSON.stringify(result.body.errors)).toBe(200);
    expect(result.body.errors).toBeUndefined();
  };
  const refused = async (secret: string) => {
    const result: GraphqlResult = await graphqlAs(stack, secret)(READ);
    expect(result.status).toBe(401);
    expect(result.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token", error_description="The API key is unknown, revoked or expired"$/);
  };

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('issues a new secret with the same prefix; both work during the grace period, which the answer states', async () => {
    const { secret: old, apiKey } = await createKey();
    const before = Date.now();
    const rotated = await rotate(apiKey.id, 2);

    expect(rotated.secret).not.toBe(old);
    expect(rotated.secret.startsWith(`${apiKey.prefix}_`)).toBe(true);
    const expiresAt = Date.parse(rotated.previousSecretExpiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 2 * 3_600_000);
    expect(rotated.apiKey.previousSecretExpiresAt).toBe(rotated.previousSecretExpiresAt);
    await works(old);
    await works(rotated.secret);
  });

  it('refuses the old secret once its grace period is over, and keeps the new one working', async () => {
    const { secret: old, apiKey } = await createKey();
    const rotated = await rotate(apiKey.id, 1);
    await works(old);
    // The grace period ending, without waiting an hour for it. Written behind the service's back, so
    // the verification this instance just cached may be trusted for API_KEY_CACHE_SECONDS more.
    await stack.app.store.prisma.apiKey.update({ where: { id: apiKey.id }, data: { previousSecretExpiresAt: new Date(Date.now() - 1000) } });
    await eventually(() => graphqlAs(stack, old)(READ), (result) => result.status !== 200, 'the old secret to be refused');
    await refused(old);
    await works(rotated.secret);
  });

  it('with a grace of 0 hours the old secret stops at once', async () => {
    const { secret: old, apiKey } = await createKey();
    const rotated = await rotate(apiKey.id, 0);
    await refused(old);
    await works(rotated.secret);
  });

  it('keeps only the last replaced secret: rotating again ends the earlier grace period', async () => {
    const { secret: first, apiKey } = await createKey();
    const second = await rotate(apiKey.id, 24);
    const third = await rotate(apiKey.id, 24);
    await refused(first);
    await works(second.secret);
    await works(third.secret);
  });

  it('revoking a key refuses its current and its previous secret, and a revoked key cannot be rotated', async () => {
    const { secret: old, apiKey } = await createKey();
    const rotated = await rotate(apiKey.id, 24);
    const revoked = await stack.graphql('mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }', { id: apiKey.id });
    expect(revoked.body.errors).toBeUndefined();
    await refused(old);
    await refused(rotated.secret);

    const again = await stack.graphql(ROTATE, { id: apiKey.id, graceHours: 1 });
    expect(again.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'id' });
    expect(again.body.errors?.[0]?.message).toMatch(/revoked/);
  });

  it('refuses a grace period outside 0..720 hours and unknown keys with BAD_USER_INPUT', async () => {
    const { apiKey } = await createKey();
    for (const graceHours of [-1, 721]) {
      const result = await stack.graphql(ROTATE, { id: apiKey.id, graceHours });
      expect(result.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'graceHours' });
    }
    for (const id of [randomUUID(), 'not-a-key-id']) {
      const result = await stack.graphql(ROTATE, { id, graceHours: 1 });
      expect(result.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'id' });
    }
  });

  it('needs an ADMIN, and writes the rotation to the audit log without the secret', async () => {
    const client = await createKey('CLIENT');
    const forbidden = await graphqlAs(stack, client.secret)(ROTATE, { id: client.apiKey.id, graceHours: 1 });
    expect(forbidden.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const rotated = await rotate(client.apiKey.id, 3);
    const entry = await stack.app.store.prisma.auditLog.findFirst({ where: { action: 'apiKey.rotate', targetId: client.apiKey.id } });
    expect(entry).toMatchObject({ actorId: 'bootstrap-admin', targetType: 'ApiKey' });
    expect(entry?.details).toMatchObject({ graceHours: 3, previousSecretExpiresAt: rotated.previousSecretExpiresAt, prefix: client.apiKey.prefix });
    expect(JSON.stringify(entry?.details)).not.toContain(rotated.secret);
    expect(JSON.stringify(entry?.details)).not.toContain(client.secret);
  });
});
