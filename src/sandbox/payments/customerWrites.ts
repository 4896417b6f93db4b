import { randomChars } from '../data/ids.js';
import { buildCustomer } from '../data/stripeCustomers.js';
import { isEmailAddress } from '../server/emailAddress.js';
import { resolvePaymentMethod } from './paymentMethods.js';
import { StripeFailure, codedError } from './stripeErrors.js';
import type { StripeWrite } from './stripeWriteRoute.js';
import { checkKnown, optionalHash, optionalString, readMetadata } from './stripeParams.js';

interface CustomerInput {
  email?: string | undefined;
  name?: string | undefined;
  phone?: string | undefined;
  description?: string | undefined;
  metadata: Record<string, string>;
  paymentMethod?: string | undefined;
  defaultPaymentMethod?: string | undefined;
}

/** `POST /v1/customers`. Stripe does not keep emails unique: the same email makes a second customer. */
export const createCustomer: StripeWrite<CustomerInput> = {
  path: '/v1/customers',
  type: 'customer',
  validate(params) {
    checkKnown(params, ['email', 'name', 'phone', 'description', 'metadata', 'payment_method', 'invoice_settings', 'expand']);
    const email = optionalString(params, 'email');
    if (email !== undefined && !isEmailAddress(email)) {
      throw new StripeFailure(codedError(400, 'email_invalid', `Invalid email address: ${email}`, { param: 'email' }));
    }
    const settings = optionalHash(params, 'invoice_settings', ['default_payment_method']);
    return {
      email, name: optionalString(params, 'name'), phone: optionalString(params, 'phone'),
      description: optionalString(params, 'description'), metadata: readMetadata(params),
      paymentMethod: optionalString(params, 'payment_method'),
      defaultPaymentMethod: settings ? optionalString(settings, 'default_payment_method') : undefined,
    };
  },
  execute(input, { payments, now }) {
    // A new customer has no card but the one `payment_method` attaches, so only that one can be its default.
    if (input.defaultPaymentMethod !== undefined && input.defaultPaymentMethod !== input.paymentMethod) {
      throw new StripeFailure(codedError(400, 'resource_missing', `No such PaymentMethod: '${input.defaultPaymentMethod}'`, { param: 'invoice_settings[default_payment_method]' }));
    }
    const id = `cus_${randomChars(14)}`;
    const attached = input.paymentMethod === undefined ? undefined : resolvePaymentMethod(payments, input.paymentMethod, 'payment_method', now, id);
    if (attached) payments.paymentMethods.put({ ...attached, customer: id });
    const customer = buildCustomer({
      id, created: now, balance: 0, currency: null, description: input.description ?? null, email: input.email ?? null,
      invoicePrefix: randomChars(8, '0123456789ABCDEF'),
      defaultPaymentMethod: input.defaultPaymentMethod !== undefined && attached ? attached.id : null,
      metadata: input.metadata, name: input.name ?? null, phone: input.phone ?? null,
    });
    return payments.customers.put(customer);
  },
};
