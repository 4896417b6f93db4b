/**
 * Screenshots for docs/: the ops console with real dead letters (made by a CRM outage in the sandbox)
 * and the status page, taken in headless Chromium against a gateway on this machine.
 * Needs what `npm test` needs: PostgreSQL at DATABASE_URL (default 127.0.0.1:5432/test) and Chromium.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { customerId, eventually, PLACE_ORDER, productId } from '../tests/helpers/graphqlAs.js';
import { launchChromium } from '../tests/helpers/launchChromium.js';
import { startStack, TEST_ADMIN_KEY, type Stack } from '../tests/helpers/startStack.js';

const DOCS = fileURLToPath(new URL('../docs/', import.meta.url));
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

async function makeDeadLetters(stack: Stack): Promise<string[]> {
  await stack.fault('crm', { route: '*', mode: 'error', status: 503 });
  const ids: string[] = [];
  for (const [index, partner] of [4, 7, 12, 15].entries()) {
    const customer = await stack.graphql(`{ customer(id: "${customerId(partner)}") { currency } }`);
    const currency = (customer.body.data?.customer as { currency: string }).currency;
    await stack.graphql(PLACE_ORDER, {
      input: { customerId: customerId(partner), lines: [{ productId: productId(2 + index), quantity: 1 + index }], currency },
      key: `web-checkout-${1000 + index}`,
    });
  }
  const letters = await eventually(
    () => stack.graphql('{ deadLetters(first: 10) { nodes { id } } }'),
    (result) => ((result.body.data?.deadLetters as { nodes: unknown[] } | undefined)?.nodes.length ?? 0) >= 4,
    'four dead letters',
  );
  ids.push(...(letters.body.data?.deadLetters as { nodes: { id: string }[] }).nodes.map((node) => node.id));
  await stack.resetSandbox();
  return ids;
}

async function shoot(page: Page, name: string, fullPage = false): Promise<void> {
  const path = `${DOCS}${name}`;
  await page.screenshot({ path, fullPage });
  console.log(`wrote docs/${name}`);
}

async function main(): Promise<void> {
  const stack = await startStack({
    env: { CRM_JOB_RETRY_LIMIT: '1', CRM_JOB_RETRY_DELAY_SECONDS: '1', CRM_BREAKER_VOLUME_THRESHOLD: '1000' },
  });
  const chromium = await launchChromium({ viewport: { width: 1360, height: 860 } });
  try {
    await mkdir(DOCS, { recursive: true });
    const [replayed, discarded, opened] = await makeDeadLetters(stack);
    await stack.graphql('mutation($id: ID!) { replayDeadLetter(id: $id) { outcome } }', { id: replayed });
    await stack.graphql('mutation($id: ID!) { discardDeadLetter(id: $id, reason: "order cancelled by phone") { id } }', { id: discarded });
    await stack.graphql('mutation { createApiKey(input: { name: "web shop", role: CLIENT, plan: "pro" }) { secret } }');
    await stack.graphql('mutation { createApiKey(input: { name: "warehouse scanner", role: CLIENT, plan: "free" }) { secret } }');

    const page = await chromium.context.newPage();
    await page.goto(`${stack.url}/admin`);
    await page.getByLabel('Admin API key').fill(TEST_ADMIN_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(/dead letters? match/).waitFor();
    await shoot(page, 'ops-console.png');

    await page.goto(`${stack.url}/admin#dead-letter/${encodeURIComponent(opened ?? '')}`);
    await page.getByRole('heading', { level: 2, name: 'Payload' }).waitFor();
    await shoot(page, 'ops-console-dead-letter.png', true);

    await page.goto(`${stack.url}/admin#breakers`);
    await page.getByRole('button', { name: 'Reset the crm breaker' }).waitFor();
    await shoot(page, 'ops-console-breakers.png');

    await page.goto(`${stack.url}/admin#api-keys`);
    await page.getByLabel('Name').fill('partner portal');
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByLabel('New secret').waitFor();
    await shoot(page, 'ops-console-api-keys.png');

    const status = await fetch(`${stack.url}/status`, { headers: { accept: BROWSER_ACCEPT } });
    if (status.headers.get('content-type')?.startsWith('text/html')) {
      await page.goto(`${stack.url}/status`);
      await page.waitForLoadState('networkidle');
      await shoot(page, 'status-page.png', true);
    } else {
      console.warn(`/status answers ${status.headers.get('content-type') ?? 'no content type'} to a browser, not HTML: no status page screenshot`);
    }
  } finally {
    await chromium.close();
    await stack.close();
  }
}

await main();
