import type { FastifyReply, FastifyRequest } from 'fastify';

/** An error response in the simulated product's own format. */
export interface ProductError {
  status: number;
  body: unknown;
  /** Defaults to JSON; Odoo's proxy errors are HTML. */
  contentType?: string;
  headers?: Readonly<Record<string, string>>;
}

/** Builds the product's error response for a status, e.g. for an injected fault or an unknown route. */
export type ProductErrorFactory = (status: number, request: FastifyRequest) => ProductError;

export function sendProductError(reply: FastifyReply, error: ProductError, retryAfterSeconds?: number): FastifyReply {
  reply.code(error.status);
  if (error.contentType) reply.type(error.contentType);
  if (error.headers) reply.headers(error.headers);
  if (retryAfterSeconds !== undefined) reply.header('retry-after', String(retryAfterSeconds));
  return reply.send(error.body);
}
