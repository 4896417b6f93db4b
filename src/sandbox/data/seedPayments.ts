import type { Prng } from '../prng.js';
import type { ErpTables } from './erpModels.js';
import type { Customer } from './seedCustomers.js';
import type { OrderSummary } from './seedOrders.js';
import { isConfirmed } from './seedOrders.js';
import type { PaymentIntentStatus, PaymentsData, StripePaymentIntent } from './SandboxData.js';
import { buildCustomer } from './stripeCustomers.js';
import { DAY_MS, HOUR_MS, MINUTE_MS, SEED_EPOCH_MS, unixSeconds } from './time.js';

const LAST4 = { visa: ['4242', '1881', '0077'], mastercard: ['4444', '5100', '8210'], amex: ['0005', '8431'] } as const;

function seedCustomer(payments: PaymentsData, customer: Customer, prng: Prng): string {
  const id = `cus_${prng.chars(14)}`;
  const paymentMethodId = `pm_${prng.chars(24)}`;
  const created = unixSeconds(customer.createdMs + prng.int(1, 120) * MINUTE_MS);
  const brand = prng.weighted({ visa: 60, mastercard: 30, amex: 10 });
  payments.paymentMethods.put({
    id: paymentMethodId, object: 'payment_method', type: 'card',
    billing_details: { email: customer.email, name: customer.name, phone: customer.phone, address: null },
    card: {
      brand, last4: prng.pick(LAST4[brand]), exp_month: prng.int(1, 12), exp_year: prng.int(2026, 2031),
      country: customer.country, funding: prng.chance(0.7) ? 'credit' : 'debit',
    },
    created, customer: id, livemode: false, metadata: {},
  });
  const balance = prng.chance(0.05) ? -prng.int(1, 50) * 100 : 0;
  payments.customers.put(buildCustomer({
    id, created, balance, currency: customer.currency.toLowerCase(), description: null, email: customer.email,
    invoicePrefix: prng.chars(8, '0123456789ABCDEF'), defaultPaymentMethod: paymentMethodId,
    metadata: { erp_partner_id: String(customer.partnerId) }, name: customer.name, phone: customer.phone,
  }));
  return id;
}

function paymentStatus(order: OrderSummary, prng: Prng): PaymentIntentStatus {
  if (order.state === 'done') return 'succeeded';
  return prng.weighted({ succeeded: 82, requires_capture: 6, canceled: 5, requires_payment_method: 7 });
}

function seedRefund(payments: PaymentsData, intent: StripePaymentIntent, prng: Prng): void {
  const full = prng.chance(0.3);
  payments.refunds.put({
    id: `re_${prng.chars(24)}`, object: 'refund',
    amount: full ? intent.amount : Math.max(1, Math.round(intent.amount * prng.int(10, 60) / 100)),
    charge: intent.latest_charge ?? '',
    created: Math.min(intent.created + prng.int(1, 20) * unixSeconds(DAY_MS), Math.max(intent.created + 60, unixSeconds(SEED_EPOCH_MS) - 60)),
    currency: intent.currency, metadata: {}, payment_intent: intent.id,
    reason: prng.pick(['requested_by_customer', 'duplicate', null] as const), status: 'succeeded',
  });
}

/** Stripe customers for every partner, and a PaymentIntent for every confirmed order. */
export function seedPayments(payments: PaymentsData, erp: ErpTables, customers: readonly Customer[], orders: readonly OrderSummary[], prng: Prng): void {
  const stripeIdByPartner = new Map<number, string>();
  for (const customer of customers) stripeIdByPartner.set(customer.partnerId, seedCustomer(payments, customer, prng));

  for (const order of orders) {
    if (!isConfirmed(order)) continue;
    const customerId = stripeIdByPartner.get(order.customer.partnerId) as string;
    const stripeCustomer = payments.customers.get(customerId);
    const status = paymentStatus(order, prng);
    const id = `pi_${prng.chars(24)}`;
    const created = unixSeconds(order.dateMs + prng.int(1, 10) * MINUTE_MS);
    const charged = status === 'succeeded' || status === 'requires_capture';
    const intent: StripePaymentIntent = {
      id, object: 'payment_intent', amount: order.totalCents,
      amount_capturable: status === 'requires_capture' ? order.totalCents : 0,
      amount_received: status === 'succeeded' ? order.totalCents : 0,
      canceled_at: status === 'canceled' ? created + unixSeconds(prng.int(1, 48) * HOUR_MS) : null,
      cancellation_reason: status === 'canceled' ? 'abandoned' : null,
      capture_method: status === 'requires_capture' || (status === 'succeeded' && prng.chance(0.1)) ? 'manual' : 'automatic',
      client_secret: `${id}_secret_${prng.chars(25)}`, confirmation_method: 'automatic', created,
      currency: order.currency.toLowerCase(), customer: customerId, description: `Order ${order.name}`,
      latest_charge: charged ? `ch_${prng.chars(24)}` : null, livemode: false,
      metadata: { order_ref: order.name, erp_order_id: String(order.id), erp_partner_id: String(order.customer.partnerId) },
      payment_method: status === 'requires_payment_method' ? null : stripeCustomer?.invoice_settings.default_payment_method ?? null,
      payment_method_types: ['card'], status,
    };
    payments.paymentIntents.put(intent);
    if (status === 'succeeded' && prng.chance(0.06)) seedRefund(payments, intent, prng);

    const invoice = order.invoiceId === null ? undefined : erp['account.move'].get(order.invoiceId);
    if (invoice && status === 'succeeded') {
      erp['account.move'].put({ ...invoice, payment_state: 'paid', amount_residual: 0 });
    }
  }
}
