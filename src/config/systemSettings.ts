import type { VariableDoc } from './ConfigSection.js';

/** What the configuration knows of one upstream system: its variables' prefix, its names, its credentials and its budget's default. */
export interface SystemSettings {
  /** Prefix of its variables: `CRM` for CRM_BASE_URL, CRM_RETRY_LIMIT, … */
  readonly prefix: string;
  /** In messages and .env.example: `CRM (HubSpot CRM v3 API)`. */
  readonly label: string;
  /** On the status page: its role and the product it speaks to. */
  readonly title: string;
  readonly product: string;
  /** Its credentials by field; each default is the sandbox's value, refused in production. */
  readonly credentials: Readonly<Record<string, VariableDoc>>;
  /** `<prefix>_BUDGET`: its default is the vendor's published limit; `byCredentials` when that depends on the account. */
  readonly budget: { readonly default: string; readonly meaning: string; byCredentials?(credentials: Readonly<Record<string, string>>): string };
}

/**
 * Every upstream system the gateway talks to, one entry each: the only place the configuration names a
 * system. A new system adds its entry here and its connector folder; everything per system (variables,
 * .env.example, production checks, the status page) follows from it.
 */
export const SYSTEM_SETTINGS = {
  crm: {
    prefix: 'CRM',
    label: 'CRM (HubSpot CRM v3 API)',
    title: 'CRM',
    product: 'HubSpot',
    credentials: { token: { name: 'CRM_ACCESS_TOKEN', default: 'sandbox-crm-token', meaning: 'HubSpot private-app access token' } },
    budget: {
      default: '100/10s',
      meaning: 'Requests to HubSpot per window across every instance (100/10s: a Free or Starter private app; 190/10s on Professional and Enterprise); unlimited = none',
    },
  },
  erp: {
    prefix: 'ERP',
    label: 'ERP (Odoo external JSON-RPC API)',
    title: 'ERP',
    product: 'Odoo',
    credentials: {
      db: { name: 'ERP_DATABASE', default: 'switchyard', meaning: 'Odoo database name' },
      username: { name: 'ERP_USERNAME', default: 'admin', meaning: 'Odoo login' },
      password: { name: 'ERP_PASSWORD', default: 'admin', meaning: 'Odoo password or API key' },
    },
    budget: { default: 'unlimited', meaning: 'Requests to Odoo per window across every instance, e.g. 50/1s for a small server; unlimited = none' },
  },
  payments: {
    prefix: 'PAYMENTS',
    label: 'payment provider (Stripe API)',
    title: 'Payments',
    product: 'Stripe',
    credentials: { secretKey: { name: 'PAYMENTS_SECRET_KEY', default: 'sk_test_sandbox', meaning: 'Stripe secret key' } },
    budget: {
      default: '',
      meaning: "Requests to Stripe per window across every instance; empty = Stripe's published limit for the key's mode: 25/1s with a test key (sk_test_), 100/1s in live mode",
      // Stripe allows 25 requests a second in test mode and 100 in live mode.
      byCredentials: ({ secretKey }) => (secretKey && /^(sk|rk)_test_/.test(secretKey) ? '25/1s' : '100/1s'),
    },
  },
  shipping: {
    prefix: 'SHIPPING',
    label: 'shipping carrier (EasyPost trackers API)',
    title: 'Shipping',
    product: 'EasyPost',
    credentials: { apiKey: { name: 'SHIPPING_API_KEY', default: 'EZTK_sandbox', meaning: 'EasyPost API key' } },
    budget: { default: '5/1s', meaning: 'Requests to EasyPost per window across every instance (5/1s: its limit on list endpoints); unlimited = none' },
  },
  einvoicing: {
    prefix: 'EINVOICING',
    label: 'e-invoicing access point (Peppol, e-invoice.be API)',
    title: 'E-invoicing',
    product: 'Peppol',
    credentials: { apiKey: { name: 'EINVOICING_API_KEY', default: 'sandbox-einvoice-key', meaning: 'Access point API key (e-invoice.be: Authorization Bearer)' } },
    budget: { default: 'unlimited', meaning: "Requests to the access point per window across every instance (set it to your plan's limit); unlimited = none" },
  },
} as const satisfies Readonly<Record<string, SystemSettings>>;

type Settings = typeof SYSTEM_SETTINGS;

/** Each system's credentials, by the fields its entry names. */
export type SystemCredentials = { readonly [S in keyof Settings]: { readonly [F in keyof Settings[S]['credentials']]: string } };
