import type { FastifyRequest } from 'fastify';

/** The parsed query string as a plain record (the sandbox routes declare no schemas). */
export function queryOf(request: FastifyRequest): Record<string, unknown> {
  const query = request.query;
  return typeof query === 'object' && query !== null ? (query as Record<string, unknown>) : {};
}

/** The last value of a query parameter given once or repeated. */
export function singleParam(value: unknown): string | undefined {
  if (Array.isArray(value)) return singleParam(value[value.length - 1]);
  return typeof value === 'string' ? value : undefined;
}

/** An integer query parameter within [min, max]; undefined when absent, null when invalid. */
export function intParam(value: unknown, min: number, max: number): number | undefined | null {
  const text = singleParam(value);
  if (text === undefined || text === '') return undefined;
  if (!/^-?\d+$/.test(text)) return null;
  const number = Number(text);
  return number < min || number > max ? null : number;
}

/** The request's own origin, for the absolute links HubSpot puts in paging. */
export function originOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}
