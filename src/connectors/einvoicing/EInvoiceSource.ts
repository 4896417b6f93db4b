/**
 * An invoice or credit note as it is to be sent over Peppol: the ERP's posted document, its parties and
 * its figures as the ERP computed them (never recomputed here, so that the rules catch an ERP whose figures
 * do not add up rather than hiding it). Amounts are in major units of `currency`; dates are YYYY-MM-DD.
 */
export interface EInvoiceSource {
  readonly kind: 'invoice' | 'credit_note';
  /** BT-1, the ERP's invoice number. */
  readonly number: string;
  /** BT-2 */
  readonly issueDate: string;
  /** BT-9 */
  readonly dueDate: string | null;
  /** BT-5, ISO 4217. */
  readonly currency: string;
  /** BT-10, the buyer's reference (Peppol needs it or an order reference). */
  readonly buyerReference: string | null;
  /** BT-13, the order the document bills. */
  readonly orderReference: string | null;
  /** BT-25/26: the invoice a credit note corrects. */
  readonly corrects: { readonly number: string; readonly issueDate: string | null } | null;
  readonly seller: EInvoiceParty;
  readonly buyer: EInvoiceParty;
  readonly lines: readonly EInvoiceLine[];
  /** BT-20 */
  readonly paymentTerms: string | null;
  /** BG-16: how to pay, when the ERP knows an account. */
  readonly payment: { readonly meansCode: string; readonly accountId: string | null; readonly reference: string | null } | null;
  /** BG-22, as the ERP computed them. */
  readonly totals: {
    readonly lineExtension: number;
    readonly taxExclusive: number;
    readonly tax: number;
    readonly taxInclusive: number;
    readonly payable: number;
  };
  /** BG-23, one group per VAT category and rate, as the ERP computed them. */
  readonly taxBreakdown: readonly EInvoiceTaxGroup[];
}

export interface EInvoiceParty {
  /** BT-27 / BT-44 */
  readonly name: string;
  /** BT-31 / BT-48, with its country prefix, e.g. BE0123456749. */
  readonly vatId: string | null;
  /** BT-30 / BT-47, the legal registration id (e.g. a Belgian enterprise number), and its scheme (ISO 6523 ICD). */
  readonly legalId: { readonly scheme: string | null; readonly id: string } | null;
  /** BT-34 / BT-49, the Peppol electronic address: EAS scheme (e.g. 0208, 9925) and identifier. */
  readonly endpoint: { readonly scheme: string; readonly id: string } | null;
  readonly address: {
    readonly street: string | null;
    readonly city: string | null;
    readonly postalCode: string | null;
    /** ISO 3166-1 alpha-2. */
    readonly country: string | null;
  };
  readonly email: string | null;
}

/** UNCL5305 VAT categories Peppol BIS uses. */
export type VatCategory = 'S' | 'Z' | 'E' | 'AE' | 'K' | 'G' | 'O' | 'L' | 'M';

export interface EInvoiceLine {
  /** BT-126 */
  readonly id: string;
  /** BT-153 */
  readonly name: string;
  /** BT-129 */
  readonly quantity: number;
  /** BT-130, UN/ECE Recommendation 20 (C62: one, HUR: hour). */
  readonly unitCode: string;
  /** BT-146, the net price of one unit. */
  readonly unitPrice: number;
  /** BT-131, as the ERP computed it. */
  readonly netAmount: number;
  /** BT-151 / BT-152 */
  readonly vat: { readonly category: VatCategory; readonly rate: number };
}

export interface EInvoiceTaxGroup {
  readonly category: VatCategory;
  readonly rate: number;
  /** BT-116 */
  readonly taxable: number;
  /** BT-117 */
  readonly tax: number;
  /** BT-120, for exempt categories. */
  readonly exemptionReason?: string | null;
}
