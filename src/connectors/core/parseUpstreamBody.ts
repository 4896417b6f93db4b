import type { z } from 'zod';
import { UpstreamError } from './UpstreamError.js';
import type { SystemName } from '../../config/SystemName.js';

/**
 * Checks that an upstream answer has the shape we rely on. A system answering something else is
 * treated as a refusal of that call only: its fields fail, the rest of the query goes on.
 */
export function parseUpstreamBody<T>(system: SystemName, schema: z.ZodType<T>, body: unknown, what: string): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const where = result.error.issues[0];
  throw new UpstreamError({
    system,
    kind: 'rejected',
    message: `The ${system} system answered ${what} in an unexpected shape${where ? ` (at ${where.path.join('.') || 'root'}: ${where.message})` : ''}`,
  });
}
