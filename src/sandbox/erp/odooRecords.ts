import type { ErpModelName, ErpTables, OdooRecord } from '../data/erpModels.js';
import { ERP_MODELS } from '../data/erpModels.js';
import type { DomainContext } from './odooDomain.js';
import { pyRepr, valueError } from './OdooError.js';
import { searchRecords } from './odooSearch.js';

export function createDomainContext(tables: ErpTables): DomainContext {
  const lookup = (model: ErpModelName, id: number): OdooRecord | undefined => tables[model].get(id);
  return {
    tables,
    displayName: (model, record) => ERP_MODELS[model].displayName(record, lookup),
  };
}

/** The field names to return: all of them when none are asked for; an unknown one is an error, as in Odoo. */
export function resolveFields(model: ErpModelName, fields: unknown): string[] {
  const all = Object.keys(ERP_MODELS[model].fields);
  if (fields === undefined || fields === null || fields === false) return all;
  if (!Array.isArray(fields)) throw valueError(`Invalid fields ${JSON.stringify(fields)}: expected a list of field names`);
  if (fields.length === 0) return all;
  for (const field of fields) {
    if (typeof field !== 'string' || !(field in ERP_MODELS[model].fields)) {
      throw valueError(`Invalid field ${pyRepr(field)} on model ${pyRepr(model)}`);
    }
  }
  return ['id', ...(fields as string[]).filter((field) => field !== 'id')];
}

/** A record as `read` returns it: many2one as [id, display name] or false, empty values as false. */
export function formatRecord(model: ErpModelName, record: OdooRecord, fields: readonly string[], context: DomainContext): Record<string, unknown> {
  const definitions = ERP_MODELS[model].fields;
  const out: Record<string, unknown> = {};
  for (const name of fields) {
    if (name === 'display_name') {
      out[name] = context.displayName(model, record);
      continue;
    }
    const definition = definitions[name];
    const value = record[name];
    if (definition?.type === 'many2one' && definition.relation) {
      const related = typeof value === 'number' ? context.tables[definition.relation].get(value) : undefined;
      out[name] = related ? [related.id, context.displayName(definition.relation, related)] : false;
    } else if (definition?.inverse && definition.relation) {
      // As Odoo does: the comodel's records pointing here, in the comodel's _order.
      out[name] = searchRecords(definition.relation, { domain: [[definition.inverse, '=', record.id]] }, context).map((related) => related.id);
    } else if (definition?.type === 'one2many' || definition?.type === 'many2many') {
      out[name] = Array.isArray(value) ? [...value] : [];
    } else {
      out[name] = value === undefined ? false : value;
    }
  }
  return out;
}
