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
    },
    displayName: nameOf,
  },
  {
    name: 'product.product', description: 'Product Variant', order: 'default_code, name, id', indexed: ['default_code'],
    fields: {
      name: f('char', 'Name'), default_code: f('char', 'Internal Reference'), list_price: f('float', 'Sales Price'),
      standard_price: f('float', 'Cost'), currency_id: m2o('res.currency', 'Currency'),
      type: sel('Product Type', ['consu', 'service', 'product']), active: f('boolean', 'Active'), barcode: f('char', 'Barcode'),
      sale_ok: f('boolean', 'Can be Sold'),
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
    },
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
