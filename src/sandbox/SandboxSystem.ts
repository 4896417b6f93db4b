export const SANDBOX_SYSTEMS = ['crm', 'erp', 'payments', 'shipping', 'einvoicing'] as const;

export type SandboxSystem = (typeof SANDBOX_SYSTEMS)[number];

export interface SandboxCredentials {
  /** HubSpot private-app bearer token. */
  crm: { token: string };
  /** Odoo database, login and password. */
  erp: { db: string; username: string; password: string };
  /** Stripe secret key (sk_test_...). */
  payments: { secretKey: string };
  /** EasyPost API key, sent as the basic-auth username. */
  shipping: { apiKey: string };
  /** e-invoice.be API key, sent as a bearer token. */
  einvoicing: { apiKey: string };
}

export const SANDBOX_CREDENTIALS: SandboxCredentials = Object.freeze({
  crm: Object.freeze({ token: 'sandbox-crm-token' }),
  erp: Object.freeze({ db: 'switchyard', username: 'admin', password: 'admin' }),
  payments: Object.freeze({ secretKey: 'sk_test_sandbox' }),
  shipping: Object.freeze({ apiKey: 'EZTK_sandbox' }),
  einvoicing: Object.freeze({ apiKey: 'sandbox-einvoice-key' }),
});
