import type { GraphqlAnswer } from '../postGraphql.js';

/** What a client following the gateway's error contract (README, Errors) does with one answer. */
export type PlaceOrderVerdict =
  | { readonly kind: 'accepted'; readonly reference: string; readonly orderId: string }
  | { readonly kind: 'rejected'; readonly code: string; readonly message: string }
  | {
      readonly kind: 'retry';
      /** An error code, or what went wrong on the way; counted per run. */
      readonly reason: string;
      readonly retryAfterMs?: number;
      /** The instance itself failed (unreachable, 5xx): the next attempt goes to another one. */
      readonly failover: boolean;
    };

/**
 * Retry with the same key on what the contract calls retryable (`extensions.retryable`, and
 * IDEMPOTENCY_IN_PROGRESS), and on any 5xx: a request carrying an idempotency key is safe to repeat,
 * and a stopping instance answers that way. Everything else is final.
 */
export function placeOrderVerdict(answer: GraphqlAnswer): PlaceOrderVerdict {
  const errors = answer.body?.errors ?? [];
  const retryable = errors.find((error) => error.extensions?.retryable === true || error.extensions?.code === 'IDEMPOTENCY_IN_PROGRESS');
  const failover = answer.status >= 500;
  if (retryable) {
    const retryAfter = retryable.extensions?.retryAfter;
    return {
      kind: 'retry',
      reason: retryable.extensions?.code ?? 'RETRYABLE',
      failover,
      ...(typeof retryAfter === 'number' ? { retryAfterMs: retryAfter * 1000 } : {}),
    };
  }
  if (failover) return { kind: 'retry', reason: `HTTP ${answer.status}${errors[0]?.extensions?.code ? ` ${errors[0].extensions.code}` : ''}`, failover };
  const [first] = errors;
  if (first) return { kind: 'rejected', code: first.extensions?.code ?? `HTTP ${answer.status}`, message: first.message };
  const order = (answer.body?.data?.placeOrder as { order?: { id?: string; reference?: string } } | undefined)?.order;
  if (answer.status === 200 && order?.reference && order.id) return { kind: 'accepted', reference: order.reference, orderId: order.id };
  return { kind: 'rejected', code: `HTTP ${answer.status}`, message: `no order in the answer: ${JSON.stringify(answer.body).slice(0, 200)}` };
}

/** A request that got no HTTP answer at all (refused, reset, timed out): retried, on another instance. */
export function networkFailureVerdict(error: unknown): PlaceOrderVerdict {
  const cause = (error as { cause?: { code?: string } }).cause;
  const name = (error as Error).name;
  return { kind: 'retry', reason: `network ${cause?.code ?? name}`, failover: true };
}
