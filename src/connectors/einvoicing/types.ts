/** The access point's view of one document (e-invoice.be's DocumentResponse, the part the gateway reads). */
export interface AccessPointDocument {
  readonly id: string;
  readonly state: AccessPointState;
  readonly documentType: 'INVOICE' | 'CREDIT_NOTE' | 'DEBIT_NOTE' | null;
  /** The ERP's number, as the document carries it. */
  readonly invoiceId: string | null;
}

/** e-invoice.be's document states: DRAFT (created), TRANSIT (sending), SENT (delivered to the buyer's access point), FAILED, RECEIVED (inbound). */
export type AccessPointState = 'DRAFT' | 'TRANSIT' | 'FAILED' | 'SENT' | 'RECEIVED';

/** One finding of the access point's own checks, by the rule that found it. */
export interface AccessPointIssue {
  readonly rule: string | null;
  readonly message: string;
  readonly severity: 'error' | 'warning';
}

export interface AccessPointValidation {
  readonly valid: boolean;
  readonly issues: readonly AccessPointIssue[];
}

/** A Peppol participant as the access point's directory knows it: `scheme:id`, e.g. `0208:0123456749`. */
export interface PeppolParticipant {
  readonly id: string;
  readonly scheme: string;
  readonly name: string | null;
  readonly countryCode: string | null;
}

/** A Peppol electronic address: EAS scheme and identifier. */
export interface PeppolAddress {
  readonly scheme: string;
  readonly id: string;
}
