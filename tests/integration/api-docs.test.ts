import { buildSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printSdl } from '../../src/graphql/printSdl.js';
import { startStack, type Stack } from '../helpers/startStack.js';

interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, { tags?: string[]; responses: Record<string, { content?: Record<string, unknown> }>; parameters?: { name: string; in: string }[]; requestBody?: { content: Record<string, unknown> } }>>;
}

describe('published API', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.close());

  describe('OpenAPI at /docs/json', () => {
    let document: OpenApiDocument;
    beforeAll(async () => {
      const response = await fetch(`${stack.url}/docs/json`);
      expect(response.status).toBe(200);
      document = (await response.json()) as OpenApiDocument;
    });

    it('is an OpenAPI 3.1 document of the gateway’s version', async () => {
      const { version } = (await (await fetch(`${stack.url}/status`)).json()) as { version: string };
      expect(document.openapi).toBe('3.1.0');
      expect(document.info).toMatchObject({ title: 'Switchyard REST API', version });
      for (const [path, operations] of Object.entries(document.paths)) {
        for (const [method, operation] of Object.entries(operations)) {
          expect(['get', 'post'], `${method} ${path}`).toContain(method);
          expect(operation.tags?.length, `${method} ${path} has a tag`).toBeGreaterThan(0);
          expect(Object.keys(operation.responses).length, `${method} ${path} has responses`).toBeGreaterThan(0);
        }
      }
    });

    it('lists exactly the REST routes, and not GraphQL or the documentation itself', () => {
      expect(Object.keys(document.paths).sort()).toEqual(['/healthz', '/metrics', '/readyz', '/schema.graphql', '/status', '/webhooks/{source}']);
      expect(Object.keys(document.paths).filter((path) => path.startsWith('/docs') || path.startsWith('/graphql'))).toEqual([]);
      expect(Object.keys(document.paths.healthz ?? document.paths['/healthz']!)).toEqual(['get']);
    });

    it('describes the webhook route’s parameter, raw body and refusals, and both faces of /status', () => {
      const webhook = document.paths['/webhooks/{source}']!.post!;
      expect(webhook.parameters?.find((parameter) => parameter.in === 'path')?.name).toBe('source');
      expect(webhook.parameters?.some((parameter) => parameter.in === 'header' && parameter.name === 'stripe-signature')).toBe(true);
      expect(Object.keys(webhook.requestBody?.content ?? {})).toEqual(['application/json']);
      expect(Object.keys(webhook.responses).sort()).toEqual(['200', '4XX']);
      expect(Object.keys(document.paths['/status']!.get!.responses['200']!.content ?? {}).sort()).toEqual(['application/json', 'text/html']);
      expect(Object.keys(document.paths['/readyz']!.get!.responses).sort()).toEqual(['200', '503']);
    });
  });

  describe('Swagger UI at /docs', () => {
    it('is served from the gateway itself, with no external URL and a policy that allows only itself', async () => {
      const response = await fetch(`${stack.url}/docs/`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/html');
      const html = await response.text();
      const references = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
      expect(references.length).toBeGreaterThan(3);
      for (const reference of references) {
        expect(reference, 'relative to the gateway').not.toMatch(/^(https?:)?\/\//);
        const asset = await fetch(new URL(reference, `${stack.url}/docs/`));
        expect(asset.status, reference).toBe(200);
      }
      const initializer = await (await fetch(`${stack.url}/docs/static/swagger-initializer.js`)).text();
      // No string in it names another host (its one comment links to a Stack Overflow answer).
      expect(initializer).not.toMatch(/["'`]https?:\/\//);
      expect(initializer).toContain("resolveUrl('./json')");

      const policy = response.headers.get('content-security-policy') ?? '';
      expect(policy).toContain("script-src 'self'");
      expect(policy).toContain("connect-src 'self'");
      expect(policy).toContain("frame-ancestors 'none'");
      expect(policy).not.toMatch(/https?:/);
    });

    it('leaves the allow-nothing policy on every other route', async () => {
      for (const path of ['/healthz', '/docs/json', '/schema.graphql']) {
        const policy = (await fetch(`${stack.url}${path}`)).headers.get('content-security-policy');
        if (path === '/docs/json') expect(policy, path).toContain("default-src 'none'");
        else expect(policy, path).toBe("default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'");
      }
    });
  });

  describe('GET /schema.graphql', () => {
    it('is the SDL with its directives, the same as the published copy would be', async () => {
      const response = await fetch(`${stack.url}/schema.graphql`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      const sdl = await response.text();
      expect(sdl).toBe(printSdl());
      const schema = buildSchema(sdl);
      expect(schema.getQueryType()?.getFields()).toHaveProperty('customers');
      expect(sdl).toMatch(/@auth\(/);
      expect(sdl).toMatch(/@cost\(/);
    });
  });
});

describe('GET /schema.graphql reserved to ADMIN keys', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { SCHEMA_DOWNLOAD: 'admin' } });
  });
  afterAll(() => stack?.close());

  it('refuses anonymous callers and non-admin keys, and serves an admin key', async () => {
    const anonymous = await fetch(`${stack.url}/schema.graphql`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('UNAUTHENTICATED');

    const created = await stack.graphql('mutation { createApiKey(input: { name: "docs reader", role: CLIENT, plan: "pro" }) { secret } }');
    const clientKey = (created.body.data?.createApiKey as { secret: string }).secret;
    const client = await fetch(`${stack.url}/schema.graphql`, { headers: { 'x-api-key': clientKey } });
    expect(client.status).toBe(403);

    const admin = await fetch(`${stack.url}/schema.graphql`, { headers: { authorization: 'Bearer test-admin-key-0123456789abcdef' } });
    expect(admin.status).toBe(200);
    expect(await admin.text()).toContain('type Query');
  });
});
