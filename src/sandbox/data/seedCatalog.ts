import type { Prng } from '../prng.js';
import type { ErpTables } from './erpModels.js';
import type { CountryCode } from './names.js';
import { COUNTRIES, PRODUCT_ADJECTIVES, PRODUCT_NOUNS } from './names.js';
import { SETUP_IDS } from './setupIds.js';
import { DAY_MS, SEED_EPOCH_MS, odooDatetime } from './time.js';

export type CurrencyCode = 'EUR' | 'USD' | 'GBP';

/** Reference ids the other generators link to. */
export interface Catalog {
  currencyIds: Readonly<Record<CurrencyCode, number>>;
  pricelistIds: Readonly<Record<CurrencyCode, number>>;
  countryIds: Readonly<Record<CountryCode, number>>;
  /** Rate from EUR (the company currency), as Odoo's res.currency.rate. */
  rates: Readonly<Record<CurrencyCode, number>>;
  products: readonly { id: number; listPriceCents: number; displayName: string }[];
}

const CURRENCIES: readonly { code: CurrencyCode; symbol: string; rate: number }[] = [
  { code: 'EUR', symbol: '€', rate: 1 },
  { code: 'USD', symbol: '$', rate: 1.08 },
  { code: 'GBP', symbol: '£', rate: 0.86 },
];

export const PRODUCT_COUNT = 50;

export function seedCatalog(erp: ErpTables, prng: Prng): Catalog {
  const created = odooDatetime(SEED_EPOCH_MS - 3 * 365 * DAY_MS);
  const base = { create_date: created, write_date: created };
  const currencyIds = {} as Record<CurrencyCode, number>;
  const pricelistIds = {} as Record<CurrencyCode, number>;
  const rates = {} as Record<CurrencyCode, number>;
  CURRENCIES.forEach((currency, index) => {
    const id = index + 1;
    currencyIds[currency.code] = id;
    rates[currency.code] = currency.rate;
    erp['res.currency'].put({ id, ...base, name: currency.code, symbol: currency.symbol, rate: currency.rate, active: true });
    pricelistIds[currency.code] = id;
    erp['product.pricelist'].put({ id, ...base, name: 'Public Pricelist', currency_id: id, sequence: id, active: true });
  });

  const countryIds = {} as Record<CountryCode, number>;
  Object.values(COUNTRIES).forEach((country, index) => {
    const id = index + 1;
    countryIds[country.code] = id;
    const currency: CurrencyCode = country.code === 'US' ? 'USD' : country.code === 'GB' ? 'GBP' : 'EUR';
    erp['res.country'].put({ id, ...base, name: country.name, code: country.code, currency_id: currencyIds[currency] });
  });

  const names = prng.shuffle(PRODUCT_ADJECTIVES.flatMap((adjective) => PRODUCT_NOUNS.map((noun) => `${adjective} ${noun}`)));
  const products: Catalog['products'][number][] = [];
  for (let index = 0; index < PRODUCT_COUNT; index++) {
    const id = index + 1;
    const name = names[index] as string;
    const code = `SY-${String(1000 + id)}`;
    const listPriceCents = prng.int(5, 400) * 100 + prng.pick([0, 50, 90, 99]);
    erp['product.product'].put({
      id, ...base, name, default_code: code, list_price: listPriceCents / 100,
      standard_price: Math.round(listPriceCents * 0.55) / 100, currency_id: currencyIds.EUR,
      type: 'consu', active: true, sale_ok: true, uom_id: SETUP_IDS.unitUom, barcode: `590${String(1234500000 + id * 7919).slice(0, 10)}`,
    });
    products.push({ id, listPriceCents, displayName: `[${code}] ${name}` });
  }
  return { currencyIds, pricelistIds, countryIds, rates, products };
}
