import { randomChars } from '../data/ids.js';
import type { StripeCustomer } from '../data/SandboxData.js';
import { buildCustomer } from '../data/stripeCustomers.js';
import { isEmailAddress } from '../server/emailAddress.js';
import { resolvePaymentMethod } from './paymentMethods.js';
import { StripeFailure, codedError, resourceMissing } from './stripeErrors.js';
import type { StripeWrite } from './stripeWriteRoute.js';
import { checkKnown, mergeMetadata, optionalHash, optionalString, readMetadata, readMetadataUpdate, updatedString } from './stripeParams.js';

interface CustomerInput {
  email?: string | undefined;
  name?: string | undefined;
  phone?: string | undefined;
  description?: string | undefined;
  metadata: Record<string, string>;
  paymentMethod?: string | undefined;
  defaultPaymentMethod?: string | undefined;
}

function checkEmail(email: string | null | undefined): void {
  if (email && !isEmailAddress(email)) {
    throw new StripeFailure(codedError(400, 'email_invalid', `Invalid email address: ${email}`, { param: 'email' }));
  }
}

/** `POST /v1/customers`. Stripe does not keep emails unique: the same email makes a second customer. */
export const createCustomer: StripeWrite<CustomerInput> = {
  path: '/v1/customers',
  type: 'customer',
  validate(params) {
    checkKnown(params, ['email', 'name', 'phone', 'description', 'metadata', 'payment_method', 'invoice_settings', 'expand']);
    const email = optionalString(params, 'email');
    checkEmail(email);
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

const UPDATABLE = ['email', 'name', 'phone', 'description'] as const;

/** Each field: undefined leaves it, null unsets it. */
type CustomerUpdate = Partial<Record<(typeof UPDATABLE)[number], string | null>> & { metadata: Record<string, string> | null | undefined };

/** What each update changed, for its `customer.updated` event, kept until the event is built. */
const previousAttributes = new WeakMap<StripeCustomer, Record<string, unknown>>();

/**
 * Stripe's `previous_attributes`: the old value of each field that changed; for metadata, the old
 * value of each key that changed, null for a key that is new.
 */
function changedAttributes(before: StripeCustomer, after: StripeCustomer): Record<string, unknown> {
  const changed: Record<string, unknown> = {};
  for (const field of UPDATABLE) if (before[field] !== after[field]) changed[field] = before[field];
  const keys = new Set([...Object.keys(before.metadata), ...Object.keys(after.metadata)]);
  const metadata = Object.fromEntries([...keys].filter((key) => before.metadata[key] !== after.metadata[key]).map((key) => [key, before.metadata[key] ?? null]));
  if (Object.keys(metadata).length > 0) changed.metadata = metadata;
  return changed;
}

/** The `previous_attributes` of the update that produced this customer object. */
export function previousAttributesOf(customer: StripeCustomer): Record<string, unknown> {
  return previousAttributes.get(customer) ?? {};
}

/** `POST /v1/customers/{id}`: sets the fields given, merges metadata; an empty value unsets a field or key. */
export const updateCustomer: StripeWrite<CustomerUpdate> = {
  path: '/v1/customers/:id',
  type: 'customer',
  validate(params) {
    checkKnown(params, [...UPDATABLE, 'metadata', 'expand']);
    const update: CustomerUpdate = { metadata: readMetadataUpdate(params) };
    for (const field of UPDATABLE) update[field] = updatedString(params, field);
    checkEmail(update.email);
    return update;
  },
  execute(input, { payments, id }) {
    const customer = payments.customers.get(id);
    if (!customer) throw new StripeFailure(resourceMissing('customer', id));
    const updated: StripeCustomer = { ...customer, metadata: mergeMetadata(customer.metadata, input.metadata) };
    for (const field of UPDATABLE) {
      const value = input[field];
      if (value !== undefined) updated[field] = value;
    }
    previousAttributes.set(updated, changedAttributes(customer, updated));
    return payments.customers.put(updated);
  },
};
