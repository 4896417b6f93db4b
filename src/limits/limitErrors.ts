import { GraphQLError } from 'graphql';
import { ERROR_CATALOGUE, type ErrorCode } from '../errors/errorCatalogue.js';

/** Whole seconds a client should wait, never 0: a Retry-After of 0 invites an immediate retry that fails again. */
export const retryAfterSeconds = (milliseconds: number): number => Math.max(1, Math.ceil(milliseconds / 1000));

/** A query refused before execution for its shape or size: the client has to change it (HTTP 400). */
export function queryRefusal(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  const { status, retryable } = ERROR_CATALOGUE[code];
  return new GraphQLError(message, { extensions: { code, retryable, ...extensions, http: { status } } });
}
