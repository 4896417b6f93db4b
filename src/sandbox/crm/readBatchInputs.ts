import type { FastifyRequest } from 'fastify';
import type { ProductError } from '../server/productError.js';
import { isRecord, jsonBody } from '../server/requestBody.js';
import { validationError } from './hubspotErrors.js';

export type BatchInputs = { ok: true; body: Record<string, unknown>; ids: string[] } | { ok: false; error: ProductError };

/** The body of a HubSpot batch call: `{ inputs: [{ id }], ... }`, validated as HubSpot does. */
export function readBatchInputs(request: FastifyRequest, limit: number): BatchInputs {
  const body = jsonBody(request);
  if (!body.ok) return { ok: false, error: validationError(`Invalid input JSON on line 1: ${body.error}`) };
  const input = body.value;
  if (!isRecord(input) || !Array.isArray(input.inputs)) {
    return { ok: false, error: validationError('Invalid input JSON: "inputs" is required and must be a list of { "id": ... }.') };
  }
  if (input.inputs.length > limit) {
    return { ok: false, error: validationError(`Too many inputs: ${input.inputs.length}. A batch accepts at most ${limit} inputs.`) };
  }
  const ids: string[] = [];
  for (const item of input.inputs) {
    const id = isRecord(item) ? item.id : undefined;
    if (typeof id !== 'string' && typeof id !== 'number') {
      return { ok: false, error: validationError('Invalid input JSON: every input needs an "id" (string).') };
    }
    ids.push(String(id));
  }
  return { ok: true, body: input, ids };
}
