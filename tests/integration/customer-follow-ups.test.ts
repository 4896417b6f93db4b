import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueCustomerFollowUps } from '../../src/reliability/enqueueCustomerFollowUps.js';
import { eventually } from '../helpers/graphqlAs.js';
import { startStack, type Stack } from '../helpers/startStack.js';
import { TEST_DATABASE_URL } from '../helpers/testDatabase.js';

const CREATE_CUSTOMER = `mutation($input: CustomerInput!, $key: String) {
  createCustomer(input: $input, idempotencyKey: $key) { customer { id } sync { system state followUpId } }
}`;

const CONTACT_CREATE = 'POST /crm/v3/objects/contacts';
const STRIPE_CUSTOMER_CREATE = 'POST /v1/customers';

/** A new customer's CRM contact and Stripe customer are both follow-ups on the one durable path: the queue. */
describe("createCustomer's follow-ups", () => {
  let stack: Stack;
  let pool: pg.Pool;

  /** The queue's rows for these job ids: name and state per id. */
  const jobsOf = async (ids: string[]) =>
    (
      await pool.query<{ id: string; name: string; state: string }>(
        `SELECT id::text, name, state::text FROM ${pg.escapeIdentifier(stack.database.queueSchema)}.job WHERE id = ANY($1::uuid[]) ORDER BY name`,
        [ids],
      )
    ).rows;
  const created = async (route: string, system: 'crm' | 'payments') => (await stack.calls(system)).byRoute[route] ?? 0;

  beforeAll(async () => {
    stack = await startStack();
    pool = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 1 });
  });
  afterAll(async () => {
    await pool.end();
    await stack.close();
  });

  it('go through the queue as two jobs named by the follow-up ids the mutation returns', async () => {
    const input = { name: 'Katherine Johnson', email: 'katherine.johnson@example.org', currency: 'USD' };
    const result = await stack.graphql(CREATE_CUSTOMER, { input, key: 'follow-ups-katherine' });
    expect(result.body.errors).toBeUndefined();
    const sync = (result.body.data?.createCustomer as { sync: { system: string; followUpId: string | null }[] }).sync;
    const crm = sync.find((entry) => entry.system === 'crm')!.followUpId!;
    const payments = sync.find((entry) => entry.system === 'payments')!.followUpId!;

    const jobs = await eventually(
      () => jobsOf([crm, payments]),
      (rows) => rows.length === 2 && rows.every((row) => row.state === 'completed'),
      'both follow-up jobs to complete',
    );
    expect(jobs).toEqual([
      { id: crm, name: 'crm-create-contact', state: 'completed' },
      { id: payments, name: 'payments-create-customer', state: 'completed' },
    ]);
    // Nothing else writes the contact: one upsert for one customer.
    expect(await created(CONTACT_CREATE, 'crm')).toBe(1);
  });

  it('enqueued again with the same key are the same jobs, and each runs once', async () => {
    const queue = stack.app.services.queue;
    const scope = { principalId: 'follow-up-test', key: 'retried-request' };
    const customer = { partnerId: 90_001, email: 'dorothy.vaughan@example.org', name: 'Dorothy Vaughan', phone: null, company: null };
    const [contactsBefore, stripeBefore] = [await created(CONTACT_CREATE, 'crm'), await created(STRIPE_CUSTOMER_CREATE, 'payments')];

    const first = await enqueueCustomerFollowUps(queue, scope, customer);
    const second = await enqueueCustomerFollowUps(queue, scope, customer);
    expect(second).toEqual(first);
    await eventually(
      () => jobsOf([first.crm, first.payments]),
      (rows) => rows.length === 2 && rows.every((row) => row.state === 'completed'),
      'both follow-up jobs to complete',
    );
    // After they ran, a third request still names the finished jobs rather than new ones.
    expect(await enqueueCustomerFollowUps(queue, scope, customer)).toEqual(first);
    expect(await jobsOf([first.crm, first.payments])).toHaveLength(2);
    expect(await created(CONTACT_CREATE, 'crm')).toBe(contactsBefore + 1);
    expect(await created(STRIPE_CUSTOMER_CREATE, 'payments')).toBe(stripeBefore + 1);
    // Another request's key names other jobs.
    const other = await enqueueCustomerFollowUps(queue, { ...scope, key: 'another-request' }, customer);
    expect([other.crm, other.payments].some((id) => id === first.crm || id === first.payments)).toBe(false);
  });
});
