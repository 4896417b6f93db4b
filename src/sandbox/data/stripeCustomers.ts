import type { StripeCustomer, StripeMetadata } from './SandboxData.js';

export interface CustomerFields {
  id: string;
  created: number;
  balance: number;
  /** Null until the customer's first charge sets it. */
  currency: string | null;
  description: string | null;
  email: string | null;
  invoicePrefix: string;
  defaultPaymentMethod: string | null;
  metadata: StripeMetadata;
  name: string | null;
  phone: string | null;
}

/** A Stripe customer object; the fields the sandbox does not model keep Stripe's empty values. */
export function buildCustomer(fields: CustomerFields): StripeCustomer {
  return {
    id: fields.id, object: 'customer', address: null, balance: fields.balance, created: fields.created, currency: fields.currency,
    default_source: null, delinquent: false, description: fields.description, email: fields.email, invoice_prefix: fields.invoicePrefix,
    invoice_settings: { custom_fields: null, default_payment_method: fields.defaultPaymentMethod, footer: null, rendering_options: null },
    livemode: false, metadata: fields.metadata, name: fields.name, phone: fields.phone, preferred_locales: [], shipping: null, tax_exempt: 'none',
  };
}
