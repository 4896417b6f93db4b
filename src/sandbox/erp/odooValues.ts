import type { ErpModelName, ErpTables, OdooField, OdooValue } from '../data/erpModels.js';
import { ERP_MODELS } from '../data/erpModels.js';
import { missingError, pyRepr, validationError, valueError } from './OdooError.js';

/** A `vals` dict as create and write receive it. */
export type Vals = Readonly<Record<string, unknown>>;

/** What a create or write needs besides its arguments. */
export interface WriteContext {
  tables: ErpTables;
  /** The sandbox clock at the start of the call: one call writes one timestamp, as one Odoo transaction does. */
  now: number;
  uid: number;
}

const DATE_FORMATS: Readonly<Partial<Record<OdooField['type'], { pattern: RegExp; format: string }>>> = {
  date: { pattern: /^\d{4}-\d{2}-\d{2}$/, format: '%Y-%m-%d' },
  datetime: { pattern: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, format: '%Y-%m-%d %H:%M:%S' },
};

function wrongValue(model: ErpModelName, name: string, value: unknown): Error {
  return valueError(`Wrong value for ${model}.${name}: ${pyRepr(value)}`);
}

/** Odoo rejects a dict naming a field the model lacks before it writes anything. */
export function checkFieldNames(model: ErpModelName, vals: Vals): void {
  for (const name of Object.keys(vals)) {
    if (!(name in ERP_MODELS[model].fields)) throw valueError(`Invalid field ${pyRepr(name)} on model ${pyRepr(model)}`);
  }
}

/** One scalar or many2one value as the ORM stores it; a many2one to a row that does not exist raises MissingError. */
export function convertValue(context: WriteContext, model: ErpModelName, name: string, value: unknown): OdooValue {
  const field = ERP_MODELS[model].fields[name] as OdooField;
  const empty = value === false || value === null || value === undefined;
  switch (field.type) {
    case 'char':
    case 'text':
      if (empty) return false;
      if (typeof value === 'string') return value;
      if (typeof value === 'number') return String(value);
      throw wrongValue(model, name, value);
    case 'date':
    case 'datetime': {
      if (empty) return false;
      const format = DATE_FORMATS[field.type];
      if (typeof value === 'string' && format?.pattern.test(value)) return value;
      throw valueError(`time data ${pyRepr(value)} does not match format '${format?.format ?? ''}'`);
    }
    case 'integer':
    case 'float':
    case 'monetary':
      if (empty) return 0;
      if (typeof value === 'number' && Number.isFinite(value)) return field.type === 'integer' ? Math.trunc(value) : value;
      throw wrongValue(model, name, value);
    case 'boolean':
      return Boolean(value);
    case 'selection':
      if (empty) return false;
      if (field.selection?.some(([key]) => key === value)) return value as string;
      throw wrongValue(model, name, value);
    case 'many2one': {
      if (empty) return false;
      if (typeof value !== 'number' || !Number.isInteger(value) || !field.relation) throw wrongValue(model, name, value);
      if (!context.tables[field.relation].has(value)) throw missingError(field.relation, [value], context.uid);
      return value;
    }
    default:
      // x2many fields take commands, which the owning model interprets itself.
      throw wrongValue(model, name, value);
  }
}

/**
 * The fields of `vals` a client may set, converted. Other fields of the model are computed, and
 * Odoo recomputes them over whatever is written, so they are dropped rather than refused.
 */
export function convertVals(context: WriteContext, model: ErpModelName, vals: Vals, writable: readonly string[]): Record<string, OdooValue> {
  checkFieldNames(model, vals);
  const out: Record<string, OdooValue> = {};
  for (const [name, value] of Object.entries(vals)) {
    if (writable.includes(name)) out[name] = convertValue(context, model, name, value);
  }
  return out;
}

/** A NOT NULL violation, as Odoo turns it into a ValidationError naming the model and field. */
export function requiredFieldError(model: ErpModelName, name: string): Error {
  const field = ERP_MODELS[model].fields[name];
  return validationError([
    'The operation cannot be completed:',
    '- Create/update: a mandatory field is not set.',
    '- Delete: another model requires the record being deleted. If possible, archive it instead.',
    '',
    `Model: ${ERP_MODELS[model].description} (${model})`,
    `Field: ${field?.string ?? name} (${name})`,
    '',
  ].join('\n'));
}
