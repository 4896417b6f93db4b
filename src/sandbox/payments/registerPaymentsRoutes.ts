import type { FastifyInstance } from 'fastify';
import type { PaymentsData } from '../data/SandboxData.js';
import type { Table } from '../data/Table.js';
import { sendProductError } from '../server/productError.js';
import type { Listable } from './stripeLists.js';
import { createdFilter, newestFirst } from './stripeLists.js';
import { customerSearch, paymentIntentSearch } from './stripeResources.js';
import { paramsOf, sendList, sendOne, sendSearch } from './stripeResponses.js';

/** All rows newest first (the unfiltered lists page through thousands). */
function newestFirstRows<Row extends Listable>(table: Table<string, Row>): readonly Row[] {
  return table.sorted('newest-first', newestFirst);
}

type IdParams = { Params: { id: string } };

/** Customers, payment methods, payment intents and refunds: Stripe's read routes. */
export function registerPaymentsRoutes(app: FastifyInstance, getData: () => PaymentsData): void {
  app.get('/v1/customers', async (request, reply) => {
    const payments = getData();
    const params = paramsOf(request);
    const created = createdFilter(params.created);
    if (created && typeof created !== 'function') return sendProductError(reply, created);
    const email = typeof params.email === 'string' ? params.email.toLowerCase() : undefined;
    const base = email === undefined ? newestFirstRows(payments.customers) : payments.customers.lookup('email', email).sort(newestFirst);
    const rows = created ? base.filter(created) : base;
    return sendList(reply, payments, rows, {
      url: '/v1/customers', type: 'customer', resource: 'customer', params, lookup: (id) => payments.customers.get(id),
    });
  });

  app.get('/v1/customers/search', async (request, reply) => {
    const payments = getData();
    return sendSearch(reply, payments, customerSearch(payments), { url: '/v1/customers/search', type: 'customer', params: paramsOf(request) });
  });

  app.get<IdParams>('/v1/customers/:id', async (request, reply) => {
    const payments = getData();
    return sendOne(reply, payments, payments.customers.get(request.params.id), {
      id: request.params.id, type: 'customer', missingName: 'customer', params: paramsOf(request),
    });
  });

  app.get<IdParams>('/v1/customers/:id/payment_methods', async (request, reply) => {
    const payments = getData();
    const params = paramsOf(request);
    if (!payments.customers.has(request.params.id)) {
      return sendOne(reply, payments, undefined, { id: request.params.id, type: 'customer', missingName: 'customer', params });
    }
    const rows = payments.paymentMethods.lookup('customer', request.params.id).sort(newestFirst);
    return sendList(reply, payments, rows, {
      url: `/v1/customers/${request.params.id}/payment_methods`, type: 'payment_method', resource: 'payment_method', params,
      lookup: (id) => payments.paymentMethods.get(id),
    });
  });

  app.get<IdParams>('/v1/payment_methods/:id', async (request, reply) => {
    const payments = getData();
    return sendOne(reply, payments, payments.paymentMethods.get(request.params.id), {
      id: request.params.id, type: 'payment_method', missingName: 'PaymentMethod', params: paramsOf(request),
    });
  });

  app.get('/v1/payment_intents', async (request, reply) => {
    const payments = getData();
    const params = paramsOf(request);
    const created = createdFilter(params.created);
    if (created && typeof created !== 'function') return sendProductError(reply, created);
    const customer = typeof params.customer === 'string' ? params.customer : undefined;
    const base = customer === undefined ? newestFirstRows(payments.paymentIntents) : payments.paymentIntents.lookup('customer', customer).sort(newestFirst);
    const rows = created ? base.filter(created) : base;
    return sendList(reply, payments, rows, {
      url: '/v1/payment_intents', type: 'payment_intent', resource: 'payment_intent', params,
      lookup: (id) => payments.paymentIntents.get(id),
    });
  });

  app.get('/v1/payment_intents/search', async (request, reply) => {
    const payments = getData();
    return sendSearch(reply, payments, paymentIntentSearch(payments), {
      url: '/v1/payment_intents/search', type: 'payment_intent', params: paramsOf(request),
    });
  });

  app.get<IdParams>('/v1/payment_intents/:id', async (request, reply) => {
    const payments = getData();
    return sendOne(reply, payments, payments.paymentIntents.get(request.params.id), {
      id: request.params.id, type: 'payment_intent', missingName: 'payment_intent', params: paramsOf(request),
    });
  });

  app.get('/v1/refunds', async (request, reply) => {
    const payments = getData();
    const params = paramsOf(request);
    const created = createdFilter(params.created);
    if (created && typeof created !== 'function') return sendProductError(reply, created);
    const intent = typeof params.payment_intent === 'string' ? params.payment_intent : undefined;
    const charge = typeof params.charge === 'string' ? params.charge : undefined;
    let rows = intent === undefined ? newestFirstRows(payments.refunds) : payments.refunds.lookup('payment_intent', intent).sort(newestFirst);
    if (charge !== undefined) rows = rows.filter((refund) => refund.charge === charge);
    if (created) rows = rows.filter(created);
    return sendList(reply, payments, rows, {
      url: '/v1/refunds', type: 'refund', resource: 'refund', params, lookup: (id) => payments.refunds.get(id),
    });
  });

  app.get<IdParams>('/v1/refunds/:id', async (request, reply) => {
    const payments = getData();
    return sendOne(reply, payments, payments.refunds.get(request.params.id), {
      id: request.params.id, type: 'refund', missingName: 'refund', params: paramsOf(request),
    });
  });
}
