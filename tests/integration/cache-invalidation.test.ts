import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_WEBHOOK_SECRETS } from '../../src/sandbox/startSandbox.js';
import { customerId, eventually, PLACE_ORDER, productId } from '../helpers/graphqlAs.js';
import { startStack, type Stack } from '../helpers/startStack.js';
import { api, executeKw } from '../sandbox/sandboxClient.js';

/** Fresh for ten minutes: whatever changes within a test, a notification made it show, not time. */
const LONG_FRESHNESS = [
  'erp.partner', 'erp.order', 'erp.orderPickings', 'crm.contact', 'payments.partnerPayments', 'shipping.tracker',
].map((type) => `${type}=600`).join(',');

/** The systems' own notifications reach this stack's gateway, as they would in production. */
async function notifiedStack(env: Record<string, string> = {}): Promise<Stack> {
  const stack = await startStack({
    env: {
      CACHE: 'on',
      CACHE_FRESHNESS: LONG_FRESHNESS,
      STRIPE_WEBHOOK_SECRETS: SANDBOX_WEBHOOK_SECRETS.payments,
      SHIPPING_WEBHOOK_SECRETS: SANDBOX_WEBHOOK_SECRETS.shipping,
      HUBSPOT_CLIENT_SECRETS: SANDBOX_WEBHOOK_SECRETS.crm,
      ...env,
    },
  });
  stack.sandbox.webhooks.setTarget('payments', `${stack.url}/webhooks/stripe`);
  stack.sandbox.webhooks.setTarget('shipping', `${stack.url}/webhooks/shipping`);
  stack.sandbox.webhooks.setTarget('crm', `${stack.url}/webhooks/hubspot`);
  return stack;
}

describe('cached records kept fresh by the systems’ own notifications', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await notifiedStack();
  });
  afterAll(() => stack.close());

  const customer = async (id: number, selection: string) =>
    (await stack.graphql(`query($id: ID!) { customer(id: $id) { ${selection} } }`, { id: customerId(id) })).body.data?.customer as any;

  it('HubSpot: a contact changed in the CRM shows once its contact.propertyChange arrives', async () => {
    const before = await customer(31, 'crm { id lifecycleStage }');
    const stage = before.crm.lifecycleStage === 'evangelist' ? 'opportunity' : 'evangelist';
    expect((await customer(31, 'crm { id lifecycleStage }')).crm.lifecycleStage).toBe(before.crm.lifecycleStage);
    const patched = await api(stack.sandbox, 'crm').patch(`/crm/v3/objects/contacts/${before.crm.id}`, { properties: { lifecyclestage: stage } });
    expect(patched.status).toBe(200);
    await eventually(() => customer(31, 'crm { lifecycleStage }'), (answer) => answer.crm.lifecycleStage === stage, 'the new lifecycle stage');
  });

  it('Stripe: a payment made outside the gateway shows once its payment_intent events arrive', async () => {
    const before = await customer(32, 'payments { id }');
    const search = await api(stack.sandbox, 'payments').get(`/v1/customers/search?query=${encodeURIComponent("metadata['erp_partner_id']:'32'")}`);
    const stripeCustomer = search.body.data[0];
    const created = await api(stack.sandbox, 'payments').form('/v1/payment_intents', {
      amount: 4321,
      currency: 'eur',
      customer: stripeCustomer.id,
      payment_method: stripeCustomer.invoice_settings.default_payment_method,
      confirm: true,
      'metadata[erp_partner_id]': '32',
    });
    expect(created.status).toBe(200);
    const after = await eventually(() => customer(32, 'payments { id }'), (answer) => answer.payments.length === before.payments.length + 1, 'the new payment');
    expect(after.payments.map((payment: { id: string }) => payment.id)).toContain(created.body.id);
  });

  it('EasyPost: a parcel scanned at the carrier shows once its tracker.updated arrives', async () => {
    const query = 'query($id: ID!) { order(id: $id) { shipments { trackingCode updatedAt events { message } } } }';
    const order = async () => ((await stack.graphql(query, { id: Buffer.from('Order:5').toString('base64url') })).body.data?.order as any).shipments[0];
    const before = await order();
    const scanned = await fetch(`${stack.sandbox.urls.shipping}/_control/trackers/${before.trackingCode}/scan`, { method: 'POST' });
    expect(scanned.status).toBe(200);
    const after = await eventually(order, (shipment) => shipment.events.length === before.events.length + 1, 'the new scan');
    expect(after.updatedAt).not.toBe(before.updatedAt);
  });

  it("the gateway's own writes change what it serves at once", async () => {
    const before = await customer(1, 'orders(first: 1) { id }');
    const placed = await stack.graphql(PLACE_ORDER, {
      input: { customerId: customerId(1), currency: 'EUR', lines: [{ productId: productId(1), quantity: 1 }] },
      key: `cache-own-write-${Date.now()}`,
    });
    expect(placed.body.errors).toBeUndefined();
    const order = (placed.body.data?.placeOrder as { order: { id: string } }).order.id;
    expect(order).not.toBe(before.orders[0].id);
    expect((await customer(1, 'orders(first: 1) { id }')).orders[0].id).toBe(order);
  });
});

describe('the ERP, which announces nothing, asked by write_date', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await notifiedStack({ POLL_ERP_SECONDS: '1' });
  });
  afterAll(() => stack.close());

  it('shows a partner renamed in Odoo once the next poll has seen it, and keeps the cursor', async () => {
    // The first poll only notes where the ERP stands; what is written from then on is told.
    await eventually(() => stack.app.store.prisma.pollCursor.findUnique({ where: { system: 'erp-changes:account.move' } }), (cursor) => cursor !== null, 'the first poll');
    const read = async () => ((await stack.graphql('query($id: ID!) { customer(id: $id) { name } }', { id: customerId(33) })).body.data?.customer as { name: string }).name;
    const before = await read();
    const renamed = `${before} (renamed)`;
    const written = await executeKw(stack.sandbox, 'res.partner', 'write', [[33], { name: renamed }]);
    expect(written.body.result).toBe(true);
    await eventually(read, (name) => name === renamed, 'the new name');
    const cursor = await stack.app.store.prisma.pollCursor.findUnique({ where: { system: 'erp-changes:res.partner' } });
    expect(JSON.parse(cursor!.cursor!)).toMatchObject({ id: 33 });
  });
});
