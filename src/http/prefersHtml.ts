import { acceptQuality } from './graphiql/registerGraphiql.js';

/** A browser's Accept header: HTML must beat JSON outright, so `*∕*` (curl, fetch) keeps getting JSON. */
export function prefersHtml(accept: string | string[] | undefined): boolean {
  const header = Array.isArray(accept) ? accept.join(',') : (accept ?? '');
  const html = acceptQuality(header, 'text/html');
  return html > 0 && html > acceptQuality(header, 'application/json');
}
