import { readdir, readFile } from 'node:fs/promises';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerHardening } from '../../src/http/registerHardening.js';
import { ADMIN_CONSOLE_CSP, registerAdminConsoleRoute } from '../../src/http/routes/adminConsoleRoute.js';

const ASSETS_DIR = new URL('../../src/http/admin/assets/', import.meta.url);

let app: FastifyInstance;

beforeAll(async () => {
  app = Fastify();
  // With the API's hardening, so the page's policy is checked as it is really sent.
  registerHardening(app, { corsOrigins: [] });
  await registerAdminConsoleRoute(app);
  await app.ready();
});
afterAll(() => app.close());

const referenced = (html: string) => [...html.matchAll(/<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '');

describe('GET /admin', () => {
  it('serves the shell with its own strict policy: scripts and styles from this origin only', async () => {
    const response = await app.inject({ method: 'GET', url: '/admin' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toBe(ADMIN_CONSOLE_CSP);
    expect(ADMIN_CONSOLE_CSP).toContain("script-src 'self'");
    expect(ADMIN_CONSOLE_CSP).not.toContain('unsafe');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    // No inline code for the policy to have to allow, and nothing from another host.
    expect(response.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(response.body).not.toMatch(/\bstyle=|<style\b|\bon[a-z]+=/i);
    expect(referenced(response.body).filter((url) => !url.startsWith('data:'))).toEqual([
      '/admin/assets/console.css',
      '/admin/assets/console.js',
    ]);
  });

  it('redirects the trailing-slash form', async () => {
    const response = await app.inject({ method: 'GET', url: '/admin/' });
    expect(response.statusCode).toBe(301);
    expect(response.headers.location).toBe('/admin');
  });

  it('serves every module the console imports, with an ETag that answers 304 when unchanged', async () => {
    const files = (await readdir(ASSETS_DIR)).sort();
    for (const file of files) {
      const response = await app.inject({ method: 'GET', url: `/admin/assets/${file}` });
      expect(response.statusCode, file).toBe(200);
      expect(response.headers['content-type'], file).toBe(file.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8');
      expect(response.headers['cache-control'], file).toBe('no-cache');
      const etag = String(response.headers.etag);
      const again = await app.inject({ method: 'GET', url: `/admin/assets/${file}`, headers: { 'if-none-match': etag } });
      expect(again.statusCode, file).toBe(304);
      expect(again.body).toBe('');
    }
    // Every relative import resolves to a served file, so nothing fails to load in the browser.
    for (const file of files.filter((name) => name.endsWith('.js'))) {
      const source = await readFile(new URL(file, ASSETS_DIR), 'utf8');
      for (const [, target] of source.matchAll(/\bfrom '\.\/([^']+)'/g)) expect(files, `${file} imports ${target}`).toContain(target);
    }
  });

  it('serves nothing outside its allow-list', async () => {
    for (const url of ['/admin/assets/missing.js', '/admin/assets/../console.html', '/admin/assets/%2e%2e/console.html', '/admin/console.html']) {
      expect((await app.inject({ method: 'GET', url })).statusCode, url).toBe(404);
    }
  });

  it('never writes markup from strings: data reaches the page as text', async () => {
    for (const file of await readdir(ASSETS_DIR)) {
      if (!file.endsWith('.js')) continue;
      const source = await readFile(new URL(file, ASSETS_DIR), 'utf8');
      expect(source, file).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function/);
    }
  });
});
