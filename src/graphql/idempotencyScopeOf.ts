import type { IdempotencyScope } from '../reliability/deriveKey.js';
import type { GatewayContext } from './context.js';

/**
 * The claimed key of an @idempotent mutation. A mutation whose key is optional and was sent without
 * one runs once under a key of its own request: the ids derived from it are new, as the client asked
 * for no deduplication (a retry of it is a new request). A required key is claimed by the plugin first.
 */
export function idempotencyScopeOf(context: GatewayContext): IdempotencyScope {
  return context.idempotency.scope ?? { principalId: context.principal.id, key: `request:${context.requestId}` };
}
