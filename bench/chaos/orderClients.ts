import { setTimeout as sleep } from 'node:timers/promises';
import { createPrng, type Prng } from '../../src/sandbox/prng.js';
import { customerId, PLACE_ORDER, productId } from '../../tests/helpers/graphqlAs.js';
import { networkFailureVerdict, placeOrderVerdict, type PlaceOrderVerdict } from './placeOrderVerdict.js';
import { postGraphql } from '../postGraphql.js';

/** Seeded customers (with the currency they pay in) and products on sale, read from the ERP. */
export interface Catalog {
  readonly customers: readonly { readonly partnerId: number; readonly currency: string }[];
  readonly productIds: readonly number[];
}

/** How one idempotency key ended, as its client saw it. */
export type OrderOutcome = { readonly key: string; readonly attempts: number } & (
  | { readonly kind: 'accepted'; readonly reference: string; readonly orderId: string }
  | { readonly kind: 'rejected'; readonly code: string; readonly message: string }
  | { readonly kind: 'unresolved'; readonly lastFailure: string }
);

export interface OrderClientsOptions {
  readonly clients: number;
  readonly orders: number;
  readonly durationMs: number;
  readonly seed: number;
  readonly runId: string;
  /** The client API key's secret; every order is placed as that principal. */
  readonly apiKey: string;
  readonly catalog: Catalog;
  /** The instances' GraphQL URLs as they are now; undefined while one is down. */
  readonly endpoints: readonly (() => string | undefined)[];
  /** When a still-failing order is given up (ms since the epoch); Infinity while faults go on. */
  readonly retryUntil: () => number;
}

export interface OrderClients {
  /** How far placing has come, 0..1: the share of orders answered, or of the duration passed if that is more. */
  progress(): number;
  /** No new order will be started (all started, or the duration is over); started ones may still be retrying. */
  placingEnded(): boolean;
  /** Retried attempts by reason (an error code, `network …`, `HTTP 503`). */
  retryReasons(): ReadonlyMap<string, number>;
  /** Every started order's outcome, once every client has stopped. */
  readonly done: Promise<OrderOutcome[]>;
}

const MAX_WAIT_MS = 10_000;

const orderKey = (runId: string, n: number) => `chaos-${runId}-${n}`;

/** Order n's contents, the same for a seed whatever else happens in the run. */
function orderInput(seed: number, n: number, catalog: Catalog) {
  const prng = createPrng(seed, `order:${n}`);
  const customer = prng.pick(catalog.customers);
  const products = prng.sample(catalog.productIds, prng.int(1, 3));
  return {
    customerId: customerId(customer.partnerId),
    lines: products.map((id) => ({ productId: productId(id), quantity: prng.int(1, 3) })),
    currency: customer.currency,
  };
}

/**
 * N clients placing orders, each with its own idempotency key, spread over the instances. On a retryable
 * failure a client retries with the same key and the same input, with backoff (or the server's
 * retryAfter), on another instance when the one it used failed; until an answer, a final error, or
 * `retryUntil`.
 */
export function startOrderClients(options: OrderClientsOptions): OrderClients {
  const started = Date.now();
  const endAt = started + options.durationMs;
  const headers = { authorization: `Bearer ${options.apiKey}` };
  const retryReasons = new Map<string, number>();
  let next = 0;
  let answered = 0;

  async function attempt(url: string, variables: Record<string, unknown>): Promise<PlaceOrderVerdict> {
    try {
      return placeOrderVerdict(await postGraphql(url, headers, PLACE_ORDER, variables));
    } catch (error) {
      return networkFailureVerdict(error);
    }
  }

  async function place(client: number, n: number, prng: Prng): Promise<OrderOutcome> {
    const key = orderKey(options.runId, n);
    const variables = { input: orderInput(options.seed, n, options.catalog), key };
    const count = options.endpoints.length;
    let instance = client % count;
    let attempts = 0;
    let backoffMs = 250;
    let lastFailure = '';
    for (;;) {
      let waitMs = backoffMs * (0.5 + prng.next());
      // The preferred instance, or the next one that is up.
      const up = Array.from({ length: count }, (_, offset) => (instance + offset) % count).find((index) => options.endpoints[index]!());
      if (up === undefined) {
        lastFailure = 'no instance up';
      } else {
        instance = up;
        attempts += 1;
        const verdict = await attempt(options.endpoints[up]!()!, variables);
        if (verdict.kind === 'accepted') return { key, attempts, kind: 'accepted', reference: verdict.reference, orderId: verdict.orderId };
        if (verdict.kind === 'rejected') return { key, attempts, kind: 'rejected', code: verdict.code, message: verdict.message };
        lastFailure = verdict.reason;
        retryReasons.set(verdict.reason, (retryReasons.get(verdict.reason) ?? 0) + 1);
        if (verdict.failover) instance = (instance + 1) % count;
        if (verdict.retryAfterMs !== undefined) waitMs = verdict.retryAfterMs;
      }
      waitMs = Math.min(waitMs, MAX_WAIT_MS);
      if (Date.now() + waitMs > options.retryUntil()) return { key, attempts, kind: 'unresolved', lastFailure };
      await sleep(waitMs);
      backoffMs = Math.min(backoffMs * 2, 4000);
    }
  }

  async function client(index: number): Promise<OrderOutcome[]> {
    const prng = createPrng(options.seed, `client:${index}`);
    const outcomes: OrderOutcome[] = [];
    for (let n = next++; n < options.orders && Date.now() < endAt; n = next++) {
      outcomes.push(await place(index, n, prng));
      answered += 1;
    }
    return outcomes;
  }

  const done = Promise.all(Array.from({ length: options.clients }, (_, index) => client(index))).then((perClient) => perClient.flat());
  return {
    progress: () => Math.min(1, Math.max(answered / options.orders, (Date.now() - started) / options.durationMs)),
    placingEnded: () => next >= options.orders || Date.now() >= endAt,
    retryReasons: () => retryReasons,
    done,
  };
}
