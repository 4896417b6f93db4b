import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sandboxRecords } from '../helpers/sandboxRecords.js';
import { startRecordingProxy, type RecordedRequest, type RecordingProxy } from '../helpers/recordingProxy.js';
import { startStack, type Stack } from '../helpers/startStack.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/startSandbox.js';

/** The model, method, positional and keyword arguments of one Odoo `execute_kw` on the wire. */
interface OdooCall {
  readonly model: string;
  readonly method: string;
  readonly args: unknown[];
  readonly kwargs: { fields?: string[]; limit?: number };
}

function odooCalls(requests: readonly RecordedRequest[]): OdooCall[] {
  return requests.flatMap((request) => {
    const { params } = JSON.parse(request.body) as { params: { service: string; args: unknown[] } };
    if (params.service !== 'object') return [];
    const [, , , model, method, args, kwargs] = params.args as [unknown, unknown, unknown, string, string, unknown[], OdooCall['kwargs']];
    return [{ model, method, args, kwargs: kwargs ?? {} }];
  });
}

const hubSpotBodies = (requests: readonly RecordedRequest[], objectType: string) =>
  requests
    .filter((request) => request.url === `/crm/v3/objects/${objectType}/batch/read`)
    .map((request) => JSON.parse(request.body) as { properties: string[]; inputs: unknown[] });

const stripeExpands = (requests: readonly RecordedRequest[], resource: string) =>
  requests
    .filter((request) => request.url.startsWith(`/v1/${resource}/search`))
    .map((request) => new URL(request.url, 'http://stripe').searchParams.getAll('expand[]'));

type Nodes<T> = { customers: { nodes: T[] } };

describe('selection-aware upstream reads', () => {
  let sandbox: Sandbox;
  let stack: Stack;
  let erp: RecordingProxy;
  let crm: RecordingProxy;
  let payments: RecordingProxy;

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 42 });
    [erp, crm, payments] = await Promise.all([
      startRecordingProxy(sandbox.urls.erp),
      startRecordingProxy(sandbox.urls.crm),
      startRecordingProxy(sandbox.urls.payments),
    ]);
    stack = await startStack({ sandbox, baseUrls: { erp: erp.url, crm: crm.url, payments: payments.url } });
  });
  afterAll(async () => {
    await stack.close();
    await Promise.all([erp.close(), crm.close(), payments.close()]);
    await sandbox.stop();
  });
  beforeEach(() => {
    for (const proxy of [erp, crm, payments]) proxy.clear();
  });

  it('asks Odoo only for the fields the query reaches, and reads only the orders it shows', async () => {
    const result = await stack.graphql('{ customers(first: 50) { nodes { id name orders(first: 5) { id total { amount currency } } } } }');
    expect(result.body.errors).toBeUndefined();
    const nodes = (result.body.data as Nodes<{ id: string; orders: unknown[] }>).customers.nodes;
    expect(nodes).toHaveLength(50);

    const calls = odooCalls(erp.requests);
    const partners = calls.find((call) => call.model === 'res.partner' && call.method === 'search_read');
    expect(new Set(partners?.kwargs.fields)).toEqual(new Set(['id', 'name', 'sale_order_ids']));
    const orderReads = calls.filter((call) => call.model === 'sale.order');
    expect(orderReads.map((call) => call.method)).toEqual(['read']);
    expect(new Set(orderReads[0]!.kwargs.fields)).toEqual(new Set(['id', 'amount_total', 'currency_id']));

    // The bound means something only where the customers have more orders than are shown.
    const partnerIds = (await sandboxRecords(sandbox).erp('res.partner', 'search_read', [[]], { fields: ['sale_order_ids'], limit: 51 })) as {
      sale_order_ids: number[];
    }[];
    const everyOrder = partnerIds.slice(0, 50).reduce((sum, partner) => sum + partner.sale_order_ids.length, 0);
    const shown = nodes.reduce((sum, node) => sum + node.orders.length, 0);
    const read = (orderReads[0]!.args[0] as number[]).length;
    expect(everyOrder).toBeGreaterThan(250);
    expect(read).toBe(shown);
    expect(read).toBeLessThanOrEqual(250);
  });

  it('asks once, with the union of the fields, for a record two parts of one query select', async () => {
    const listed = await stack.graphql('{ customers(first: 1) { nodes { id } } }');
    const id = (listed.body.data as Nodes<{ id: string }>).customers.nodes[0]!.id;
    erp.clear();
    const result = await stack.graphql('query ($id: ID!) { a: customer(id: $id) { name } b: customer(id: $id) { email address { city } } }', { id });
    expect(result.body.errors).toBeUndefined();
    const reads = odooCalls(erp.requests).filter((call) => call.model === 'res.partner');
    expect(reads).toHaveLength(1);
    expect(new Set(reads[0]!.kwargs.fields)).toEqual(new Set(['id', 'name', 'email', 'street', 'city', 'zip', 'country_id']));
  });

  it('asks HubSpot only for the properties selected, and no company when none is selected', async () => {
    const result = await stack.graphql('{ customers(first: 10) { nodes { crm { lifecycleStage } } } }');
    expect(result.body.errors).toBeUndefined();
    const contacts = hubSpotBodies(crm.requests, 'contacts');
    expect(contacts).toHaveLength(1);
    // The email matches each contact to its customer.
    expect(new Set(contacts[0]!.properties)).toEqual(new Set(['email', 'lifecyclestage']));
    expect(hubSpotBodies(crm.requests, 'companies')).toHaveLength(0);
  });

  it('expands the default card in Stripe only when it is selected', async () => {
    const balanceOnly = await stack.graphql('{ customers(first: 5) { nodes { billing { balance { amount } } } } }');
    expect(balanceOnly.body.errors).toBeUndefined();
    expect(stripeExpands(payments.requests, 'customers')).toEqual([[]]);

    payments.clear();
    const withCard = await stack.graphql('{ customers(first: 5) { nodes { billing { defaultCard { last4 } } } } }');
    expect(withCard.body.errors).toBeUndefined();
    expect(stripeExpands(payments.requests, 'customers')).toEqual([['data.invoice_settings.default_payment_method']]);
  });

  it('gives each customer its newest payments when `first` is asked, reading no more pages than for all of them', async () => {
    const all = await stack.graphql('{ customers(first: 50) { nodes { id payments { id } } } }');
    const searchesForAll = payments.requests.length;
    payments.clear();
    const newest = await stack.graphql('{ customers(first: 50) { nodes { id payments(first: 1) { id } } } }');
    expect(all.body.errors).toBeUndefined();
    expect(newest.body.errors).toBeUndefined();

    const everyPayment = (all.body.data as Nodes<{ payments: { id: string }[] }>).customers.nodes;
    const firstPayment = (newest.body.data as Nodes<{ payments: { id: string }[] }>).customers.nodes;
    expect(firstPayment.map((node) => node.payments)).toEqual(everyPayment.map((node) => node.payments.slice(0, 1)));
    expect(everyPayment.some((node) => node.payments.length > 1)).toBe(true);
    expect(payments.requests.length).toBeLessThanOrEqual(searchesForAll);
  });
});
