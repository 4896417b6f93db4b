import { createPrng } from './prng.js';
import type { SandboxData } from './data/SandboxData.js';
import { createEmptyData } from './data/SandboxData.js';
import { seedAccountingSetup } from './data/seedAccountingSetup.js';
import { seedCatalog } from './data/seedCatalog.js';
import { seedCreditNotes } from './data/seedCreditNotes.js';
import { seedCrm } from './data/seedCrm.js';
import { seedCustomers } from './data/seedCustomers.js';
import { seedOrders } from './data/seedOrders.js';
import { seedPayments } from './data/seedPayments.js';
import { seedPeppolIdentities } from './data/seedPeppolIdentities.js';
import { seedShipments } from './data/seedShipments.js';

export const DEFAULT_SEED = 42;

/**
 * Builds the one dataset the five systems share. Every generator draws from its own labelled
 * stream, so the same seed gives byte-identical data.
 */
export function seedData(seed: number = DEFAULT_SEED): SandboxData {
  const data = createEmptyData(seed);
  const catalog = seedCatalog(data.erp, createPrng(seed, 'catalog'));
  const customers = seedCustomers(data.erp, catalog, createPrng(seed, 'customers'));
  seedAccountingSetup(data.erp, catalog);
  seedCrm(data.crm, customers, createPrng(seed, 'crm'));
  const orders = seedOrders(data.erp, catalog, customers, createPrng(seed, 'orders'));
  seedPayments(data.payments, data.erp, customers, orders, createPrng(seed, 'payments'));
  seedShipments(data.shipping, data.erp, orders, createPrng(seed, 'shipments'));
  seedPeppolIdentities(data.erp, data.einvoicing.participants, customers, createPrng(seed, 'peppol'));
  // After the payments (only paid invoices are reversed) and the identities (only business customers get credit notes).
  seedCreditNotes(data.erp, createPrng(seed, 'credit-notes'));
  return data;
}

/** Swaps a freshly seeded dataset into `target` in place, so servers holding it see the new rows. */
export function reseedData(target: SandboxData, seed: number = target.seed): void {
  Object.assign(target, seedData(seed));
}
