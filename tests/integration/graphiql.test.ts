import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerGraphiqlAssets, renderGraphiqlHtml, wantsGraphiql } from '../../src/http/graphiql/registerGraphiql.js';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
const options = { endpoint: '/graphql', title: 'Switchyard <GraphiQL>' };

let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  app = Fastify();
  await registerGraphiqlAssets(app, options);
  app.get('/graphql', async (request, reply) => {
    if (wantsGraphiql(request)) {
      return reply.type('text/html; charset=utf-8').send(renderGraphiqlHtml(options));
    }
    return reply.code(400).send({ errors: [{ message: 'not the GraphiQL page' }] });
  });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await app?.close();
});

function referencedUrls(html: string): string[] {
  return [...html.matchAll(/<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '');
}

describe('GraphiQL page', () => {
  it('serves HTML to a browser that references only local assets', async () => {
    const res = await fetch(`${base}/graphql`, { headers: { accept: BROWSER_ACCEPT } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    const urls = referencedUrls(html);
    expect(urls).toEqual(
      expect.arrayContaining([
        '/graphiql/assets/graphiql.min.css',
        '/graphiql/assets/react.production.min.js',
        '/graphiql/assets/react-dom.production.min.js',
        '/graphiql/assets/graphiql.min.js',
      ]),
    );
    expect(html).not.toMatch(/\b(?:src|href)="(?:https?:)?\/\//);
    expect(html).toContain('GraphiQL.createFetcher({ url: "/graphql" })');
    expect(html).toContain('<title>Switchyard &#60;GraphiQL&#62;</title>');
  });

  it('serves every referenced asset as JS or CSS with caching headers', async () => {
    const html = await (await fetch(`${base}/graphql`, { headers: { accept: BROWSER_ACCEPT } })).text();
    const urls = referencedUrls(html);
    expect(urls.length).toBeGreaterThanOrEqual(4);
    for (const url of urls) {
      const res = await fetch(new URL(url, base));
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-type'), url).toMatch(/^text\/(?:javascript|css); charset=utf-8$/);
      expect(res.headers.get('cache-control'), url).toBe('public, max-age=86400');
      const etag = res.headers.get('etag');
      expect(etag, url).toMatch(/^"[\w-]+"$/);
      expect((await res.arrayBuffer()).byteLength, url).toBeGreaterThan(5_000);

      const again = await fetch(new URL(url, base), { headers: { 'if-none-match': etag ?? '' } });
      expect(again.status, url).toBe(304);
    }
  });

  it('serves nothing outside the allow-list', async () => {
    for (const path of ['/graphiql/assets/package.json', '/graphiql/assets/..%2F..%2Fpackage.json', '/graphiql/assets/']) {
      expect((await fetch(`${base}${path}`)).status, path).toBe(404);
    }
  });

  it.each([
    ['application/json', ''],
    ['application/graphql-response+json, application/json;q=0.9', ''],
    ['*/*', ''],
    [BROWSER_ACCEPT, '?query=%7B__typename%7D'],
  ])('does not serve HTML for Accept %s %s', async (accept, search) => {
    const res = await fetch(`${base}/graphql${search}`, { headers: { accept } });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).not.toMatch(/text\/html/);
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

  it('keeps the endpoint from closing the inline script', () => {
    const html = renderGraphiqlHtml({ endpoint: '/graphql?x=</script><script>alert(1)</script>' });
    expect(html).not.toContain('</script><script>alert(1)');
  });
});
