import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerId, eventually, PLACE_ORDER, productId } from '../helpers/graphqlAs.js';
import { startStack, TEST_ADMIN_KEY, type Stack } from '../helpers/startStack.js';

const SMALL_PLANS = fileURLToPath(new URL('../fixtures/plans-small.json', import.meta.url));
const SHIPPING_SECRET = `whsec_${Buffer.from('metrics test carrier signing key 1').toString('base64')}`;
const SCRAPER = { user: 'prometheus', password: 'scrape-secret-0123' };
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

interface Sample {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly value: number;
}

/** The Prometheus text format: `name{label="value",…} number` per line, `#` lines for HELP and TYPE. */
function parseExposition(text: string): { samples: Sample[]; types: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) types.set(type[1]!, type[2]!);
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    expect(match, `not a sample line: ${line}`).not.toBeNull();
    const labels: Record<string, string> = {};
    for (const label of match![2]?.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g) ?? []) labels[label[1]!] = label[2]!.replace(/\\(.)/g, '$1');
    samples.push({ name: match![1]!, labels, value: Number(match![3]) });
  }
  return { samples, types };
}

class Scrape {
  constructor(
    readonly samples: Sample[],
    readonly types: Map<string, string>,
  ) {}

  /** Samples of `name` whose labels include `labels`. */
  find(name: string, labels: Record<string, string> = {}): Sample[] {
    return this.samples.filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
  }

  sum(name: string, labels: Record<string, string> = {}): number {
    return this.find(name, labels).reduce((total, sample) => total + sample.value, 0);
  }
}

async function scrape(stack: Stack, headers: Record<string, string> = { authorization: basic(SCRAPER.user, SCRAPER.password) }): Promise<Scrape> {
  const response = await fetch(`${stack.url}/metrics`, { headers });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const { samples, types } = parseExposition(await response.text());
  return new Scrape(samples, types);
}

describe('GET /metrics', () => {
  let stack: Stack;
  let receiver: { server: Server; url: string; received: number };

  beforeAll(async () => {
    receiver = await new Promise((resolve) => {
      const state = { received: 0 } as { server: Server; url: string; received: number };
      state.server = createServer((request, response) => {
        request.resume();
        request.on('end', () => {
          state.received += 1;
          response.writeHead(204).end();
        });
      });
      state.server.listen(0, '127.0.0.1', () => resolve(Object.assign(state, { url: `http://127.0.0.1:${(state.server.address() as AddressInfo).port}/hooks` })));
    });
    stack = await startStack({
      env: {
        METRICS_BASIC_AUTH: `${SCRAPER.user}:${SCRAPER.password}`,
        PLANS_FILE: SMALL_PLANS,
        SHIPPING_WEBHOOK_SECRETS: SHIPPING_SECRET,
        WEBHOOK_DELIVERY_ALLOWED_DESTINATIONS: '127.0.0.1',
        CRM_BREAKER_VOLUME_THRESHOLD: '3',
        CRM_BREAKER_ERROR_PERCENT: '50',
        // Follow-up jobs wait for an open breaker's Retry-After: a short reset and one retry keep the dead letter near.
        CRM_BREAKER_RESET_MS: '3000',
        CRM_JOB_RETRY_LIMIT: '1',
        CRM_JOB_RETRY_DELAY_SECONDS: '1',
        WEBHOOK_DELIVERY_RETRY_DELAY_SECONDS: '1',
      },
    });
  });
  afterAll(async () => {
    await stack?.close();
    receiver.server.closeAllConnections();
    await new Promise<void>((resolve) => receiver.server.close(() => resolve()));
  });

  it('counts a GraphQL request by operation and outcome, and each upstream call by system, route and outcome, with histograms and retries', async () => {
    await stack.fault('crm', { route: '*', mode: 'error', status: 503 });
    const result = await stack.graphql('query CustomersWithCrm { customers(first: 2) { nodes { name crm { email } } } }');
    expect(result.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    await stack.graphql('query Version { gatewayVersion }');

    const metrics = await scrape(stack);
    expect(metrics.sum('switchyard_graphql_requests_total', { operation: 'CustomersWithCrm', outcome: 'UPSTREAM_UNAVAILABLE' })).toBe(1);
    expect(metrics.sum('switchyard_graphql_requests_total', { operation: 'Version', outcome: 'ok' })).toBe(1);
    expect(metrics.types.get('switchyard_graphql_request_duration_seconds')).toBe('histogram');
    expect(metrics.sum('switchyard_graphql_request_duration_seconds_count', { operation: 'CustomersWithCrm' })).toBe(1);
    expect(metrics.sum('switchyard_graphql_request_duration_seconds_bucket', { operation: 'CustomersWithCrm', le: '+Inf' })).toBe(1);

    const crmFailures = metrics.find('switchyard_upstream_calls_total', { system: 'crm', outcome: 'unavailable' });
    expect(crmFailures).toHaveLength(1);
    const crmRoute = crmFailures[0]!.labels.route!;
    // A route template: the method and a path without ids or query strings.
    expect(crmRoute).toMatch(/^POST \/crm\/v3\/objects\/contacts\/[a-z/]+$/);
    expect(crmFailures[0]!.value).toBe(1);
    expect(metrics.sum('switchyard_upstream_retries_total', { system: 'crm', route: crmRoute })).toBe(2);
    expect(metrics.sum('switchyard_upstream_calls_total', { system: 'erp', outcome: 'ok' })).toBeGreaterThan(0);
    expect(metrics.types.get('switchyard_upstream_call_duration_seconds')).toBe('histogram');
    expect(metrics.sum('switchyard_upstream_call_duration_seconds_count', { system: 'crm', route: crmRoute })).toBe(1);
    expect(metrics.find('switchyard_upstream_call_duration_seconds_bucket', { system: 'erp' }).length).toBeGreaterThan(0);
  });

  it('shows each breaker\'s state and counts its openings', async () => {
    let before = await scrape(stack);
    for (const system of ['crm', 'erp', 'payments', 'shipping', 'einvoicing']) {
      expect(before.sum('switchyard_circuit_breaker_state', { system, state: 'closed' })).toBe(1);
      expect(before.sum('switchyard_circuit_breaker_state', { system, state: 'open' })).toBe(0);
      expect(before.find('switchyard_circuit_breaker_opens_total', { system })).toHaveLength(1);
    }
    for (let i = 0; i < 6; i += 1) {
      const result = await stack.graphql('query ContactOnly { customers(first: 1) { nodes { crm { email } } } }');
      if (result.body.errors?.[0]?.extensions?.code === 'CIRCUIT_OPEN') break;
    }
    before = await scrape(stack);
    expect(before.sum('switchyard_circuit_breaker_state', { system: 'crm', state: 'open' })).toBe(1);
    expect(before.sum('switchyard_circuit_breaker_state', { system: 'crm', state: 'closed' })).toBe(0);
    expect(before.sum('switchyard_circuit_breaker_opens_total', { system: 'crm' })).toBe(1);
    expect(before.sum('switchyard_circuit_breaker_state', { system: 'erp', state: 'closed' })).toBe(1);
    expect(before.sum('switchyard_upstream_calls_total', { system: 'crm', outcome: 'circuit_open' })).toBeGreaterThan(0);
  });

  it('reads queue depth and open dead letters per job kind at scrape time', async () => {
    const empty = await scrape(stack);
    expect(empty.find('switchyard_queue_jobs', { kind: 'crm-order-note', state: 'queued' })).toHaveLength(1);
    expect(empty.sum('switchyard_dead_letters_open', { kind: 'crm-order-note' })).toBe(0);

    // The CRM is still down (breaker open): the order's CRM note fails its retries and becomes a dead letter.
    const customer = await stack.graphql(`{ customer(id: "${customerId(4)}") { currency } }`);
    const { currency } = customer.body.data?.customer as { currency: string };
    const placed = await stack.graphql(PLACE_ORDER, {
      input: { customerId: customerId(4), lines: [{ productId: productId(2), quantity: 1 }], currency },
      key: `metrics-order-${randomUUID()}`,
    });
    expect(placed.body.errors).toBeUndefined();
    const dead = await eventually(
      () => scrape(stack),
      (metrics) => metrics.sum('switchyard_dead_letters_open', { kind: 'crm-order-note' }) === 1,
      'the CRM note to be dead-lettered',
    );
    expect(dead.find('switchyard_queue_jobs', { kind: 'crm-order-note' }).map((sample) => sample.labels.state).sort()).toEqual(['active', 'queued', 'retrying']);
  });

  it('counts rate-limit refusals by plan', async () => {
    const created = await stack.graphql('mutation { createApiKey(input: { name: "tiny client", role: CLIENT, plan: "tiny" }) { secret } }');
    const secret = (created.body.data?.createApiKey as { secret: string }).secret;
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await stack.graphql('{ gatewayVersion }', undefined, { authorization: `Bearer ${secret}` })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const metrics = await scrape(stack);
    expect(metrics.sum('switchyard_rate_limit_rejections_total', { plan: 'tiny', limit: 'requests' })).toBe(1);
  });

  it('counts webhooks received by source and outcome, and deliveries sent by outcome', async () => {
    const subscribed = await stack.graphql(
      'mutation($url: String!) { createWebhookEndpoint(url: $url, events: ["shipment.updated"]) { endpoint { id } } }',
      { url: receiver.url },
    );
    expect(subscribed.body.errors).toBeUndefined();
    const payload = JSON.stringify({ id: `evt_${randomUUID()}`, object: 'Event', description: 'tracker.updated', result: { tracking_code: 'EZ4000000000001', status: 'in_transit' } });
    const send = (signature: string, id: string, at: Date) =>
      fetch(`${stack.url}/webhooks/shipping`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': signature },
        body: payload,
      });
    const at = new Date();
    const id = `msg_${randomUUID()}`;
    expect((await send(new Webhook(SHIPPING_SECRET).sign(id, at, payload), id, at)).status).toBe(200);
    expect((await send(new Webhook(SHIPPING_SECRET).sign(id, at, payload), id, at)).status).toBe(200);
    expect((await send('v1,aW52YWxpZA==', `msg_${randomUUID()}`, at)).status).toBe(400);

    const metrics = await eventually(
      () => scrape(stack),
      (scraped) => scraped.sum('switchyard_webhook_deliveries_total', { outcome: 'delivered' }) >= 1,
      'the shipment.updated delivery to the subscriber',
    );
    expect(metrics.sum('switchyard_webhooks_received_total', { source: 'shipping', outcome: 'accepted' })).toBe(1);
    expect(metrics.sum('switchyard_webhooks_received_total', { source: 'shipping', outcome: 'duplicate' })).toBe(1);
    expect(metrics.sum('switchyard_webhooks_received_total', { source: 'shipping', outcome: 'WEBHOOK_SIGNATURE_INVALID' })).toBe(1);
    expect(receiver.received).toBeGreaterThanOrEqual(1);
  });

  it('answers 401 without the scraper\'s credentials or an admin key', async () => {
    const refused = await fetch(`${stack.url}/metrics`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    expect((await fetch(`${stack.url}/metrics`, { headers: { authorization: basic(SCRAPER.user, 'wrong-password') } })).status).toBe(401);
    expect((await fetch(`${stack.url}/metrics`, { headers: { authorization: basic('someone', SCRAPER.password) } })).status).toBe(401);

    const created = await stack.graphql('mutation { createApiKey(input: { name: "client", role: CLIENT }) { secret } }');
    const clientKey = (created.body.data?.createApiKey as { secret: string }).secret;
    expect((await fetch(`${stack.url}/metrics`, { headers: { authorization: `Bearer ${clientKey}` } })).status).toBe(401);

    await scrape(stack, { authorization: `Bearer ${TEST_ADMIN_KEY}` });
    await scrape(stack, { 'x-api-key': TEST_ADMIN_KEY });
  });

  it('keeps each app\'s numbers to itself: a second app in the process has its own registry, open without METRICS_BASIC_AUTH', async () => {
    const other = await startStack({ sandbox: stack.sandbox });
    try {
      await other.graphql('query OnlyHere { gatewayVersion }');
      const mine = await scrape(other, {});
      expect(mine.sum('switchyard_graphql_requests_total', { operation: 'OnlyHere' })).toBe(1);
      expect(mine.find('switchyard_graphql_requests_total', { operation: 'CustomersWithCrm' })).toEqual([]);
      const first = await scrape(stack);
      expect(first.find('switchyard_graphql_requests_total', { operation: 'OnlyHere' })).toEqual([]);
    } finally {
      await other.close();
    }
  });
});
