import { belgianCheckDigits } from './businessIdentifiers.js';

/** How many customers the seed creates: their res.partner ids are 1 to CUSTOMER_COUNT. */
export const CUSTOMER_COUNT = 500;

/**
 * Fixed ids of the Odoo database's setup rows, which the catalog, the orders and every invoice refer to,
 * as a real database's would be. A module of their own so that the seed steps depend on it, not on each other.
 */
export const SETUP_IDS = Object.freeze({
  company: 1,
  /** The company's own res.partner, created after the customers. */
  companyPartner: CUSTOMER_COUNT + 1,
  companyBank: 1,
  /** The sales tax every order line carries (see saleOrderRules.TAX_RATE). */
  saleTax: 1,
  unitUom: 1,
  paymentTerm30Days: 3,
});

/** The seller's enterprise number (KBO/BCE), its Peppol endpoint under scheme 0208 and the digits of its VAT id. */
const ENTERPRISE_FIRST_EIGHT = '07924651';
export const COMPANY_ENTERPRISE_NUMBER = `${ENTERPRISE_FIRST_EIGHT}${belgianCheckDigits(ENTERPRISE_FIRST_EIGHT)}`;
export const COMPANY_NAME = 'Switchyard NV';
