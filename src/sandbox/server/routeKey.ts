import type { FastifyRequest } from 'fastify';

const routeKeys = new WeakMap<FastifyRequest, string>();

/**
 * "<METHOD> <route template>", with Fastify's `:param` written `{param}` as API docs do,
 * e.g. "GET /crm/v3/objects/contacts/{id}". Unrouted requests use their path.
 */
export function baseRouteKey(request: FastifyRequest): string {
  const template = request.routeOptions.url;
  const path = template === undefined ? request.url.split('?')[0] ?? request.url : template.replace(/:(\w+)/g, '{$1}');
  return `${request.method} ${path}`;
}

export function rememberRouteKey(request: FastifyRequest, key: string): void {
  routeKeys.set(request, key);
}

/** The route key stats and faults used for this request. */
export function routeKeyOf(request: FastifyRequest): string {
  return routeKeys.get(request) ?? baseRouteKey(request);
}
