/** Payment domain objects, independent of Stripe's field names. Amounts are in minor units, as Stripe keeps them. */
export interface CardSummary {
  readonly brand: string;
  readonly last4: string;
  readonly expMonth: number | null;
  readonly expYear: number | null;
}

export interface BillingCustomer {
  readonly id: string;
  readonly email: string | null;
  readonly name: string | null;
  /** Stripe balance in minor units; negative is credit. */
  readonly balance: number;
  readonly currency: string | null;
  readonly defaultCard: CardSummary | null;
  /** The PaymentMethod charged when a payment is confirmed. */
  readonly defaultPaymentMethodId: string | null;
  readonly erpPartnerId: string | null;
}

export type PaymentStatus =
  | 'requires_payment_method'
  | 'requires_confirmation'
  | 'requires_action'
  | 'processing'
  | 'requires_capture'
  | 'canceled'
  | 'succeeded';

export interface Payment {
  readonly id: string;
  readonly amount: number;
  readonly amountReceived: number;
  readonly currency: string;
  readonly status: PaymentStatus;
  readonly customerId: string | null;
  readonly orderRef: string | null;
  readonly erpPartnerId: string | null;
  readonly erpOrderId: string | null;
  readonly createdAt: Date;
  readonly description: string | null;
}

export interface Refund {
  readonly id: string;
  readonly amount: number;
  readonly currency: string;
  readonly paymentId: string | null;
  readonly status: string;
  readonly reason: string | null;
  readonly createdAt: Date;
}
