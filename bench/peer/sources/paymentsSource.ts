import { loadJSONSchemaSubgraph } from '@omnigraph/json-schema';
import { SANDBOX_CREDENTIALS } from '../../../src/sandbox/SandboxSystem.js';
import { PEER_URL_ENV } from '../peerEnv.js';
import { boolean, fromEnv, integer, list, object, text, type Schema } from './jsonSchema.js';

const paymentIntent = object('StripePaymentIntent', {
  id: text,
  amount: integer,
  amount_received: integer,
  currency: text,
  status: text,
  created: integer,
  description: text,
  metadata: object('StripePaymentIntentMetadata', { order_ref: text, erp_order_id: text, erp_partner_id: text }),
});

const customer = object('StripeCustomer', {
  id: text,
  email: text,
  balance: integer,
  currency: text,
  metadata: object('StripeCustomerMetadata', { erp_partner_id: text }),
  invoice_settings: object('StripeInvoiceSettings', {
    default_payment_method: object('StripePaymentMethod', {
      id: text,
      card: object('StripeCard', { brand: text, last4: text, exp_month: integer, exp_year: integer }),
    }),
  }),
});

/** Stripe's search API: `query` in its search language, at most 100 results a page. */
const search = (field: string, path: string, answer: string, result: Schema, description: string) => ({
  type: 'Query' as const,
  field,
  description,
  path,
  method: 'GET' as const,
  queryParamArgMap: { query: 'query', limit: 'limit' },
  argTypeMap: { query: text, limit: integer },
  requiredArgs: ['query'],
  responseSchema: object(answer, { data: list(result), has_more: boolean, next_page: text }),
});

/** Stripe's REST API (customers and PaymentIntents), searched by the ERP ids kept in their metadata. */
export const paymentsSource = loadJSONSchemaSubgraph('Payments', {
  endpoint: fromEnv(PEER_URL_ENV.payments),
  operationHeaders: { authorization: `Bearer ${SANDBOX_CREDENTIALS.payments.secretKey}` },
  operations: [
    search('stripePaymentIntents', '/v1/payment_intents/search', 'StripePaymentIntentSearch', paymentIntent, 'PaymentIntents matching a search query'),
    // The default card comes expanded in the same call, as Stripe's docs show for customer lists.
    search(
      'stripeCustomers',
      '/v1/customers/search?expand[]=data.invoice_settings.default_payment_method',
      'StripeCustomerSearch',
      customer,
      'Customers matching a search query, with their default card',
    ),
  ],
});
