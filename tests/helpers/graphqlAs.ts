import type { GraphqlResult, Stack } from './startStack.js';

/** A GraphQL caller bound to a stack and an API key. */
export function graphqlAs(stack: Stack, apiKey?: string) {
  return (query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<GraphqlResult> =>
    stack.graphql(query, variables, apiKey ? { authorization: `Bearer ${apiKey}`, ...headers } : headers);
}

/** Polls until `done` holds, failing with `what` after ~20 s. */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  let last: T | undefined;
  for (let attempt = 0; attempt < 200; attempt += 1) {
    last = await read();
    if (done(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)?.slice(0, 500)}`);
}

export const PLACE_ORDER = `mutation Place($input: PlaceOrderInput!, $key: String) {
  placeOrder(input: $input, idempotencyKey: $key) {
    order { id reference status total { amount currency } }
    payment { id status amount { amount currency } orderReference }
    paymentSync { system state followUpId }
    followUps { system state followUpId }
  }
}`;

export const customerId = (partnerId: number) => Buffer.from(`Customer:${partnerId}`).toString('base64url');
export const productId = (id: number) => Buffer.from(`Product:${id}`).toString('base64url');
export const invoiceId = (id: number) => Buffer.from(`Invoice:${id}`).toString('base64url');
