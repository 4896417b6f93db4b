import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PaymentsData } from '../data/SandboxData.js';
import { sendProductError } from '../server/productError.js';
import type { IdempotencyLayer } from './idempotency.js';
import { postParams } from './stripeBody.js';
import { StripeFailure } from './stripeErrors.js';
import type { StripeObjectType } from './stripeExpand.js';
import { expandObjects } from './stripeExpand.js';
import type { StripeParams } from './stripeQueryString.js';
import { stringList } from './stripeQueryString.js';

export interface WriteContext {
  payments: PaymentsData;
  /** The sandbox clock in unix seconds, Stripe's timestamps. */
  now: number;
  /** The `{id}` of the path, for routes acting on one object. */
  id: string;
}

/** One Stripe POST endpoint, in the two phases Stripe's idempotency tells apart. */
export interface StripeWrite<Input> {
  path: string;
  type: StripeObjectType;
  /** Parameter checks made before the endpoint runs (throwing StripeFailure); a key saves nothing for them. */
  validate(params: StripeParams): Input;
  /** The endpoint: answers the object, or throws StripeFailure with an error that a key saves like a result. */
  execute(input: Input, context: WriteContext): object;
}

export interface WriteRouteDeps {
  getData: () => PaymentsData;
  now: () => number;
  idempotency: IdempotencyLayer;
  /** Told of every write that succeeded (not of idempotent replays): Stripe emits its events then. */
  onWrite?: (path: string, object: object, request: FastifyRequest, reply: FastifyReply) => void;
}

export function registerStripeWrite<Input>(app: FastifyInstance, write: StripeWrite<Input>, deps: WriteRouteDeps): void {
  app.post<{ Params: { id?: string } }>(write.path, async (request, reply) => {
    const params = postParams(request);
    let input: Input;
    try {
      input = write.validate(params);
    } catch (error) {
      if (!(error instanceof StripeFailure)) throw error;
      deps.idempotency.rejectedBeforeExecution(request);
      return sendProductError(reply, error.error);
    }
    const payments = deps.getData();
    try {
      const object = write.execute(input, { payments, now: deps.now(), id: request.params.id ?? '' });
      deps.onWrite?.(write.path, object, request, reply);
      const expanded = expandObjects(payments, [object], write.type, stringList(params.expand), false);
      return Array.isArray(expanded) ? reply.send(expanded[0]) : sendProductError(reply, expanded);
    } catch (error) {
      if (error instanceof StripeFailure) return sendProductError(reply, error.error);
      throw error;
    }
  });
}
