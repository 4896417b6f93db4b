import type { SandboxSystem } from '../../src/sandbox/SandboxSystem.js';

/**
 * The peer gateway's environment. The composed supergraph names each system's URL as `{env.…}`, so one
 * composition serves any run's sandbox. The peer reads the four systems the read benches query; it sends no e-invoices.
 */
export const PEER_URL_ENV = {
  crm: 'PEER_CRM_URL',
  erp: 'PEER_ERP_URL',
  payments: 'PEER_PAYMENTS_URL',
  shipping: 'PEER_SHIPPING_URL',
} as const satisfies Record<Exclude<SandboxSystem, 'einvoicing'>, string>;

/** The uid of the run's Odoo login, which every execute_kw call carries. */
export const PEER_ERP_UID_ENV = 'PEER_ERP_UID';

/** Path of the supergraph the peer gateway serves. */
export const PEER_SUPERGRAPH_ENV = 'PEER_SUPERGRAPH';

/** Milliseconds Hive Gateway's response cache keeps an answer; absent or 0: no response cache. */
export const PEER_RESPONSE_CACHE_TTL_ENV = 'PEER_RESPONSE_CACHE_TTL_MS';
