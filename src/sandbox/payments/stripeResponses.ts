import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PaymentsData } from '../data/SandboxData.js';
import type { ProductError } from '../server/productError.js';
import { sendProductError } from '../server/productError.js';
import type { StripeObjectType } from './stripeExpand.js';
import { expandObjects } from './stripeExpand.js';
import type { Listable } from './stripeLists.js';
import { decodePageToken, encodePageToken, pageOf, readLimit } from './stripeLists.js';
import type { StripeParams } from './stripeQueryString.js';
import { stringList } from './stripeQueryString.js';
import type { SearchableResource } from './stripeSearch.js';
import { SearchQueryError, parseSearchQuery, runSearch } from './stripeSearch.js';
import { invalidRequest, resourceMissing } from './stripeErrors.js';

export function paramsOf(request: FastifyRequest): StripeParams {
  return (request.query ?? {}) as StripeParams;
}

const isError = (value: unknown): value is ProductError =>
  typeof value === 'object' && value !== null && 'status' in value && 'body' in value;

/** GET /v1/<resource>/{id}, with expand[]. */
export function sendOne(
  reply: FastifyReply,
  payments: PaymentsData,
  object: object | undefined,
  options: { id: string; type: StripeObjectType; missingName: string; params: StripeParams },
): FastifyReply {
  if (!object) return sendProductError(reply, resourceMissing(options.missingName, options.id));
  const expanded = expandObjects(payments, [object], options.type, stringList(options.params.expand), false);
  return isError(expanded) ? sendProductError(reply, expanded) : reply.send(expanded[0]);
}

/** A Stripe list object: `{ object: 'list', url, has_more, data }`, newest first with cursor paging. */
export function sendList<Row extends Listable>(
  reply: FastifyReply,
  payments: PaymentsData,
  rows: readonly Row[],
  options: { url: string; type: StripeObjectType; resource: string; params: StripeParams; lookup: (id: string) => Row | undefined },
): FastifyReply {
  const page = pageOf(rows, options.params, options.resource, options.lookup);
  if (!page.ok) return sendProductError(reply, page.error);
  const data = expandObjects(payments, page.data, options.type, stringList(options.params.expand), true);
  if (isError(data)) return sendProductError(reply, data);
  return reply.send({ object: 'list', url: options.url, has_more: page.hasMore, data });
}

/** A Stripe search result: `{ object: 'search_result', url, has_more, next_page, data }`. */
export function sendSearch<Row extends Listable>(
  reply: FastifyReply,
  payments: PaymentsData,
  resource: SearchableResource<Row>,
  options: { url: string; type: StripeObjectType; params: StripeParams },
): FastifyReply {
  const { params } = options;
  if (typeof params.query !== 'string' || params.query.trim() === '') {
    return sendProductError(reply, invalidRequest('Missing required param: query.', 'query'));
  }
  const limit = readLimit(params);
  if (typeof limit !== 'number') return sendProductError(reply, limit);
  let offset = 0;
  if (params.page !== undefined) {
    const decoded = typeof params.page === 'string' ? decodePageToken(params.page) : undefined;
    if (decoded === undefined) return sendProductError(reply, invalidRequest('Invalid page: pass the next_page value of a previous search result.', 'page'));
    offset = decoded;
  }
  let rows: Row[];
  try {
    rows = runSearch(resource, parseSearchQuery(params.query));
  } catch (error) {
    if (error instanceof SearchQueryError) return sendProductError(reply, invalidRequest(error.message, 'query'));
    throw error;
  }
  const page = rows.slice(offset, offset + limit);
  const hasMore = rows.length > offset + limit;
  const data = expandObjects(payments, page, options.type, stringList(params.expand), true);
  if (isError(data)) return sendProductError(reply, data);
  return reply.send({
    object: 'search_result', url: options.url, has_more: hasMore,
    next_page: hasMore ? encodePageToken(offset + limit) : null, data,
  });
}
