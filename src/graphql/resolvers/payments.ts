import type { GraphQLResolveInfo } from 'graphql';
import type { Partner, SaleOrder } from '../../connectors/erp/types.js';
import type { BillingCustomer, Payment, Refund } from '../../connectors/payments/types.js';
import type { GatewayContext } from '../context.js';
import { pageFromArgs } from '../connection.js';
import type { PaymentsOf } from '../createLoaders.js';
import { readsOf } from '../selection/upstreamReads.js';
import { assertMayAccessCustomer } from '../authorization.js';
import { moneyFromMinor } from '../../domain/money.js';

const paymentsOf = (id: number, args: { first?: number | null }): PaymentsOf =>
  args.first == null ? { link: String(id) } : { link: String(id), first: pageFromArgs(args).first };

/** Stripe customers may have no currency yet; the ERP partner's is the one they are billed in. */
type BillingOfPartner = BillingCustomer & { readonly partnerCurrency: string };

export const paymentsResolvers = {
  Query: {
    async payment(_: unknown, args: { id: string }, { loaders, principal }: GatewayContext) {
      const payment = await loaders.payment.load(args.id);
      if (payment) assertMayAccessCustomer(principal, payment.erpPartnerId === null ? null : Number(payment.erpPartnerId), `payment ${args.id}`);
      return payment;
    },
  },
  Customer: {
    // Stripe customers carry the ERP partner id in metadata.erp_partner_id.
    async billing(partner: Partner, _: unknown, { loaders }: GatewayContext, info: GraphQLResolveInfo): Promise<BillingOfPartner | null> {
      const customer = await loaders.billingOfPartner.load(String(partner.id), readsOf(info, 'BillingProfile'));
      return customer && { ...customer, partnerCurrency: partner.currency };
    },
    payments: (partner: Partner, args: { first?: number | null }, { loaders }: GatewayContext) =>
      loaders.paymentsOfPartner.load(paymentsOf(partner.id, args)),
  },
  Order: {
    // PaymentIntents carry the ERP order id in metadata.erp_order_id, so they are found without the order.
    payments: (order: SaleOrder, args: { first?: number | null }, { loaders }: GatewayContext) =>
      loaders.paymentsOfOrder.load(paymentsOf(order.id, args)),
  },
  BillingProfile: {
    balance: (customer: BillingOfPartner) => moneyFromMinor(customer.balance, customer.currency ?? customer.partnerCurrency),
  },
  Payment: {
    status: (payment: Payment) => payment.status.toUpperCase(),
    amount: (payment: Payment) => moneyFromMinor(payment.amount, payment.currency),
    amountReceived: (payment: Payment) => moneyFromMinor(payment.amountReceived, payment.currency),
    createdAt: (payment: Payment) => payment.createdAt.toISOString(),
    orderReference: (payment: Payment) => payment.orderRef,
    refunds: (payment: Payment, _: unknown, { loaders }: GatewayContext) => loaders.refundsOfPayment.load(payment.id),
  },
  Refund: {
    amount: (refund: Refund) => moneyFromMinor(refund.amount, refund.currency),
    createdAt: (refund: Refund) => refund.createdAt.toISOString(),
  },
};
