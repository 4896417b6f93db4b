import { loadJSONSchemaSubgraph } from '@omnigraph/json-schema';
import { PEER_URL_ENV } from '../peerEnv.js';
import { anyJson, fromEnv, integer, list, number, object, text, type Schema } from './jsonSchema.js';

interface OdooModel {
  /** The Odoo model name, e.g. `res.partner`. */
  readonly model: string;
  /** The source's root field that calls `execute_kw` on the model. */
  readonly field: string;
  /** The GraphQL type of one record. */
  readonly type: string;
  /** The fields asked for (execute_kw's `fields`), which are the fields of the type. */
  readonly fields: Readonly<Record<string, Schema>>;
}

/** The Odoo models the three benchmark queries read, with the fields they need. */
export const ODOO_MODELS = {
  partner: { model: 'res.partner', field: 'erpPartners', type: 'ErpPartner', fields: { id: integer, name: text, email: anyJson, x_currency: anyJson } },
  order: {
    model: 'sale.order',
    field: 'erpSaleOrders',
    type: 'ErpSaleOrder',
    fields: { id: integer, name: text, partner_id: anyJson, date_order: text, state: text, amount_total: number, currency_id: anyJson },
  },
  line: {
    model: 'sale.order.line',
    field: 'erpSaleOrderLines',
    type: 'ErpSaleOrderLine',
    fields: { id: integer, order_id: anyJson, product_id: anyJson, name: text, product_uom_qty: number, price_unit: number, price_total: number },
  },
  product: { model: 'product.product', field: 'erpProducts', type: 'ErpProduct', fields: { id: integer, name: text, default_code: anyJson } },
  picking: { model: 'stock.picking', field: 'erpPickings', type: 'ErpPicking', fields: { id: integer, name: text, sale_id: anyJson, carrier_tracking_ref: anyJson, state: text } },
} as const satisfies Record<string, OdooModel>;

export const fieldsOf = (model: OdooModel): string[] => Object.keys(model.fields);

/** The caller gives execute_kw's positional args (session, model, method, args, kwargs); the envelope is fixed. */
const executeKw = object('OdooExecuteKw', { params: object('OdooExecuteKwParams', { args: anyJson }, ['args']) }, ['params']);
const envelope = { jsonrpc: '2.0', method: 'call', 'params.service': 'object', 'params.method': 'execute_kw' };

/** Odoo answers every call with HTTP 200: a failure is an `error` member beside no `result`. */
const rpcError = object('OdooRpcError', { code: integer, message: text, data: object('OdooRpcErrorData', { name: text, message: text }) });

/** Odoo's external API (JSON-RPC on /jsonrpc), one root field per model: `read` and `search_read` both answer a list of records. */
export const erpSource = loadJSONSchemaSubgraph('Erp', {
  endpoint: fromEnv(PEER_URL_ENV.erp),
  operationHeaders: { 'content-type': 'application/json' },
  operations: Object.values(ODOO_MODELS).map((model: OdooModel) => ({
    type: 'Query' as const,
    field: model.field,
    description: `execute_kw on ${model.model}`,
    path: '/jsonrpc',
    method: 'POST' as const,
    requestSchema: executeKw,
    requestBaseBody: envelope,
    responseSchema: object(`${model.type}Answer`, { result: list(object(model.type, { ...model.fields })), error: rpcError }),
  })),
});
