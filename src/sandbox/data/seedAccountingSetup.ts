import { belgianAccountCheckDigits, ibanCheckDigits } from './businessIdentifiers.js';
import type { ErpTables } from './erpModels.js';
import type { Catalog } from './seedCatalog.js';
import { COMPANY_ENTERPRISE_NUMBER, COMPANY_NAME, SETUP_IDS } from './setupIds.js';
import { DAY_MS, SEED_EPOCH_MS, odooDatetime } from './time.js';

/** A Belgian IBAN: bank code and account number, their own check digits, then the IBAN's. */
function companyIban(): string {
  const account = '3630812745';
  const bban = `${account}${belgianAccountCheckDigits(account)}`;
  return `BE${ibanCheckDigits('BE', bban)}${bban}`;
}

const TAXES = [
  { name: '20%', amount: 20, category: 'S', exemption: false },
  { name: '0% Intra-EU', amount: 0, category: 'K', exemption: 'VATEX-EU-IC' },
  { name: '0% Export', amount: 0, category: 'G', exemption: 'VATEX-EU-G' },
] as const;

const UNITS = [
  { name: 'Units', factor: 1, unece: 'C62' },
  { name: 'Dozens', factor: 1 / 12, unece: 'DZN' },
  { name: 'kg', factor: 1, unece: 'KGM' },
  { name: 'Hours', factor: 8, unece: 'HUR' },
  { name: 'Days', factor: 1, unece: 'DAY' },
] as const;

const PAYMENT_TERMS = [
  { name: 'Immediate Payment', note: 'Payment terms: Immediate Payment' },
  { name: '15 Days', note: 'Payment terms: 15 Days' },
  { name: '30 Days', note: 'Payment terms: 30 Days' },
  { name: '45 Days', note: 'Payment terms: 45 Days' },
] as const;

/**
 * The setup data of the sandbox's Odoo database, which every invoice refers to: the company that sells
 * (a Belgian NV on Peppol), its bank account, its taxes, units and payment terms. Fixed ids, as a
 * database's setup rows would be, and no random draws.
 */
export function seedAccountingSetup(erp: ErpTables, catalog: Catalog): void {
  const created = odooDatetime(SEED_EPOCH_MS - 3 * 365 * DAY_MS);
  const base = { create_date: created, write_date: created };
  const address = { street: 'Korenmarkt 12', city: 'Ghent', zip: '9000', country_id: catalog.countryIds.BE };
  const identity = {
    name: COMPANY_NAME, email: 'invoices@switchyard.example', phone: '+32 9 123 45 67', vat: `BE${COMPANY_ENTERPRISE_NUMBER}`,
    company_registry: COMPANY_ENTERPRISE_NUMBER, peppol_eas: '0208', peppol_endpoint: COMPANY_ENTERPRISE_NUMBER,
  };
  erp['res.partner'].put({
    id: SETUP_IDS.companyPartner, ...base, ...identity, ...address, complete_name: identity.name, ref: false, lang: 'nl_BE',
    is_company: true, active: true, customer_rank: 0, supplier_rank: 0,
    property_product_pricelist: catalog.pricelistIds.EUR, x_currency: 'EUR',
  });
  erp['res.company'].put({
    id: SETUP_IDS.company, ...base, ...identity, ...address, partner_id: SETUP_IDS.companyPartner,
    currency_id: catalog.currencyIds.EUR, sequence: 10,
  });
  erp['res.partner.bank'].put({
    id: SETUP_IDS.companyBank, ...base, acc_number: companyIban(), partner_id: SETUP_IDS.companyPartner,
    acc_holder_name: identity.name, sequence: 10, active: true,
  });
  TAXES.forEach((tax, index) => erp['account.tax'].put({
    id: index + 1, ...base, name: tax.name, amount: tax.amount, amount_type: 'percent', type_tax_use: 'sale', price_include: false,
    active: true, sequence: index + 1, ubl_cii_tax_category_code: tax.category, ubl_cii_tax_exemption_reason_code: tax.exemption,
  }));
  UNITS.forEach((unit, index) => erp['uom.uom'].put({ id: index + 1, ...base, name: unit.name, factor: unit.factor, active: true, x_unece_code: unit.unece }));
  PAYMENT_TERMS.forEach((term, index) => erp['account.payment.term'].put({ id: index + 1, ...base, ...term, sequence: index + 1, active: true }));
}
