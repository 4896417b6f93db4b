import type { PaymentsData, StripeCustomer, StripePaymentIntent } from '../data/SandboxData.js';
import { metadataIndexKey } from '../data/SandboxData.js';
import type { SearchField, SearchableResource } from './stripeSearch.js';

function metadataField<Row extends { metadata: Record<string, string> }>(): SearchField<Row> {
  return {
    kind: 'metadata',
    get: (row, key) => (key === undefined ? undefined : row.metadata[key]),
    index: { name: 'metadata', key: (value, key) => metadataIndexKey(key ?? '', value) },
  };
}

/** The fields Stripe lets you search customers by. */
export function customerSearch(payments: PaymentsData): SearchableResource<StripeCustomer> {
  return {
    name: 'customers',
    table: payments.customers,
    fields: {
      email: { kind: 'string', get: (row) => row.email, substring: true, index: { name: 'email', key: (value) => value.toLowerCase() } },
      name: { kind: 'string', get: (row) => row.name, substring: true, index: { name: 'name', key: (value) => value.toLowerCase() } },
      phone: { kind: 'string', get: (row) => row.phone, substring: true },
      created: { kind: 'number', get: (row) => row.created },
      metadata: metadataField<StripeCustomer>(),
    },
  };
}

/** The fields Stripe lets you search payment intents by. */
export function paymentIntentSearch(payments: PaymentsData): SearchableResource<StripePaymentIntent> {
  return {
    name: 'payment_intents',
    table: payments.paymentIntents,
    fields: {
      amount: { kind: 'number', get: (row) => row.amount },
      created: { kind: 'number', get: (row) => row.created },
      currency: { kind: 'string', get: (row) => row.currency },
      customer: { kind: 'string', get: (row) => row.customer, index: { name: 'customer', key: (value) => value } },
      status: { kind: 'string', get: (row) => row.status, index: { name: 'status', key: (value) => value } },
      metadata: metadataField<StripePaymentIntent>(),
    },
  };
}
