import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/startSandbox.js';
import { customerId, eventually } from '../helpers/graphqlAs.js';
import { startStack, type Stack } from '../helpers/startStack.js';
import { dropSchema, uniqueSchemaName } from '../helpers/testDatabase.js';

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const CRM = 'query($id: ID!) { customer(id: $id) { name crm { email } } }';

const crmOf = (stack: Stack, id: number) => stack.graphql(CRM, { id: customerId(id) });

describe('upstream budgets', () => {
  describe('a spent budget', () => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await startStack({ env: { CRM_BUDGET: '2/3s', UPSTREAM_BUDGET_MAX_WAIT_MS: '0' } });
    });
    afterAll(() => stack.close());

    it("fails that system's fields with RATE_LIMITED, system and retryAfter, without calling it; the rest answers", async () => {
      await stack.resetSandbox();
      for (const id of [51, 52]) expect((await crmOf(stack, id)).body.errors).toBeUndefined();
      const refused = await crmOf(stack, 53);
      expect(refused.body.data?.customer).toEqual({ name: expect.any(String), crm: null });
      expect(refused.body.errors).toEqual([
        expect.objectContaining({ path: ['customer', 'crm'], extensions: expect.objectContaining({ code: 'RATE_LIMITED', system: 'crm', retryable: true, retryAfter: expect.any(Number) }) }),
      ]);
      expect((await stack.calls('crm')).requests).toBe(2);
    });

    it('makes a queued job wait for it instead of failing', async () => {
      for (const id of [54, 55, 56]) await crmOf(stack, id);
      const email = `budget-${randomUUID()}@example.com`;
      const created = await stack.graphql('mutation($input: CustomerInput!, $key: String) { createCustomer(input: $input, idempotencyKey: $key) { customer { id } } }', {
        input: { name: 'Budget Wait', email, currency: 'EUR' },
        key: `budget-${randomUUID()}`,
      });
      const id = (created.body.data?.createCustomer as { customer: { id: string } }).customer.id;
      await eventually(() => stack.graphql('query($id: ID!) { customer(id: $id) { crm { email } } }', { id }), (answer) => (answer.body.data?.customer as any)?.crm?.email === email, 'the CRM contact');
      expect(await stack.app.store.prisma.deadLetter.count()).toBe(0);
      const metrics = await (await fetch(`${stack.url}/metrics`)).text();
      expect(metrics).toMatch(/switchyard_upstream_budget_waits_total\{system="crm"\} [1-9]/);
      expect(metrics).toMatch(/switchyard_upstream_budget_refusals_total\{system="crm"\} [1-9]/);
    });
  });

  describe('against a sandbox that enforces the vendor limit', () => {
    let sandbox: Sandbox;
    beforeAll(async () => {
      sandbox = await startSandbox({ seed: 42, rateLimits: { crm: { requests: 10, windowMs: 1000 } } });
    });
    afterAll(() => sandbox.stop());

    /** 40 requests at once, each needing the CRM once; the 429s the sandbox answered. */
    async function burst(budget: string) {
      const stack = await startStack({ sandbox, env: { CRM_BUDGET: budget, CRM_RETRY_LIMIT: '0' } });
      try {
        await stack.resetSandbox();
        const answers = await Promise.all(Array.from({ length: 40 }, (_, index) => crmOf(stack, 60 + index)));
        const stats = (await (await fetch(`${sandbox.urls.crm}/_control/stats`)).json()) as { rateLimited: { total: number } };
        return { sent429: stats.rateLimited.total, answered: answers.filter((answer) => (answer.body.data?.customer as any)?.crm).length };
      } finally {
        await stack.close();
      }
    }

    it('is never sent a 429 by it when the budget is the vendor limit, while the same burst without one is', async () => {
      const kept = await burst('10/1s');
      expect(kept.sent429).toBe(0);
      expect(kept.answered).toBeGreaterThanOrEqual(10);
      const unbudgeted = await burst('unlimited');
      expect(unbudgeted.sent429).toBeGreaterThan(0);
    });
  });

  describe('two instances on one Redis', () => {
    let first: Stack;
    let second: Stack;
    const database = { schema: uniqueSchemaName('budget'), queueSchema: uniqueSchemaName('budget_queue') };
    beforeAll(async () => {
      const env = { REDIS_URL, RATE_LIMIT_KEY_PREFIX: `switchyard:test:${randomBytes(4).toString('hex')}:`, CRM_BUDGET: '3/30s', UPSTREAM_BUDGET_MAX_WAIT_MS: '0' };
      first = await startStack({ database, env });
      second = await startStack({ database, env, sandbox: first.sandbox });
    });
    afterAll(async () => {
      await second.close();
      await first.close();
      await Promise.all([dropSchema(database.schema), dropSchema(database.queueSchema)]);
    });

    it('share one budget', async () => {
      for (const id of [81, 82]) expect((await crmOf(first, id)).body.errors).toBeUndefined();
      expect((await crmOf(second, 83)).body.errors).toBeUndefined();
      expect((await crmOf(second, 84)).body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
      expect((await crmOf(first, 85)).body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    });
  });
});
