import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerId, eventually, PLACE_ORDER, productId } from '../helpers/graphqlAs.js';
import { launchChromium, type Chromium } from '../helpers/launchChromium.js';
import { sandboxRecords } from '../helpers/sandboxRecords.js';
import { startStack, TEST_ADMIN_KEY, type Stack } from '../helpers/startStack.js';

const OPEN_CRM_NOTES = `query { deadLetters(filter: { status: OPEN, system: "crm", kind: "crm-order-note" }, first: 50) { nodes { id payload } } }`;

/** The ops console in Debian's headless Chromium against a real gateway and sandbox. */
describe('ops console in a browser', { timeout: 60_000 }, () => {
  let stack: Stack;
  let chromium: Chromium;
  let page: Page;
  const problems: string[] = [];
  // Three orders placed during one CRM outage: one replayed alone, one discarded, one replayed by a batch.
  const orders: { replay: string; discard: string; batch: string } = { replay: '', discard: '', batch: '' };

  beforeAll(async () => {
    [stack, chromium] = await Promise.all([
      startStack({
        // One retry a second later, then the note is dead-lettered; the breaker lets every attempt through.
        // The webhook endpoint it lists is the gateway's own address, on loopback.
        env: { CRM_JOB_RETRY_LIMIT: '1', CRM_JOB_RETRY_DELAY_SECONDS: '1', CRM_BREAKER_VOLUME_THRESHOLD: '1000', WEBHOOK_DELIVERY_ALLOWED_DESTINATIONS: '127.0.0.1' },
      }),
      launchChromium(),
    ]);
    page = await chromium.context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      // The wrong-key step is meant to get a 401; anything else logged as an error (a CSP refusal,
      // a failed module load) is a defect.
      if (message.type() === 'error' && !/status of 401/.test(message.text())) problems.push(message.text());
    });
    page.on('dialog', (dialog) => void dialog.accept());
  });
  afterAll(async () => {
    await chromium?.close();
    await stack?.close();
  });

  it('a wrong key gets a clear message; the admin key signs in', async () => {
    await page.goto(`${stack.url}/admin`);
    await page.getByLabel('Admin API key').fill('sy_not-a-real-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Sign-in failed' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('the gateway did not accept this API key');
    expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(false);

    await page.getByLabel('Admin API key').fill(TEST_ADMIN_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dead letters' }).waitFor();
    expect(await page.evaluate('sessionStorage.length')).toBe(1);
  });

  it('lists the dead letter an injected CRM outage made, and opens it with payload and attempts', async () => {
    await stack.fault('crm', { route: '*', mode: 'error', status: 503 });
    const customer = await stack.graphql(`{ customer(id: "${customerId(4)}") { currency } }`);
    const currency = (customer.body.data?.customer as { currency: string }).currency;
    for (const which of ['replay', 'discard', 'batch'] as const) {
      const placed = await stack.graphql(PLACE_ORDER, {
        input: { customerId: customerId(4), lines: [{ productId: productId(2), quantity: 1 }], currency },
        key: `ops-console-${which}`,
      });
      expect(placed.body.errors).toBeUndefined();
      orders[which] = (placed.body.data?.placeOrder as any).order.reference;
    }
    await eventually(
      () => stack.graphql(OPEN_CRM_NOTES),
      (result) => ((result.body.data?.deadLetters as any)?.nodes.length ?? 0) === 3,
      'three CRM notes to be dead-lettered',
    );

    await page.getByLabel('System').selectOption('crm');
    await page.getByLabel('Kind').fill('crm-order-note');
    await page.getByLabel('Search').fill('ops-console-replay');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('1 dead letter match').waitFor();
    const row = page.getByRole('row').filter({ hasText: 'ops-console-replay' });
    expect(await row.textContent()).toContain('UPSTREAM_UNAVAILABLE');
    await row.getByRole('link', { name: /^Open dead letter/ }).click();

    await page.getByRole('heading', { level: 2, name: 'Payload' }).waitFor();
    const payload = JSON.parse((await page.locator('pre.payload').textContent()) ?? '');
    expect(payload).toMatchObject({ orderReference: orders.replay });
    const attempts = page.getByRole('table').filter({ hasText: 'Upstream status' }).locator('tbody tr');
    expect(await attempts.count()).toBe(2);
    for (const text of await attempts.allTextContents()) expect(text).toMatch(/queue.*failed.*UPSTREAM_UNAVAILABLE.*503/);
    expect(await page.getByText('Not resolved: neither replayed nor discarded yet.').count()).toBe(1);
  });

  it('replays it once the CRM is back, shows it replayed, and the CRM has the note', async () => {
    await stack.resetSandbox();
    await page.getByRole('button', { name: 'Replay', exact: true }).click();
    await page.getByText('Replay outcome: REPLAYED').waitFor();
    const facts = await page.locator('dl.facts').allTextContents();
    expect(facts.join(' ')).toContain('StatusREPLAYED');
    expect(facts.join(' ')).toMatch(/Resolved bybootstrap-admin.*Resolutionreplayed/);
    expect(await page.getByRole('button', { name: 'Replay', exact: true }).count()).toBe(0);

    const notes = await sandboxRecords(stack.sandbox).notesWithKeyPrefix('sy-crm-note-');
    expect(notes.filter((note) => note.properties.hs_note_body?.includes(orders.replay))).toHaveLength(1);

    // Back to the list, with the filters kept: the letter now shows as replayed.
    await page.getByRole('link', { name: '← Back to dead letters' }).click();
    const row = page.getByRole('row').filter({ hasText: 'ops-console-replay' });
    await row.getByText('REPLAYED', { exact: true }).waitFor();
  });

  it('discards a letter only with a reason', async () => {
    await page.getByLabel('Search').fill('ops-console-discard');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('row').filter({ hasText: 'ops-console-discard' }).getByRole('link').click();
    await page.getByRole('button', { name: 'Discard' }).click();
    await page.getByRole('alert').filter({ hasText: 'Give a reason' }).waitFor();
    expect(await page.getByLabel('Reason (required)').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Reason (required)').fill('duplicate order, cancelled by phone');
    await page.getByRole('button', { name: 'Discard' }).click();
    await page.getByText('Discarded: the letter stays on record with your reason.').waitFor();
    expect((await page.locator('dl.facts').allTextContents()).join(' ')).toContain('Resolutionduplicate order, cancelled by phone');
  });

  it('replays a filtered batch and shows each outcome', async () => {
    await page.getByRole('link', { name: '← Back to dead letters' }).click();
    await page.getByLabel('Search').fill('ops-console-batch');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('1 dead letter match').waitFor();
    await page.getByRole('button', { name: 'Replay matching open letters' }).click();
    await page.getByText('Matched 1: 1 replayed, 0 failed, 0 skipped.').waitFor();
    const outcome = page.getByRole('table').filter({ hasText: 'Outcome of each replay' }).locator('tbody tr');
    expect(await outcome.allTextContents()).toEqual([expect.stringMatching(/crm-order-note\s*REPLAYED/)]);

    const notes = await sandboxRecords(stack.sandbox).notesWithKeyPrefix('sy-crm-note-');
    const bodies = notes.map((note) => note.properties.hs_note_body ?? '');
    expect(bodies.filter((body) => body.includes(orders.batch))).toHaveLength(1);
    expect(bodies.filter((body) => body.includes(orders.discard))).toHaveLength(0);
  });

  it('shows breakers and queue stats, and resets a breaker', async () => {
    await page.getByRole('link', { name: 'Breakers and queues' }).click();
    await page.getByRole('heading', { level: 1, name: 'Breakers and queues' }).waitFor();
    const breakerRows = page.getByRole('table').filter({ hasText: 'One breaker per upstream system' }).locator('tbody tr');
    await breakerRows.first().waitFor();
    expect((await breakerRows.allTextContents()).map((text) => text.split(/[A-Z]/)[0])).toEqual(['crm', 'erp', 'payments', 'shipping', 'einvoicing']);
    expect(await page.getByRole('row').filter({ hasText: 'crm-order-note' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Reset the crm breaker' }).click();
    await page.getByText('The crm breaker was reset; it is CLOSED now.').waitFor();
  });

  it('creates a key and shows its secret once, then revokes it', async () => {
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByLabel('Name').fill('browser test key');
    await page.getByLabel('Plan').selectOption('pro');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = await page.getByLabel('New secret').inputValue();
    const row = page.getByRole('row').filter({ hasText: 'browser test key' });
    await row.waitFor();
    const prefix = (await row.locator('code').textContent()) ?? '';
    expect(prefix.length).toBeGreaterThan(0);
    expect(secret.startsWith(prefix)).toBe(true);
    expect((await stack.graphql('{ gatewayVersion }', undefined, { authorization: `Bearer ${secret}` })).status).toBe(200);

    await page.getByRole('button', { name: 'Done, hide the secret' }).click();
    expect(await page.getByLabel('New secret').count()).toBe(0);
    await row.getByRole('button', { name: 'Revoke key browser test key' }).click();
    await row.getByText('revoked', { exact: true }).waitFor();
    expect((await stack.graphql('{ gatewayVersion }', undefined, { authorization: `Bearer ${secret}` })).status).toBe(401);
  });

  it('shows webhook endpoints and their deliveries, and signs out', async () => {
    const url = `${stack.url}/ops-console-test/hooks`;
    const created = await stack.graphql(
      'mutation($url: String!) { createWebhookEndpoint(url: $url, events: ["order.placed"], description: "ops console test") { endpoint { id } } }',
      { url },
    );
    expect(created.body.errors).toBeUndefined();
    await page.getByRole('link', { name: 'Webhooks' }).click();
    const endpoint = page.getByRole('row').filter({ hasText: url });
    await endpoint.waitFor();
    expect(await endpoint.textContent()).toMatch(/ops console test.*order\.placed.*ENABLED/);
    await endpoint.getByRole('button', { name: `Show deliveries to ${url}` }).click();
    await page.getByText('No deliveries with this status.').waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
    expect(problems).toEqual([]);
  });
});
