import type { Prng } from '../prng.js';
import type { Catalog, CurrencyCode } from './seedCatalog.js';
import type { ErpTables } from './erpModels.js';
import type { CountryCode } from './names.js';
import { COUNTRIES, EUR_COUNTRIES, FIRST_NAMES, LAST_NAMES, STREET_NAMES } from './names.js';
import { CUSTOMER_COUNT } from './setupIds.js';
import { DAY_MS, SEED_EPOCH_MS, odooDatetime } from './time.js';

/** The person behind one customer, shared by the generators of all five systems. */
export interface Customer {
  partnerId: number;
  firstName: string;
  lastName: string;
  name: string;
  email: string;
  phone: string | null;
  currency: CurrencyCode;
  country: CountryCode;
  city: string;
  state: string;
  zip: string;
  createdMs: number;
}

const LANG_BY_COUNTRY: Readonly<Record<CountryCode, string>> = {
  FR: 'fr_FR', DE: 'de_DE', NL: 'nl_NL', BE: 'fr_BE', ES: 'es_ES', IT: 'it_IT', US: 'en_US', GB: 'en_GB',
};

function slug(text: string): string {
  return text.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, '').toLowerCase();
}

export function seedCustomers(erp: ErpTables, catalog: Catalog, prng: Prng): Customer[] {
  const customers: Customer[] = [];
  const firstCreated = SEED_EPOCH_MS - 2 * 365 * DAY_MS;
  for (let index = 0; index < CUSTOMER_COUNT; index++) {
    const partnerId = index + 1;
    const firstName = prng.pick(FIRST_NAMES);
    const lastName = prng.pick(LAST_NAMES);
    const currency = prng.weighted<CurrencyCode>({ EUR: 70, USD: 20, GBP: 10 });
    const country: CountryCode = currency === 'USD' ? 'US' : currency === 'GBP' ? 'GB' : prng.pick(EUR_COUNTRIES);
    const info = COUNTRIES[country];
    const place = prng.pick(info.cities);
    const phone = prng.chance(0.85) ? `${info.phonePrefix} ${prng.chars(3, '0123456789')} ${prng.chars(3, '0123456789')} ${prng.chars(3, '0123456789')}` : null;
    // Partners all exist a year before the first order, so every order postdates its customer.
    const createdMs = firstCreated + Math.floor((index / CUSTOMER_COUNT) * 365 * DAY_MS) + prng.int(0, 12 * 3600) * 1000;
    const customer: Customer = {
      partnerId, firstName, lastName, name: `${firstName} ${lastName}`,
      // The id suffix keeps emails unique although names repeat.
      email: `${slug(firstName)}.${slug(lastName)}.${partnerId}@example.com`,
      phone, currency, country, city: place.city, state: place.state, zip: place.zip, createdMs,
    };
    customers.push(customer);
    const created = odooDatetime(createdMs);
    erp['res.partner'].put({
      id: partnerId,
      create_date: created,
      write_date: created,
      name: customer.name,
      complete_name: customer.name,
      email: customer.email,
      phone: phone ?? false,
      street: `${prng.int(1, 220)} ${prng.pick(STREET_NAMES)}`,
      city: place.city,
      zip: place.zip,
      country_id: catalog.countryIds[country],
      vat: country !== 'US' && prng.chance(0.3) ? `${country}${prng.chars(10, '0123456789')}` : false,
      ref: `CUST-${String(partnerId).padStart(4, '0')}`,
      lang: LANG_BY_COUNTRY[country],
      is_company: false,
      active: true,
      customer_rank: 1,
      supplier_rank: 0,
      property_product_pricelist: catalog.pricelistIds[currency],
      x_currency: currency,
      // Set for a share of the Belgian and Dutch customers by seedPeppolIdentities.
      company_registry: false,
      peppol_eas: false,
      peppol_endpoint: false,
    });
  }
  return customers;
}
