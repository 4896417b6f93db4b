import type { OdooRecord, OdooValue } from '../data/erpModels.js';
import { nextSerial } from '../data/ids.js';
import { odooDatetime } from '../data/time.js';
import type { ModelWriter } from './ModelWriter.js';
import { validationError } from './OdooError.js';
import type { WriteContext } from './odooValues.js';
import { convertVals } from './odooValues.js';
import { defaultPricelist, pricelistOfCurrency } from './pricelists.js';

const WRITABLE = [
  'name', 'email', 'phone', 'street', 'city', 'zip', 'country_id', 'vat', 'ref', 'lang', 'is_company', 'active',
  'customer_rank', 'supplier_rank', 'property_product_pricelist', 'x_currency', 'company_registry', 'peppol_eas', 'peppol_endpoint',
] as const;

/** res.partner's SQL constraint `check_name`, as Odoo reports a violated constraint. */
function requireName(values: Record<string, OdooValue>): void {
  if ('name' in values && (values.name === false || values.name === '')) {
    throw validationError('The operation cannot be completed: Contacts require a name');
  }
}

/** The sandbox keeps a partner's pricelist on its x_currency, as the seeded partners are. */
function withPricelist(context: WriteContext, values: Record<string, OdooValue>): Record<string, OdooValue> {
  if ('property_product_pricelist' in values || typeof values.x_currency !== 'string') return values;
  const pricelist = pricelistOfCurrency(context.tables, values.x_currency);
  return pricelist === undefined ? values : { ...values, property_product_pricelist: pricelist };
}

export const partnerWriter: ModelWriter = {
  prepareCreate(context, vals) {
    const values = withPricelist(context, convertVals(context, 'res.partner', vals, WRITABLE));
    requireName({ name: false, ...values });
    return () => {
      const table = context.tables['res.partner'];
      const stamp = odooDatetime(context.now);
      const partner: OdooRecord = {
        id: nextSerial(table), create_date: stamp, write_date: stamp,
        name: false, email: false, phone: false, street: false, city: false, zip: false, country_id: false, vat: false,
        ref: false, lang: 'en_US', is_company: false, active: true, customer_rank: 0, supplier_rank: 0,
        property_product_pricelist: defaultPricelist(context.tables), x_currency: false,
        company_registry: false, peppol_eas: false, peppol_endpoint: false,
        ...values,
      };
      table.put({ ...partner, complete_name: partner.name ?? false });
      return partner.id;
    };
  },

  prepareWrite(context, ids, vals) {
    const values = withPricelist(context, convertVals(context, 'res.partner', vals, WRITABLE));
    requireName(values);
    return () => {
      const table = context.tables['res.partner'];
      for (const id of ids) {
        const updated: OdooRecord = { ...(table.get(id) as OdooRecord), ...values, id, write_date: odooDatetime(context.now) };
        table.put({ ...updated, complete_name: updated.name ?? false });
      }
    };
  },
};
