import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type Chromium } from '../helpers/launchChromium.js';
import { startStack, TEST_ADMIN_KEY, type Stack } from '../helpers/startStack.js';

/** A newcomer's first visit, in Debian's headless Chromium: open /graphql, press run, read an answer. */
describe('GraphiQL in a browser, sandbox mode', { timeout: 60_000 }, () => {
  let stack: Stack;
  let chromium: Chromium;
  const problems: string[] = [];

  beforeAll(async () => {
    [stack, chromium] = await Promise.all([startStack({ graphiqlHeaders: { authorization: `Bearer ${TEST_ADMIN_KEY}` } }), launchChromium()]);
  });
  afterAll(async () => {
    await chromium?.close();
    await stack?.close();
  });

  it('answers the example query on the first click', async () => {
    const page = await chromium.context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      // The browser's own guess at a favicon is no part of the page.
      if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) problems.push(`${message.text()} ${message.location().url}`);
    });
    const expected = await stack.graphql('{ customer(id: "Q3VzdG9tZXI6MQ") { name } }');
    const name = (expected.body.data?.customer as { name: string }).name;
    expect(name).toMatch(/\S/);

    await page.goto(`${stack.url}/graphql`);
    await page.locator('.graphiql-execute-button').click();
    const result = page.locator('.result-window');
    await result.getByText(name).first().waitFor();
    const text = (await result.textContent()) ?? '';
    expect(text).toContain('"orders"');
    expect(text).not.toContain('"errors"');
    expect(problems).toEqual([]);
  });
});
