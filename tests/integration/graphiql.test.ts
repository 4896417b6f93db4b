import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_QUERY } from '../../src/http/graphiql/exampleQuery.js';
import { renderGraphiqlHtml, wantsGraphiql } from '../../src/http/graphiql/registerGraphiql.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/startSandbox.js';
import { sandboxBaseUrls, startStack, TEST_ADMIN_KEY, type Stack } from '../helpers/startStack.js';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
const RUN_CREDENTIALS = { authorization: `Bearer ${TEST_ADMIN_KEY}` };

async function graphiqlPage(stack: Stack): Promise<{ response: Response; html: string }> {
  const response = await fetch(`${stack.url}/graphql`, { headers: { accept: BROWSER_ACCEPT } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  return { response, html: await response.text() };
}

/** The props the page's bootstrap script hands to GraphiQL, besides its fetcher. */
function graphiqlProps(html: string): Record<string, unknown> {
  const json = /React\.createElement\(GraphiQL, Object\.assign\(\{ fetcher: fetcher \}, (\{.*?\})\)\)\);<\/script>/.exec(html)?.[1];
  expect(json, 'the bootstrap script passes its props as JSON').toBeDefined();
  return JSON.parse(json!) as Record<string, unknown>;
}

function referencedUrls(html: string): string[] {
  return [...html.matchAll(/<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '');
}

describe("the gateway's GraphiQL page in sandbox mode", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ graphiqlHeaders: RUN_CREDENTIALS });
  });
  afterAll(() => stack?.close());

  it('serves HTML to a browser that references only local assets', async () => {
    const { html } = await graphiqlPage(stack);
    expect(referencedUrls(html).sort()).toEqual([
      '/graphiql/assets/graphiql.min.css',
      '/graphiql/assets/graphiql.min.js',
      '/graphiql/assets/react-dom.production.min.js',
      '/graphiql/assets/react.production.min.js',
    ]);
    expect(html).not.toMatch(/\b(?:src|href)="(?:https?:)?\/\//);
    expect(html).toContain('GraphiQL.createFetcher({ url: "/graphql" })');
    expect(html).toContain('<title>Switchyard GraphiQL</title>');
  });

  it("opens on the example query with this run's credentials, and the first run answers", async () => {
    const props = graphiqlProps((await graphiqlPage(stack)).html);
    expect(props.defaultQuery).toBe(EXAMPLE_QUERY);
    expect(typeof props.defaultHeaders).toBe('string');
    const headers = JSON.parse(props.defaultHeaders as string) as Record<string, string>;
    expect(headers).toEqual(RUN_CREDENTIALS);

    // What GraphiQL sends on the first click: the default query with the default headers.
    const result = await stack.graphql(EXAMPLE_QUERY, undefined, headers);
    expect(result.body.errors).toBeUndefined();
    const customer = result.body.data?.customer as { name: string; orders: { reference: string }[]; payments: unknown[] };
    expect(customer.name).toMatch(/\S/);
    expect(customer.orders.length).toBeGreaterThan(0);
    for (const order of customer.orders) expect(order.reference).toMatch(/^S\d{5}$/);
  });

  it('serves every referenced asset as JS or CSS with caching headers', async () => {
    const urls = referencedUrls((await graphiqlPage(stack)).html);
    expect(urls).toHaveLength(4);
    for (const url of urls) {
      const res = await fetch(new URL(url, stack.url));
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-type'), url).toMatch(/^text\/(?:javascript|css); charset=utf-8$/);
      expect(res.headers.get('cache-control'), url).toBe('public, max-age=86400');
      const etag = res.headers.get('etag');
      expect(etag, url).toMatch(/^"[\w-]+"$/);
      expect((await res.arrayBuffer()).byteLength, url).toBeGreaterThan(5_000);

      const again = await fetch(new URL(url, stack.url), { headers: { 'if-none-match': etag ?? '' } });
      expect(again.status, url).toBe(304);
    }
  });

  it('serves nothing outside the allow-list', async () => {
    for (const path of ['/graphiql/assets/package.json', '/graphiql/assets/..%2F..%2Fpackage.json', '/graphiql/assets/']) {
      expect((await fetch(`${stack.url}${path}`)).status, path).toBe(404);
    }
  });

  it.each([['application/json'], ['application/graphql-response+json, application/json;q=0.9'], ['*/*']])(
    'answers GET /graphql with Accept %s as the API, not with the page',
    async (accept) => {
      const res = await fetch(`${stack.url}/graphql`, { headers: { accept } });
      expect(res.headers.get('content-type')).not.toMatch(/text\/html/);
      expect(res.status).toBe(400);
    },
  );

  it('runs a GET with a query even for a browser', async () => {
    const res = await fetch(`${stack.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: BROWSER_ACCEPT } });
    expect(res.headers.get('content-type')).not.toMatch(/text\/html/);
    const body = (await res.json()) as { data?: unknown; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ __typename: 'Query' });
  });
});

describe("the gateway's GraphiQL page outside sandbox mode", () => {
  let sandbox: Sandbox;
  let stack: Stack;
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 42 });
    const env = {
      SANDBOX: 'false',
      ...sandboxBaseUrls(sandbox),
    };
    // A caller that passes credentials by mistake still gets a page without them.
    stack = await startStack({ sandbox, env, graphiqlHeaders: RUN_CREDENTIALS });
  });
  afterAll(async () => {
    await stack?.close();
    await sandbox?.stop();
  });

  it('opens on the example query with no credentials in the page', async () => {
    const { html } = await graphiqlPage(stack);
    const props = graphiqlProps(html);
    expect(props.defaultQuery).toBe(EXAMPLE_QUERY);
    expect(props).not.toHaveProperty('defaultHeaders');
    expect(html).not.toContain(TEST_ADMIN_KEY);
    expect(html.toLowerCase()).not.toContain('authorization');
  });
});

describe('wantsGraphiql', () => {
  const req = (accept: string | undefined, method = 'GET', query: unknown = {}) => ({
    method,
    headers: { accept },
    query,
  });

  it('decides on method, query and Accept', () => {
    expect(wantsGraphiql(req(BROWSER_ACCEPT))).toBe(true);
    expect(wantsGraphiql(req('text/html;q=0.5, application/json;q=0.9'))).toBe(false);
    expect(wantsGraphiql(req('text/html;q=0'))).toBe(false);
    expect(wantsGraphiql(req(undefined))).toBe(false);
    expect(wantsGraphiql(req(BROWSER_ACCEPT, 'POST'))).toBe(false);
    expect(wantsGraphiql(req(BROWSER_ACCEPT, 'GET', { query: '{ __typename }' }))).toBe(false);
  });

  it('keeps the endpoint and the headers from closing the inline script', () => {
    const html = renderGraphiqlHtml({
      endpoint: '/graphql?x=</script><script>alert(1)</script>',
      defaultHeaders: { 'x-note': '</script><script>alert(2)</script>' },
    });
    expect(html).not.toContain('</script><script>alert(1)');
    expect(html).not.toContain('</script><script>alert(2)');
  });
});
