import type { IdempotencyScope } from '../reliability/deriveKey.js';
import type { GatewayContext } from './context.js';

/** The claimed key of an @idempotent mutation; the idempotency plugin guarantees one is set. */
export function idempotencyScopeOf(context: GatewayContext): IdempotencyScope {
  const scope = context.idempotency.scope;
  if (!scope) throw new Error('An idempotent mutation ran without a claimed idempotency key');
  return scope;
}
