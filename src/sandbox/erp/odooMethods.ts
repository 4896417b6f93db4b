import type { ErpModelName, OdooRecord } from '../data/erpModels.js';
import { ERP_MODELS } from '../data/erpModels.js';
import { bindArguments } from './bindArguments.js';
import type { DomainContext } from './odooDomain.js';
import { missingError, typeError, valueError } from './OdooError.js';
import { countRecords, searchRecords } from './odooSearch.js';
import { formatRecord, resolveFields } from './odooRecords.js';

export interface MethodCall {
  model: ErpModelName;
  args: readonly unknown[];
  kwargs: Readonly<Record<string, unknown>>;
  uid: number;
  context: DomainContext;
  /** The sandbox clock when the call arrived. */
  now: number;
}

export type OdooMethod = (call: MethodCall) => unknown;

function optionalInt(name: string, value: unknown): number | undefined {
  if (value === undefined || value === null || value === false) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw typeError(`${name} must be an integer, got ${JSON.stringify(value)}`);
  return value;
}

function optionalString(name: string, value: unknown): string | undefined {
  if (value === undefined || value === null || value === false) return undefined;
  if (typeof value !== 'string') throw typeError(`${name} must be a string, got ${JSON.stringify(value)}`);
  return value;
}

export function recordIds(value: unknown): number[] {
  const ids = Array.isArray(value) ? value : [value];
  if (!ids.every((id) => typeof id === 'number' && Number.isInteger(id))) {
    throw valueError(`Invalid record ids ${JSON.stringify(value)}: expected a list of integers`);
  }
  return ids as number[];
}

/** Odoo raises MissingError naming every id of the call that has no row. */
export function checkExist(call: MethodCall, ids: readonly number[]): void {
  const table = call.context.tables[call.model];
  const missing = ids.filter((id) => !table.has(id));
  if (missing.length > 0) throw missingError(call.model, missing, call.uid);
}

function search(call: MethodCall, method: string, parameters: readonly string[]) {
  const bound = bindArguments(method, parameters, call.args, call.kwargs);
  const offset = optionalInt('offset', bound.offset);
  const limit = optionalInt('limit', bound.limit);
  const order = optionalString('order', bound.order);
  return {
    bound,
    records: searchRecords(call.model, {
      domain: bound.domain,
      ...(offset !== undefined ? { offset } : {}),
      ...(limit !== undefined ? { limit } : {}),
      ...(order !== undefined ? { order } : {}),
    }, call.context),
  };
}

const FIELD_ATTRIBUTES = ['type', 'string', 'relation', 'selection', 'readonly', 'required', 'store', 'searchable', 'sortable'] as const;

/** The public read methods of the ORM the sandbox implements, keyed by name as execute_kw calls them. */
export const READ_METHODS: Readonly<Record<string, OdooMethod>> = {
  search_read(call) {
    const { bound, records } = search(call, 'search_read', ['domain', 'fields', 'offset', 'limit', 'order']);
    const fields = resolveFields(call.model, bound.fields);
    return records.map((record) => formatRecord(call.model, record, fields, call.context));
  },
  search(call) {
    return search(call, 'search', ['domain', 'offset', 'limit', 'order']).records.map((record) => record.id);
  },
  search_count(call) {
    const bound = bindArguments('search_count', ['domain', 'limit'], call.args, call.kwargs);
    const count = countRecords(call.model, bound.domain, call.context);
    const limit = optionalInt('limit', bound.limit);
    return limit === undefined ? count : Math.min(count, limit);
  },
  read(call) {
    const bound = bindArguments('read', ['ids', 'fields', 'load'], call.args, call.kwargs);
    if (bound.ids === undefined) throw typeError("read() missing 1 required positional argument: 'ids'");
    const ids = recordIds(bound.ids);
    const fields = resolveFields(call.model, bound.fields);
    const table = call.context.tables[call.model];
    checkExist(call, ids);
    return ids.map((id) => formatRecord(call.model, table.get(id) as OdooRecord, fields, call.context));
  },
  name_search(call) {
    const bound = bindArguments('name_search', ['name', 'args', 'operator', 'limit'], call.args, call.kwargs);
    const name = optionalString('name', bound.name) ?? '';
    const operator = optionalString('operator', bound.operator) ?? 'ilike';
    const limit = optionalInt('limit', bound.limit) ?? 100;
    const extra = Array.isArray(bound.args) ? bound.args : [];
    const domain = name ? ['&', ['display_name', operator, name], ...(extra.length ? extra : [[1, '=', 1]])] : extra;
    const records = searchRecords(call.model, { domain, limit }, call.context);
    return records.map((record) => [record.id, call.context.displayName(call.model, record)]);
  },
  fields_get(call) {
    const bound = bindArguments('fields_get', ['allfields', 'attributes'], call.args, call.kwargs);
    const wanted = Array.isArray(bound.allfields) && bound.allfields.length > 0 ? new Set(bound.allfields) : undefined;
    const attributes = Array.isArray(bound.attributes) && bound.attributes.length > 0 ? new Set(bound.attributes) : undefined;
    const out: Record<string, Record<string, unknown>> = {};
    for (const [name, field] of Object.entries(ERP_MODELS[call.model].fields)) {
      if (wanted && !wanted.has(name)) continue;
      const description: Record<string, unknown> = {
        type: field.type, string: field.string, readonly: name === 'id' || name === 'display_name', required: false,
        store: name !== 'display_name', searchable: true, sortable: field.type !== 'one2many' && field.type !== 'many2many',
        ...(field.relation ? { relation: field.relation } : {}),
        ...(field.selection ? { selection: field.selection.map((option) => [...option]) } : {}),
      };
      out[name] = Object.fromEntries(
        FIELD_ATTRIBUTES.filter((key) => key in description && (!attributes || attributes.has(key))).map((key) => [key, description[key]]),
      );
    }
    return out;
  },
};
