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
  /** Its Peppol electronic address (EAS scheme and identifier), read only when asked for. */
  readonly peppolScheme: string | null;
  readonly peppolId: string | null;
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

/** A party of an invoice as the ERP keeps it, with its Peppol address when it has one. */
export interface ErpParty {
  readonly id: number;
  readonly name: string;
  readonly vat: string | null;
  /** The legal registration number (company_registry). */
  readonly registry: string | null;
  readonly street: string | null;
  readonly city: string | null;
  readonly zip: string | null;
  /** ISO 3166-1 alpha-2. */
  readonly countryCode: string | null;
  readonly email: string | null;
  readonly peppol: { readonly scheme: string; readonly id: string } | null;
}

export interface ErpTaxOfLine {
  readonly rate: number;
  /** UNCL5305, as the tax's ubl_cii_tax_category_code; null when the ERP has none for it. */
  readonly category: string | null;
  readonly exemptionReason: string | null;
}

export interface ErpInvoiceLine {
  readonly id: number;
  readonly description: string;
  readonly quantity: number;
  readonly unitPrice: number;
  readonly subtotal: number;
  /** With its taxes, as the ERP computed them. */
  readonly total: number;
  /** UN/ECE Recommendation 20 code of the unit, when the ERP has one. */
  readonly unitCode: string | null;
  readonly taxes: readonly ErpTaxOfLine[];
}

/** A posted customer invoice or credit note with everything an e-invoice is built from. */
export interface ErpInvoiceDocument {
  readonly id: number;
  readonly number: string;
  readonly kind: 'out_invoice' | 'out_refund';
  readonly state: string;
  readonly invoiceDate: string | null;
  readonly dueDate: string | null;
  readonly currency: string;
  /** The customer's reference (ref), and the order it bills (invoice_origin). */
  readonly reference: string | null;
  readonly origin: string | null;
  readonly amountUntaxed: number;
  readonly amountTax: number;
  readonly amountTotal: number;
  readonly amountResidual: number;
  readonly paymentTerm: string | null;
  readonly bankAccount: string | null;
  /** The invoice a credit note reverses. */
  readonly reverses: { readonly number: string; readonly invoiceDate: string | null } | null;
  readonly seller: ErpParty;
  readonly buyer: ErpParty;
  readonly lines: readonly ErpInvoiceLine[];
}
