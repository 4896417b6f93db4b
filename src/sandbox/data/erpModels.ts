import { Table } from './Table.js';

/**
 * The Odoo models the sandbox serves and their field schema. Odoo answers `fields_get`,
 * validates field names in domains and `fields`, and turns many2one ids into [id, name]
 * pairs from this description.
 */

/** A stored Odoo value. Empty values are `false`, as Odoo stores them; many2one fields hold the id. */
export type OdooValue = string | number | boolean | number[];

export interface OdooRecord {
  id: number;
  [field: string]: OdooValue;
}

export const ERP_MODEL_NAMES = [
  'res.currency', 'res.country', 'product.pricelist', 'res.partner', 'product.product',
  'sale.order', 'sale.order.line', 'account.move', 'stock.picking',
  'res.company', 'res.partner.bank', 'account.tax', 'uom.uom', 'account.payment.term', 'account.move.line',
] as const;

export type ErpModelName = (typeof ERP_MODEL_NAMES)[number];

export type OdooFieldType =
  | 'integer' | 'float' | 'monetary' | 'char' | 'text' | 'boolean' | 'date' | 'datetime'
  | 'selection' | 'many2one' | 'one2many' | 'many2many';

export interface OdooField {
  type: OdooFieldType;
  string: string;
  relation?: ErpModelName;
  /** For a one2many computed from the other side: the comodel's many2one pointing back here. */
  inverse?: string;
  selection?: readonly (readonly [string, string])[];
}

export interface OdooModel {
  name: ErpModelName;
  description: string;
  fields: Readonly<Record<string, OdooField>>;
  /** Odoo's `_order` for the model. */
  order: string;
  /** Fields with an equality index, used to narrow domain searches before filtering. */
  indexed: readonly string[];
  displayName(record: OdooRecord, lookup: (model: ErpModelName, id: number) => OdooRecord | undefined): string;
}

const f = (type: OdooFieldType, string: string, extra: Omit<OdooField, 'type' | 'string'> = {}): OdooField => ({
  type, string, ...extra,
});
const m2o = (relation: ErpModelName, string: string): OdooField => f('many2one', string, { relation });
const sel = (string: string, values: readonly string[]): OdooField =>
  f('selection', string, { selection: values.map((value) => [value, value] as const) });
const labelled = (string: string, options: Readonly<Record<string, string>>): OdooField =>
  f('selection', string, { selection: Object.entries(options) });

/** Electronic Address Scheme codes (EAS) Odoo 17 offers for a partner's Peppol address; a common subset. */
const PEPPOL_EAS: Readonly<Record<string, string>> = {
  '0002': 'FR - SIRENE', '0007': 'SE - Organisationsnummer', '0009': 'FR - SIRET', '0060': 'DUNS Number',
  '0088': 'Global Location Number (GLN)', '0096': 'DK - P-nummer', '0106': 'NL - KvK', '0130': 'EU - Directorates of the European Commission',
  '0184': 'DK - CVR', '0190': 'NL - OIN', '0192': 'NO - Organisasjonsnummer', '0195': 'SG - UEN', '0196': 'IS - Kennitala',
  '0198': 'DK - SE-nummer', '0199': 'Legal Entity Identifier (LEI)', '0204': 'DE - Leitweg-ID',
  '0208': 'BE - Enterprise number (KBO/BCE)', '0209': 'GS1 identification keys', '0210': 'IT - Codice Fiscale', '0211': 'IT - Partita IVA',
  '0212': 'FI - Organisation identifier', '9925': 'BE - VAT number', '9930': 'DE - VAT number', '9932': 'GB - VAT number',
  '9938': 'LU - VAT number', '9944': 'NL - VAT number', '9957': 'FR - VAT number',
};

/** UNCL5305 duty or tax category codes, as Odoo's UBL export reads them from a tax. */
const TAX_CATEGORIES: Readonly<Record<string, string>> = {
  S: 'Standard rate', Z: 'Zero rated goods', E: 'Exempt from tax', AE: 'VAT Reverse Charge',
  K: 'Intra-Community supply', G: 'Free export item, VAT not charged', O: 'Services outside scope of tax',
  L: 'Canary Islands general indirect tax', M: 'Tax for production, services and importation in Ceuta and Melilla',
};

const BASE_FIELDS: Readonly<Record<string, OdooField>> = {
  id: f('integer', 'ID'),
  display_name: f('char', 'Display Name'),
  create_date: f('datetime', 'Created on'),
  write_date: f('datetime', 'Last Updated on'),
};

const nameOf = (record: OdooRecord): string => (typeof record.name === 'string' ? record.name : '');

const MODEL_LIST: readonly OdooModel[] = [
  {
    name: 'res.currency', description: 'Currency', order: 'active desc, name', indexed: ['name'],
    fields: { name: f('char', 'Currency'), symbol: f('char', 'Symbol'), rate: f('float', 'Current Rate'), active: f('boolean', 'Active') },
    displayName: nameOf,
  },
  {
    name: 'res.country', description: 'Country', order: 'name', indexed: ['code'],
    fields: { name: f('char', 'Country Name'), code: f('char', 'Country Code'), currency_id: m2o('res.currency', 'Currency') },
    displayName: nameOf,
  },
  {
    name: 'product.pricelist', description: 'Pricelist', order: 'sequence asc, id asc', indexed: [],
    fields: { name: f('char', 'Pricelist Name'), currency_id: m2o('res.currency', 'Currency'), sequence: f('integer', 'Sequence'), active: f('boolean', 'Active') },
    displayName: (record, lookup) => {
      const currency = typeof record.currency_id === 'number' ? lookup('res.currency', record.currency_id) : undefined;
      return currency ? `${nameOf(record)} (${nameOf(currency)})` : nameOf(record);
    },
  },
  {
    name: 'res.partner', description: 'Contact', order: 'complete_name ASC, id DESC', indexed: ['email', 'ref'],
    fields: {
      name: f('char', 'Name'), complete_name: f('char', 'Complete Name'), email: f('char', 'Email'), phone: f('char', 'Phone'),
      street: f('char', 'Street'), city: f('char', 'City'), zip: f('char', 'Zip'), country_id: m2o('res.country', 'Country'),
      vat: f('char', 'Tax ID'), ref: f('char', 'Reference'), lang: f('char', 'Language'), is_company: f('boolean', 'Is a Company'),
      active: f('boolean', 'Active'), customer_rank: f('integer', 'Customer Rank'), supplier_rank: f('integer', 'Supplier Rank'),
      property_product_pricelist: m2o('product.pricelist', 'Pricelist'),
      x_currency: sel('Currency (Switchyard)', ['EUR', 'USD', 'GBP']),
      sale_order_ids: f('one2many', 'Sales Order', { relation: 'sale.order', inverse: 'partner_id' }),
      invoice_ids: f('one2many', 'Invoices', { relation: 'account.move', inverse: 'partner_id' }),
      company_registry: f('char', 'Company ID'), peppol_eas: labelled('Peppol e-address (EAS)', PEPPOL_EAS),
      peppol_endpoint: f('char', 'Peppol Endpoint'),
      bank_ids: f('one2many', 'Banks', { relation: 'res.partner.bank', inverse: 'partner_id' }),
    },
    displayName: nameOf,
  },
  {
    name: 'product.product', description: 'Product Variant', order: 'default_code, name, id', indexed: ['default_code'],
    fields: {
      name: f('char', 'Name'), default_code: f('char', 'Internal Reference'), list_price: f('float', 'Sales Price'),
      standard_price: f('float', 'Cost'), currency_id: m2o('res.currency', 'Currency'),
      type: sel('Product Type', ['consu', 'service', 'product']), active: f('boolean', 'Active'), barcode: f('char', 'Barcode'),
      sale_ok: f('boolean', 'Can be Sold'), uom_id: m2o('uom.uom', 'Unit of Measure'),
    },
    displayName: (record) =>
      typeof record.default_code === 'string' ? `[${record.default_code}] ${nameOf(record)}` : nameOf(record),
  },
  {
    name: 'sale.order', description: 'Sales Order', order: 'date_order desc, id desc', indexed: ['name', 'partner_id', 'state', 'client_order_ref'],
    fields: {
      name: f('char', 'Order Reference'), partner_id: m2o('res.partner', 'Customer'), date_order: f('datetime', 'Order Date'),
      state: sel('Status', ['draft', 'sent', 'sale', 'done', 'cancel']),
      amount_untaxed: f('monetary', 'Untaxed Amount'), amount_tax: f('monetary', 'Taxes'), amount_total: f('monetary', 'Total'),
      currency_id: m2o('res.currency', 'Currency'), pricelist_id: m2o('product.pricelist', 'Pricelist'),
      order_line: f('one2many', 'Order Lines', { relation: 'sale.order.line' }),
      invoice_ids: f('many2many', 'Invoices', { relation: 'account.move' }),
      picking_ids: f('one2many', 'Transfers', { relation: 'stock.picking' }),
      invoice_status: sel('Invoice Status', ['upselling', 'invoiced', 'to invoice', 'no']),
      client_order_ref: f('char', 'Customer Reference'), note: f('text', 'Terms and conditions'),
    },
    displayName: nameOf,
  },
  {
    name: 'sale.order.line', description: 'Sales Order Line', order: 'order_id, sequence, id', indexed: ['order_id', 'product_id'],
    fields: {
      order_id: m2o('sale.order', 'Order Reference'), sequence: f('integer', 'Sequence'), product_id: m2o('product.product', 'Product'),
      name: f('text', 'Description'), product_uom_qty: f('float', 'Quantity'), price_unit: f('float', 'Unit Price'),
      discount: f('float', 'Discount (%)'), price_subtotal: f('monetary', 'Subtotal'), price_tax: f('float', 'Total Tax'),
      price_total: f('monetary', 'Total'), currency_id: m2o('res.currency', 'Currency'), state: sel('Order Status', ['draft', 'sent', 'sale', 'done', 'cancel']),
    },
    displayName: (record, lookup) => {
      const order = typeof record.order_id === 'number' ? lookup('sale.order', record.order_id) : undefined;
      const name = typeof record.name === 'string' ? record.name.split('\n')[0] ?? '' : '';
      return order ? `${nameOf(order)} - ${name}` : name;
    },
  },
  {
    name: 'account.move', description: 'Journal Entry', order: 'date desc, name desc, id desc', indexed: ['name', 'partner_id', 'invoice_origin'],
    fields: {
      name: f('char', 'Number'), move_type: sel('Type', ['entry', 'out_invoice', 'out_refund', 'in_invoice', 'in_refund']),
      partner_id: m2o('res.partner', 'Partner'), invoice_origin: f('char', 'Origin'), ref: f('char', 'Reference'),
      date: f('date', 'Date'), invoice_date: f('date', 'Invoice/Bill Date'), invoice_date_due: f('date', 'Due Date'),
      amount_untaxed: f('monetary', 'Untaxed Amount'), amount_tax: f('monetary', 'Tax'), amount_total: f('monetary', 'Total'),
      amount_residual: f('monetary', 'Amount Due'), payment_state: sel('Payment Status', ['not_paid', 'in_payment', 'paid', 'partial', 'reversed']),
      state: sel('Status', ['draft', 'posted', 'cancel']), currency_id: m2o('res.currency', 'Currency'),
      payment_reference: f('char', 'Payment Reference'),
      invoice_line_ids: f('one2many', 'Invoice lines', { relation: 'account.move.line' }),
      invoice_payment_term_id: m2o('account.payment.term', 'Payment Terms'), company_id: m2o('res.company', 'Company'),
      partner_bank_id: m2o('res.partner.bank', 'Recipient Bank'), reversed_entry_id: m2o('account.move', 'Reversal of'),
    },
    displayName: nameOf,
  },
  {
    name: 'account.move.line', description: 'Journal Item', order: 'move_id, sequence, id', indexed: ['move_id'],
    fields: {
      move_id: m2o('account.move', 'Journal Entry'), sequence: f('integer', 'Sequence'), name: f('text', 'Label'),
      product_id: m2o('product.product', 'Product'), product_uom_id: m2o('uom.uom', 'Unit of Measure'),
      quantity: f('float', 'Quantity'), price_unit: f('float', 'Unit Price'), discount: f('float', 'Discount (%)'),
      price_subtotal: f('monetary', 'Subtotal'), price_total: f('monetary', 'Total'),
      tax_ids: f('many2many', 'Taxes', { relation: 'account.tax' }), currency_id: m2o('res.currency', 'Currency'),
      display_type: sel('Display Type', ['product', 'line_section', 'line_note']),
      sale_line_ids: f('many2many', 'Sales Order Lines', { relation: 'sale.order.line' }),
    },
    displayName: (record, lookup) => {
      const move = typeof record.move_id === 'number' ? lookup('account.move', record.move_id) : undefined;
      const name = typeof record.name === 'string' ? record.name : '';
      return move ? `${nameOf(move)} ${name}` : name;
    },
  },
  {
    name: 'res.company', description: 'Companies', order: 'sequence, name', indexed: [],
    fields: {
      name: f('char', 'Company Name'), partner_id: m2o('res.partner', 'Partner'), currency_id: m2o('res.currency', 'Currency'),
      vat: f('char', 'Tax ID'), company_registry: f('char', 'Company ID'), street: f('char', 'Street'), city: f('char', 'City'),
      zip: f('char', 'Zip'), country_id: m2o('res.country', 'Country'), email: f('char', 'Email'), phone: f('char', 'Phone'),
      peppol_eas: labelled('Peppol e-address (EAS)', PEPPOL_EAS), peppol_endpoint: f('char', 'Peppol Endpoint'),
      sequence: f('integer', 'Sequence'),
    },
    displayName: nameOf,
  },
  {
    name: 'res.partner.bank', description: 'Bank Accounts', order: 'sequence, id', indexed: ['partner_id'],
    fields: {
      acc_number: f('char', 'Account Number'), partner_id: m2o('res.partner', 'Account Holder'),
      acc_holder_name: f('char', 'Account Holder Name'), sequence: f('integer', 'Sequence'), active: f('boolean', 'Active'),
    },
    displayName: (record) => (typeof record.acc_number === 'string' ? record.acc_number : ''),
  },
  {
    name: 'account.tax', description: 'Tax', order: 'sequence,id', indexed: [],
    fields: {
      name: f('char', 'Tax Name'), amount: f('float', 'Amount'), amount_type: sel('Tax Computation', ['group', 'fixed', 'percent', 'division']),
      type_tax_use: sel('Tax Type', ['sale', 'purchase', 'none']), price_include: f('boolean', 'Included in Price'),
      active: f('boolean', 'Active'), sequence: f('integer', 'Sequence'),
      ubl_cii_tax_category_code: labelled('Tax Category Code', TAX_CATEGORIES),
      ubl_cii_tax_exemption_reason_code: sel('Tax Exemption Reason Code', ['VATEX-EU-79-C', 'VATEX-EU-132', 'VATEX-EU-143', 'VATEX-EU-148', 'VATEX-EU-151', 'VATEX-EU-309', 'VATEX-EU-AE', 'VATEX-EU-D', 'VATEX-EU-F', 'VATEX-EU-G', 'VATEX-EU-I', 'VATEX-EU-IC', 'VATEX-EU-O', 'VATEX-EU-J']),
    },
    displayName: nameOf,
  },
  {
    name: 'uom.uom', description: 'Product Unit of Measure', order: 'factor DESC, id', indexed: [],
    fields: {
      name: f('char', 'Unit of Measure'), factor: f('float', 'Ratio'), active: f('boolean', 'Active'),
      // Odoo 17 maps units to UN/ECE codes by their XML ids, which the external API does not show: the sandbox's database stores the code.
      x_unece_code: f('char', 'UN/ECE Code (Switchyard)'),
    },
    displayName: nameOf,
  },
  {
    name: 'account.payment.term', description: 'Payment Terms', order: 'sequence, id', indexed: [],
    fields: { name: f('char', 'Payment Terms'), note: f('text', 'Description on the Invoice'), sequence: f('integer', 'Sequence'), active: f('boolean', 'Active') },
    displayName: nameOf,
  },
  {
    name: 'stock.picking', description: 'Transfer', order: 'priority desc, scheduled_date asc, id desc', indexed: ['name', 'origin', 'sale_id', 'partner_id', 'carrier_tracking_ref'],
    fields: {
      name: f('char', 'Reference'), origin: f('char', 'Source Document'), sale_id: m2o('sale.order', 'Sales Order'),
      partner_id: m2o('res.partner', 'Contact'), carrier_tracking_ref: f('char', 'Tracking Reference'),
      state: sel('Status', ['draft', 'waiting', 'confirmed', 'assigned', 'done', 'cancel']),
      scheduled_date: f('datetime', 'Scheduled Date'), date_done: f('datetime', 'Date of Transfer'),
      picking_type_code: sel('Type of Operation', ['incoming', 'outgoing', 'internal']), priority: sel('Priority', ['0', '1']),
    },
    displayName: nameOf,
  },
];

export const ERP_MODELS: Readonly<Record<ErpModelName, OdooModel>> = Object.freeze(
  Object.fromEntries(
    MODEL_LIST.map((model) => [model.name, { ...model, fields: { ...BASE_FIELDS, ...model.fields } }]),
  ) as Record<ErpModelName, OdooModel>,
);

export function isErpModelName(name: string): name is ErpModelName {
  return Object.prototype.hasOwnProperty.call(ERP_MODELS, name);
}

export type ErpTables = Record<ErpModelName, Table<number, OdooRecord>>;

export function createErpTables(): ErpTables {
  const tables = {} as ErpTables;
  for (const name of ERP_MODEL_NAMES) {
    const model = ERP_MODELS[name];
    const indexes = Object.fromEntries(
      model.indexed.map((field) => [field, (row: OdooRecord) => {
        const value = row[field];
        return typeof value === 'string' || typeof value === 'number' ? [value] : [];
      }]),
    );
    tables[name] = new Table<number, OdooRecord>((row) => row.id, indexes);
  }
  return tables;
}
