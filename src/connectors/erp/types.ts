/**
 * ERP domain objects, independent of Odoo's field names. Amounts are in major units as Odoo keeps them.
 * A record read for a query carries the attributes that query selects (see recordShape.ts).
 */
export interface Partner {
  readonly id: number;
  readonly name: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly street: string | null;
  readonly city: string | null;
  readonly zip: string | null;
  readonly country: string | null;
  readonly vat: string | null;
  readonly reference: string | null;
  readonly currency: string;
  /** The partner's orders, newest first. */
  readonly orderIds: readonly number[];
}

export interface Product {
  readonly id: number;
  readonly name: string;
  readonly sku: string | null;
  readonly listPrice: number;
  readonly currency: string;
  readonly active: boolean;
}

export type SaleOrderState = 'draft' | 'sent' | 'sale' | 'done' | 'cancel';

export interface SaleOrder {
  readonly id: number;
  readonly name: string;
  readonly partnerId: number | null;
  readonly orderedAt: string;
  readonly state: SaleOrderState;
  readonly amountUntaxed: number;
  readonly amountTax: number;
  readonly amountTotal: number;
  readonly currency: string;
  readonly lineIds: readonly number[];
  readonly invoiceIds: readonly number[];
  readonly pickingIds: readonly number[];
}

export interface SaleOrderLine {
  readonly id: number;
  readonly orderId: number;
  readonly productId: number | null;
  readonly description: string;
  readonly quantity: number;
  readonly priceUnit: number;
  readonly subtotal: number;
  readonly total: number;
}

export interface Invoice {
  readonly id: number;
  readonly number: string;
  readonly partnerId: number | null;
  readonly origin: string | null;
  readonly invoiceDate: string | null;
  readonly dueDate: string | null;
  readonly amountTotal: number;
  readonly amountResidual: number;
  readonly paymentState: string;
  readonly state: string;
  readonly currency: string;
}

/** An invoice's id and customer: enough to pick each customer's newest before reading any invoice whole. */
export interface InvoiceRef {
  readonly id: number;
  readonly partnerId: number | null;
}

export interface Picking {
  readonly id: number;
  readonly name: string;
  readonly orderId: number | null;
  readonly trackingCode: string | null;
  readonly state: string;
}

export interface PageRequest {
  readonly limit: number;
  readonly offset: number;
}
