import type { ErpTables } from './erpModels.js';
import { createErpTables } from './erpModels.js';
import { Table } from './Table.js';

/** HubSpot CRM object as stored: property values are strings or null, as HubSpot returns them. */
export interface CrmObject {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

export interface CrmOwner {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  userId: number;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

/** One contact-to-company link; `primary` is HubSpot's "Primary" association label. */
export interface CrmAssociation {
  key: string;
  contactId: string;
  companyId: string;
  primary: boolean;
}

/** A note's link to a contact or company (notes are linked one way: note → record). */
export interface CrmNoteAssociation {
  key: string;
  noteId: string;
  toType: 'contacts' | 'companies';
  toId: string;
}

export type StripeMetadata = Record<string, string>;

export interface StripeCustomer {
  id: string;
  object: 'customer';
  address: null;
  balance: number;
  created: number;
  currency: string | null;
  default_source: null;
  delinquent: boolean;
  description: string | null;
  email: string | null;
  invoice_prefix: string;
  invoice_settings: { custom_fields: null; default_payment_method: string | null; footer: null; rendering_options: null };
  livemode: false;
  metadata: StripeMetadata;
  name: string | null;
  phone: string | null;
  preferred_locales: string[];
  shipping: null;
  tax_exempt: 'none';
}

export interface StripePaymentMethod {
  id: string;
  object: 'payment_method';
  type: 'card';
  billing_details: { email: string | null; name: string | null; phone: string | null; address: null };
  card: { brand: 'visa' | 'mastercard' | 'amex'; last4: string; exp_month: number; exp_year: number; country: string; funding: 'credit' | 'debit' };
  created: number;
  customer: string | null;
  livemode: false;
  metadata: StripeMetadata;
}

export type PaymentIntentStatus =
  | 'requires_payment_method' | 'requires_confirmation' | 'requires_action' | 'processing'
  | 'requires_capture' | 'canceled' | 'succeeded';

export interface StripePaymentIntent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_capturable: number;
  amount_received: number;
  canceled_at: number | null;
  cancellation_reason: string | null;
  capture_method: 'automatic' | 'manual';
  client_secret: string;
  confirmation_method: 'automatic';
  created: number;
  currency: string;
  customer: string | null;
  description: string | null;
  latest_charge: string | null;
  livemode: false;
  metadata: StripeMetadata;
  payment_method: string | null;
  payment_method_types: string[];
  status: PaymentIntentStatus;
}

export interface StripeRefund {
  id: string;
  object: 'refund';
  amount: number;
  charge: string;
  created: number;
  currency: string;
  metadata: StripeMetadata;
  payment_intent: string;
  reason: 'duplicate' | 'fraudulent' | 'requested_by_customer' | null;
  status: 'succeeded' | 'pending' | 'failed' | 'canceled';
}

export type TrackerStatus =
  | 'unknown' | 'pre_transit' | 'in_transit' | 'out_for_delivery' | 'delivered'
  | 'available_for_pickup' | 'return_to_sender' | 'failure' | 'cancelled' | 'error';

export interface TrackingLocation {
  object: 'TrackingLocation';
  city: string | null;
  state: string | null;
  country: string | null;
  zip: string | null;
}

export interface TrackingDetail {
  object: 'TrackingDetail';
  message: string;
  description: string;
  status: TrackerStatus;
  status_detail: string;
  datetime: string;
  source: string;
  carrier_code: string;
  tracking_location: TrackingLocation;
}

export interface EasyPostTracker {
  id: string;
  object: 'Tracker';
  mode: 'test';
  tracking_code: string;
  status: TrackerStatus;
  status_detail: string;
  created_at: string;
  updated_at: string;
  signed_by: string | null;
  weight: number | null;
  est_delivery_date: string | null;
  shipment_id: null;
  /** EasyPost's carrier name (USPS, UPS, FedEx, DHLExpress…); the seed uses four. */
  carrier: string;
  tracking_details: TrackingDetail[];
  carrier_detail: null;
  finalized: boolean;
  is_return: boolean;
  public_url: string;
  fees: never[];
}

/** An entry of the Peppol participant directory (SML/SMP and Peppol Directory in one): who can receive documents. */
export interface PeppolParticipant {
  /** `<scheme>:<identifier>` as the network writes it, e.g. `0208:0123456749`. */
  peppolId: string;
  name: string;
  countryCode: string;
  /** The participant's access point refuses every document sent to it (a business-level rejection). */
  rejects: boolean;
}

export type EInvoiceState = 'DRAFT' | 'TRANSIT' | 'FAILED' | 'SENT' | 'RECEIVED';

/** An amount as the document states it (BT-xxx are decimal strings), kept as text so nothing is re-rounded. */
export type UblAmount = string | null;

/** A party of a UBL document: the seller (BG-4) or the buyer (BG-7). */
export interface UblParty {
  /** BT-27 / BT-44: PartyLegalEntity/RegistrationName. */
  registrationName: string | null;
  /** BT-28 / BT-45: PartyName/Name. */
  tradingName: string | null;
  /** BT-34 / BT-49: EndpointID and its schemeID. */
  endpoint: { id: string; scheme: string | null } | null;
  /** BT-31 / BT-48: PartyTaxScheme/CompanyID. */
  vatId: string | null;
  /** BT-30 / BT-47: PartyLegalEntity/CompanyID. */
  legalId: { id: string; scheme: string | null } | null;
  /** BT-29 / BT-46: PartyIdentification/ID. */
  identifiers: { id: string; scheme: string | null }[];
  countryCode: string | null;
}

export interface UblLine {
  /** BT-153 */
  name: string | null;
  /** BT-129 */
  quantity: string | null;
  /** BT-130 */
  unitCode: string | null;
  /** BT-146 */
  unitPrice: UblAmount;
  /** BT-131 */
  amount: UblAmount;
  /** BT-152 */
  taxRate: string | null;
}

/** What the access point read from an uploaded UBL 2.1 Invoice or CreditNote. */
export interface UblDocument {
  documentType: 'INVOICE' | 'CREDIT_NOTE';
  invoiceId: string | null;
  issueDate: string | null;
  dueDate: string | null;
  currency: string | null;
  /** BT-10 */
  buyerReference: string | null;
  /** BT-13 */
  orderReference: string | null;
  /** BT-20 */
  paymentTerms: string | null;
  seller: UblParty;
  buyer: UblParty;
  lines: UblLine[];
  /** BG-22 */
  totals: {
    lineExtension: UblAmount;
    taxExclusive: UblAmount;
    taxInclusive: UblAmount;
    allowances: UblAmount;
    charges: UblAmount;
    prepaid: UblAmount;
    rounding: UblAmount;
    payable: UblAmount;
  };
  /** BT-110, in the document currency. */
  taxTotal: UblAmount;
  /** BG-23: BT-116, BT-117, BT-119. */
  taxSubtotals: { taxable: UblAmount; tax: UblAmount; rate: string | null }[];
}

export interface EInvoiceDocument {
  id: string;
  state: EInvoiceState;
  direction: 'OUTBOUND';
  fileName: string | null;
  /** ISO datetime, sandbox clock. */
  createdAt: string;
  ubl: UblDocument;
  /** Set when the document was sent: who it went to, from whom, and why it failed if it did. */
  delivery: { sender: string; receiver: string; failureReason: string | null } | null;
}

/** A status webhook as e-invoice.be posts it. */
export interface EInvoiceEvent {
  id: string;
  tenant_id: string;
  /** Epoch seconds. */
  created_at: number;
  type: 'document.sent' | 'document.sent.failed';
  data: { document_id: string; reason?: string };
}

export interface CrmData {
  contacts: Table<string, CrmObject>;
  companies: Table<string, CrmObject>;
  owners: Table<string, CrmOwner>;
  associations: Table<string, CrmAssociation>;
  /** Notes exist only once a client creates them; the seed has none. */
  notes: Table<string, CrmObject>;
  noteAssociations: Table<string, CrmNoteAssociation>;
}

export interface PaymentsData {
  customers: Table<string, StripeCustomer>;
  paymentMethods: Table<string, StripePaymentMethod>;
  paymentIntents: Table<string, StripePaymentIntent>;
  refunds: Table<string, StripeRefund>;
}

export interface ShippingData {
  trackers: Table<string, EasyPostTracker>;
}

export interface EInvoicingData {
  /** Keyed by the Peppol id in lower case: the network compares identifiers without case. */
  participants: Table<string, PeppolParticipant>;
  /** Documents exist only once a client uploads them; the seed has none. */
  documents: Table<string, EInvoiceDocument>;
  /** Every status webhook in the order it was raised, for `POST /_control/webhooks/replay`. */
  events: Table<string, EInvoiceEvent>;
  /** Idempotency-Key → the document its first upload created, and a fingerprint of that upload. */
}

/** The one dataset the five simulated systems share; routes read it at request time, writes mutate it. */
export interface SandboxData {
  seed: number;
  crm: CrmData;
  erp: ErpTables;
  payments: PaymentsData;
  shipping: ShippingData;
  einvoicing: EInvoicingData;
}

const metadataKeys = (metadata: StripeMetadata): string[] =>
  Object.entries(metadata).map(([key, value]) => metadataIndexKey(key, value));

export function metadataIndexKey(key: string, value: string): string {
  return `${key}\u0000${value}`;
}

export function createEmptyData(seed: number): SandboxData {
  return {
    seed,
    crm: {
      contacts: new Table((row) => row.id, {
        email: (row) => (row.properties.email ? [row.properties.email.toLowerCase()] : []),
      }),
      companies: new Table((row) => row.id, {
        domain: (row) => (row.properties.domain ? [row.properties.domain.toLowerCase()] : []),
      }),
      owners: new Table((row) => row.id),
      associations: new Table((row) => row.key, {
        contactId: (row) => [row.contactId],
        companyId: (row) => [row.companyId],
      }),
      notes: new Table((row) => row.id),
      noteAssociations: new Table((row) => row.key, {
        noteId: (row) => [row.noteId],
        target: (row) => [`${row.toType}:${row.toId}`],
      }),
    },
    erp: createErpTables(),
    payments: {
      customers: new Table((row) => row.id, {
        email: (row) => (row.email ? [row.email.toLowerCase()] : []),
        name: (row) => (row.name ? [row.name.toLowerCase()] : []),
        metadata: (row) => metadataKeys(row.metadata),
      }),
      paymentMethods: new Table((row) => row.id, { customer: (row) => (row.customer ? [row.customer] : []) }),
      paymentIntents: new Table((row) => row.id, {
        customer: (row) => (row.customer ? [row.customer] : []),
        status: (row) => [row.status],
        metadata: (row) => metadataKeys(row.metadata),
      }),
      refunds: new Table((row) => row.id, { payment_intent: (row) => [row.payment_intent] }),
    },
    shipping: {
      trackers: new Table((row) => row.id, {
        tracking_code: (row) => [row.tracking_code],
        carrier: (row) => [row.carrier],
      }),
    },
    einvoicing: {
      participants: new Table((row) => row.peppolId.toLowerCase()),
      documents: new Table((row) => row.id),
      events: new Table((row) => row.id),
    },
  };
}
