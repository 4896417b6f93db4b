import type { FastifyRequest } from 'fastify';

export type JsonBody = { ok: true; value: unknown } | { ok: false; error: string };

const parsedBodies = new WeakMap<FastifyRequest, JsonBody>();

/** The raw body text; every sandbox server keeps bodies unparsed so that malformed ones still reach the hooks. */
export function rawBody(request: FastifyRequest): string {
  return typeof request.body === 'string' ? request.body : '';
}

/** Parses the body as JSON once per request (the ERP route key and its handler both need it). */
export function jsonBody(request: FastifyRequest): JsonBody {
  const cached = parsedBodies.get(request);
  if (cached) return cached;
  let result: JsonBody;
  try {
    result = { ok: true, value: JSON.parse(rawBody(request)) as unknown };
  } catch (error) {
    result = { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  parsedBodies.set(request, result);
  return result;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
