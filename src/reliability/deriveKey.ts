import { createHash } from 'node:crypto';

/** The idempotency key of one request, as the principal sent it. */
export interface IdempotencyScope {
  readonly principalId: string;
  readonly key: string;
}

/**
 * A key for one upstream step of an idempotent request, e.g. the Stripe Idempotency-Key of its
 * PaymentIntent: the same request always derives the same key, another principal or step never does.
 */
export function deriveKey(scope: IdempotencyScope, step: string): string {
  const digest = createHash('sha256').update(`${scope.principalId}\u0000${scope.key}\u0000${step}`).digest('hex');
  return `sy-${step}-${digest.slice(0, 32)}`;
}
