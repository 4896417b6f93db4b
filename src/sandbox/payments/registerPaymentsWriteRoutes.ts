import type { FastifyInstance } from 'fastify';
import { createCustomer, updateCustomer } from './customerWrites.js';
import { cancelPaymentIntent, capturePaymentIntent } from './paymentIntentActions.js';
import { confirmPaymentIntent, createPaymentIntent } from './paymentIntentWrites.js';
import { createRefund } from './refundWrites.js';
import type { WriteRouteDeps } from './stripeWriteRoute.js';
import { registerStripeWrite } from './stripeWriteRoute.js';

/** Stripe's write routes: customers, payment intents and their transitions, refunds. */
export function registerPaymentsWriteRoutes(app: FastifyInstance, deps: WriteRouteDeps): void {
  registerStripeWrite(app, createCustomer, deps);
  registerStripeWrite(app, updateCustomer, deps);
  registerStripeWrite(app, createPaymentIntent, deps);
  registerStripeWrite(app, confirmPaymentIntent, deps);
  registerStripeWrite(app, capturePaymentIntent, deps);
  registerStripeWrite(app, cancelPaymentIntent, deps);
  registerStripeWrite(app, createRefund, deps);
}
