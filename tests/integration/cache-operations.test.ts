import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerId } from '../helpers/graphqlAs.js';
import { startStack, type Stack } from '../helpers/startStack.js';

const CUSTOMER = 'query($id: ID!) { customer(id: $id) { name crm { email } } }';

/** The value of one sample line of /metrics, 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name}{`) && wanted.every((label) => candidate.includes(label)));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

describe('the cache as operators see it', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ env: { CACHE: 'on', CRM_BUDGET: '100/10s' } });
  });
  afterAll(() => stack.close());

  const metrics = async () => (await fetch(`${stack.url}/metrics`)).text();
  const erpCalls = async () => (await stack.calls('erp')).requests;

  it('counts hits, misses, stale serves and invalidations by source in /metrics', async () => {
    await stack.graphql(CUSTOMER, { id: customerId(11) });
    await stack.graphql(CUSTOMER, { id: customerId(11) });
    await stack.fault('crm', { route: '*', mode: 'down' });
    await stack.graphql(CUSTOMER, { id: customerId(11) }, { 'cache-control': 'no-cache' });
    await stack.resetSandbox();
    const created = await stack.graphql('mutation($input: CustomerInput!) { createCustomer(input: $input) { customer { id } } }', {
      input: { name: 'Metrics Cache', email: `cache-${randomUUID()}@example.com`, currency: 'EUR' },
    });
    expect(created.body.errors).toBeUndefined();

    const text = await metrics();
    expect(sample(text, 'switchyard_cache_lookups_total', { system: 'erp', type: 'partner', result: 'miss' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'switchyard_cache_lookups_total', { system: 'erp', type: 'partner', result: 'hit' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'switchyard_cache_lookups_total', { system: 'crm', type: 'contact', result: 'stale' })).toBe(1);
    // Our own write of the new partner, told to the cache at once.
    expect(sample(text, 'switchyard_cache_invalidations_total', { system: 'erp', source: 'gateway' })).toBeGreaterThanOrEqual(1);
  });

  it("shows each system's hit rate and budget use on /status", async () => {
    const status = (await (await fetch(`${stack.url}/status`)).json()) as { systems: { name: string; cache: { hitRate: number; hits: number }; budget: unknown }[] };
    const erp = status.systems.find((system) => system.name === 'erp')!;
    expect(erp.cache.hits).toBeGreaterThan(0);
    expect(erp.cache.hitRate).toBeGreaterThan(0);
    expect(erp.budget).toBeNull();
    expect(status.systems.find((system) => system.name === 'crm')!.budget).toEqual({ budget: '100 per 10 s', inUse: expect.any(Number) });
    const page = await (await fetch(`${stack.url}/status`, { headers: { accept: 'text/html' } })).text();
    expect(page).toMatch(/<article class="system" data-system="erp"[^]*?Cache hit rate <strong>\d+ %<\/strong>[^]*?No request budget/);
    expect(page).toContain('Budget 100 per 10 s');
  });

  it('drops entries on invalidateCache, for admins only, and writes it to the audit log', async () => {
    const invalidate = 'mutation($system: String!, $type: String, $id: ID) { invalidateCache(system: $system, type: $type, id: $id) { system type id dropped } }';
    await stack.graphql(CUSTOMER, { id: customerId(12) });
    await stack.resetSandbox();
    const dropped = await stack.graphql(invalidate, { system: 'erp', type: 'partner', id: '12' });
    expect(dropped.body.data?.invalidateCache).toEqual({ system: 'erp', type: 'partner', id: '12', dropped: 1 });
    await stack.graphql(CUSTOMER, { id: customerId(12) });
    expect(await erpCalls()).toBe(1);
    const entry = await stack.app.store.prisma.auditLog.findFirst({ where: { action: 'cache.invalidate', targetId: 'erp:partner:12' } });
    expect(entry?.details).toEqual({ dropped: 1 });

    const everything = await stack.graphql(invalidate, { system: 'crm' });
    expect((everything.body.data?.invalidateCache as { dropped: number }).dropped).toBeGreaterThan(0);

    const code = async (variables: Record<string, unknown>, headers?: Record<string, string>) =>
      (await stack.graphql(invalidate, variables, headers)).body.errors?.[0]?.extensions;
    expect(await code({ system: 'erp', type: 'partners' })).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'type' });
    expect(await code({ system: 'erp', id: '12' })).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'id' });
    expect(await code({ system: 'ledger' })).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'system' });
    expect(await code({ system: 'erp' }, { authorization: '' })).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
