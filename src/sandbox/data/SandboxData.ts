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

/** The one dataset the four simulated systems share; routes read it at request time, writes mutate it. */
export interface SandboxData {
  seed: number;
  crm: CrmData;
  erp: ErpTables;
  payments: PaymentsData;
  shipping: ShippingData;
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
  };
}
