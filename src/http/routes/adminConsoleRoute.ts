import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** The shell names its assets by absolute path under it, so the path is fixed. */
const PATH = '/admin';
const CONSOLE_DIR = new URL('../admin/', import.meta.url);
const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

// A fixed allow-list: no route takes a path parameter, so nothing outside these files is reachable.
const ASSETS: readonly { readonly name: string; readonly contentType: string }[] = [
  { name: 'console.js', contentType: JS },
  { name: 'api.js', contentType: JS },
  { name: 'dom.js', contentType: JS },
  { name: 'deadLetters.js', contentType: JS },
  { name: 'breakers.js', contentType: JS },
  { name: 'apiKeys.js', contentType: JS },
  { name: 'webhooks.js', contentType: JS },
  { name: 'einvoices.js', contentType: JS },
  { name: 'console.css', contentType: CSS },
];

/**
 * The console's own policy replaces the API's allow-nothing one for this page: its scripts and styles
 * come only from this origin (no inline code at all), and it talks only to this origin's /graphql.
 */
export const ADMIN_CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

interface StaticFile {
  readonly body: Buffer;
  readonly etag: string;
  readonly contentType: string;
}

async function load(relative: string, contentType: string): Promise<StaticFile> {
  const body = await readFile(new URL(relative, CONSOLE_DIR));
  return { body, contentType, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
}

function notModified(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  return header !== undefined && header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

function send(request: FastifyRequest, reply: FastifyReply, file: StaticFile): FastifyReply {
  // File names carry no version, so browsers revalidate every time; an unchanged file costs a 304.
  void reply.header('cache-control', 'no-cache').header('etag', file.etag);
  if (notModified(request, file.etag)) return reply.code(304).send();
  return reply.type(file.contentType).send(file.body);
}

/** GET /admin: the ops console, a static page whose scripts call POST /graphql with an admin key. */
export async function registerAdminConsoleRoute(app: FastifyInstance): Promise<void> {
  const shell = await load('console.html', 'text/html; charset=utf-8');
  app.get(PATH, async (request, reply) => {
    void reply.header('content-security-policy', ADMIN_CONSOLE_CSP);
    return send(request, reply, shell);
  });
  app.get(`${PATH}/`, async (_request, reply) => reply.redirect(PATH, 301));
  for (const asset of ASSETS) {
    const file = await load(`assets/${asset.name}`, asset.contentType);
    app.get(`${PATH}/assets/${asset.name}`, async (request, reply) => send(request, reply, file));
  }
}
