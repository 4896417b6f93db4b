import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_WEBHOOK_SECRETS } from '../../src/sandbox/startSandbox.js';
import { eventually, invoiceId } from '../helpers/graphqlAs.js';
import { launchChromium, type Chromium } from '../helpers/launchChromium.js';
import { sandboxRecords } from '../helpers/sandboxRecords.js';
import { startStack, TEST_ADMIN_KEY, type Stack } from '../helpers/startStack.js';

/** The ops console's e-invoices section in Debian's headless Chromium, against a real gateway and sandbox. */
describe('ops console: an e-invoice refused by a Peppol rule, corrected and sent again', { timeout: 60_000 }, () => {
  let stack: Stack;
  let chromium: Chromium;
  let page: Page;
  const problems: string[] = [];
  let invoice: { id: number; name: string };
  let erp: ReturnType<typeof sandboxRecords>['erp'];

  beforeAll(async () => {
    [stack, chromium] = await Promise.all([startStack({ env: { EINVOICING_WEBHOOK_SECRETS: SANDBOX_WEBHOOK_SECRETS.einvoicing } }), launchChromium()]);
    stack.sandbox.webhooks.setTarget('einvoicing', `${stack.url}/webhooks/einvoicing`);
    erp = sandboxRecords(stack.sandbox).erp;
    page = await chromium.context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
  });
  afterAll(async () => {
    await chromium?.close();
    await stack?.close();
  });

  const stateOf = async () => (await stack.app.services.einvoices.records.get(invoice.id))?.state;
  const deadLetterStatuses = async () => {
    const letters = await stack.graphql(`{ deadLetters(filter: { kind: "einvoice-send" }, first: 10) { nodes { status } } }`);
    return (letters.body.data?.deadLetters as { nodes: { status: string }[] }).nodes.map((letter) => letter.status);
  };

  it('lists the refused invoice with the rule it breaks, where, and its dead letter', async () => {
    // Partner 361's Peppol endpoint has wrong check digits (src/sandbox/README.md, e-invoicing groups).
    const [found] = (await erp('account.move', 'search_read', [[['partner_id', '=', 361], ['state', '=', 'posted'], ['move_type', '=', 'out_invoice']]], { fields: ['id', 'name'], limit: 1 })) as {
      id: number;
      name: string;
    }[];
    invoice = found!;
    const sent = await stack.graphql(`mutation($id: ID!, $key: String!) { sendInvoice(invoiceId: $id, idempotencyKey: $key) { followUpId } }`, { id: invoiceId(invoice.id), key: randomUUID() });
    expect(sent.body.errors).toBeUndefined();
    await eventually(stateOf, (state) => state === 'REJECTED', 'the invoice to be refused');
    // The job records REJECTED, then the runner records its dead letter: the console is opened once both are there.
    await eventually(deadLetterStatuses, (statuses) => statuses.length === 1, 'the refusal to be dead-lettered');

    await page.goto(`${stack.url}/admin`);
    await page.getByLabel('Admin API key').fill(TEST_ADMIN_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dead letters' }).waitFor();
    await page.getByRole('link', { name: 'E-invoices' }).click();
    await page.getByRole('heading', { level: 1, name: 'E-invoices' }).waitFor();
    await page.getByText('1 e-invoice needs action').waitFor();

    const row = page.getByRole('row').filter({ hasText: invoice.name });
    const text = await row.textContent();
    expect(text).toContain('REJECTED');
    expect(text).toMatch(/PEPPOL-COMMON-R043: .*Belgian enterprise number/);
    expect(text).toContain('AccountingCustomerParty');
    expect(await row.getByRole('link', { name: `Open the dead letter of ${invoice.name}` }).count()).toBe(1);
    expect(await page.title()).toBe('E-invoices · Switchyard ops console');
  });

  it('sends it again once the ERP data is corrected: the replay resolves the letter and the buyer receives it', async () => {
    const [partner] = (await erp('res.partner', 'read', [[361]], { fields: ['company_registry'] })) as { company_registry: string }[];
    await erp('res.partner', 'write', [[361], { peppol_endpoint: partner!.company_registry }]);

    await page.getByRole('button', { name: `Send ${invoice.name} again` }).click();
    await page.getByText(`${invoice.name}: replay outcome REPLAYED`).waitFor();
    await page.getByText('No e-invoice needs action').waitFor();
    await eventually(stateOf, (state) => state === 'DELIVERED', 'the corrected invoice to be delivered');
    expect(await deadLetterStatuses()).toEqual(['REPLAYED']);
    expect(problems).toEqual([]);
  });
});
