import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';

export interface GraphiqlOptions {
  /** URL the page's fetcher POSTs to, e.g. '/graphql'. */
  endpoint: string;
  /** Path under which the asset files are served; default '/graphiql/assets'. */
  assetsPrefix?: string;
  title?: string;
  /** The editor's query on a first visit. */
  defaultQuery?: string;
  /** The headers editor's content on a first visit, e.g. the sandbox run's credentials. */
  defaultHeaders?: Readonly<Record<string, string>>;
}

const DEFAULT_ASSETS_PREFIX = '/graphiql/assets';

interface AssetSource {
  name: string;
  pkg: string;
  file: string;
  contentType: string;
}

// A fixed allow-list: no route takes a path parameter, so nothing outside these files is reachable.
const ASSETS: readonly AssetSource[] = [
  { name: 'react.production.min.js', pkg: 'react', file: 'umd/react.production.min.js', contentType: 'text/javascript; charset=utf-8' },
  { name: 'react-dom.production.min.js', pkg: 'react-dom', file: 'umd/react-dom.production.min.js', contentType: 'text/javascript; charset=utf-8' },
  { name: 'graphiql.min.js', pkg: 'graphiql', file: 'graphiql.min.js', contentType: 'text/javascript; charset=utf-8' },
  { name: 'graphiql.min.css', pkg: 'graphiql', file: 'graphiql.min.css', contentType: 'text/css; charset=utf-8' },
];

function assetUrl(options: GraphiqlOptions, name: string): string {
  const prefix = (options.assetsPrefix ?? DEFAULT_ASSETS_PREFIX).replace(/\/+$/, '');
  return `${prefix}/${name}`;
}

/** q-value the Accept header gives a media type, using its most specific matching range. */
export function acceptQuality(accept: string, type: string): number {
  const [major] = type.split('/');
  let best = { specificity: -1, q: 0 };
  for (const part of accept.split(',')) {
    const [range = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const specificity = range === type ? 2 : range === `${major}/*` ? 1 : range === '*/*' ? 0 : -1;
    if (specificity <= best.specificity) continue;
    const qParam = params.find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    best = { specificity, q: Number.isFinite(q) ? q : 0 };
  }
  return best.q;
}

export function wantsGraphiql(request: {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  query: unknown;
}): boolean {
  // Fastify answers HEAD with the GET handler, so HEAD must decide the same way as GET.
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const { query } = request;
  if (typeof query === 'object' && query !== null && 'query' in query) return false;
  const header = request.headers.accept;
  const accept = Array.isArray(header) ? header.join(',') : (header ?? '');
  const html = acceptQuality(accept, 'text/html');
  // `*/*` alone (curl, most clients) must keep getting the API, so HTML has to win outright.
  return (
    html > 0 &&
    html > acceptQuality(accept, 'application/json') &&
    html > acceptQuality(accept, 'application/graphql-response+json')
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that is safe inside <script>: no `</script>` or `<!--` can be formed. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function connectSources(endpoint: string): string {
  try {
    return `'self' ${new URL(endpoint).origin}`;
  } catch {
    return "'self'"; // relative endpoint
  }
}

function bootstrapScript(options: GraphiqlOptions): string {
  const props: Record<string, unknown> = { defaultEditorToolsVisibility: true };
  if (options.defaultQuery !== undefined) props.defaultQuery = options.defaultQuery;
  // GraphiQL takes the headers as the editor's JSON text.
  if (options.defaultHeaders !== undefined) props.defaultHeaders = JSON.stringify(options.defaultHeaders, null, 2);
  return (
    `const fetcher = GraphiQL.createFetcher({ url: ${scriptJson(options.endpoint)} });` +
    `ReactDOM.createRoot(document.getElementById('graphiql'))` +
    `.render(React.createElement(GraphiQL, Object.assign({ fetcher: fetcher }, ${scriptJson(props)})));`
  );
}

/**
 * The page's content security policy, in its meta tag and also sent as the response header, which
 * replaces the API's allow-nothing policy for this one page.
 */
export function graphiqlContentSecurityPolicy(options: GraphiqlOptions): string {
  const bootstrapHash = createHash('sha256').update(bootstrapScript(options)).digest('base64');
  // CodeMirror and GraphiQL set inline styles at run time, hence 'unsafe-inline' for styles only.
  return [
    "default-src 'none'",
    `script-src 'self' 'sha256-${bootstrapHash}'`,
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self' data:",
    "img-src 'self' data:",
    `connect-src ${connectSources(options.endpoint)}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function renderGraphiqlHtml(options: GraphiqlOptions): string {
  const title = escapeHtml(options.title ?? 'GraphiQL');
  const bootstrap = bootstrapScript(options);
  const csp = graphiqlContentSecurityPolicy(options);
  const src = (name: string): string => escapeHtml(assetUrl(options, name));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
<link rel="stylesheet" href="${src('graphiql.min.css')}">
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script src="${src('react.production.min.js')}"></script>
<script src="${src('react-dom.production.min.js')}"></script>
<script src="${src('graphiql.min.js')}"></script>
<script>${bootstrap}</script>
</body>
</html>
`;
}

export async function registerGraphiqlAssets(app: FastifyInstance, options: GraphiqlOptions): Promise<void> {
  const require = createRequire(import.meta.url);
  for (const asset of ASSETS) {
    // The packages' `exports` maps hide their UMD files, so resolve package.json and go from its folder.
    const path = join(dirname(require.resolve(`${asset.pkg}/package.json`)), asset.file);
    const body = await readFile(path);
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    app.get(assetUrl(options, asset.name), async (request, reply) => {
      reply.header('cache-control', 'public, max-age=86400').header('etag', etag);
      const ifNoneMatch = request.headers['if-none-match'];
      if (ifNoneMatch !== undefined && ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
        return reply.code(304).send();
      }
      return reply.type(asset.contentType).send(body);
    });
  }
}
