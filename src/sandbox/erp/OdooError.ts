/**
 * An exception as Odoo's JSON-RPC layer serializes it (odoo.http.serialize_exception):
 * the Python qualified name, the message, and the exception's args.
 */
export class OdooError extends Error {
  readonly exceptionName: string;
  readonly args: readonly unknown[];

  constructor(exceptionName: string, message: string, args: readonly unknown[] = [message]) {
    super(message);
    this.name = 'OdooError';
    this.exceptionName = exceptionName;
    this.args = args;
  }
}

/** Python's repr, for messages that quote domain leaves and values the way Odoo does. */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value).map(([key, item]) => `${pyRepr(key)}: ${pyRepr(item)}`).join(', ')}}`;
  }
  return String(value);
}

/** A domain leaf quoted as Odoo quotes it: a Python tuple. */
export function leafRepr(leaf: readonly unknown[]): string {
  return `(${leaf.map(pyRepr).join(', ')})`;
}

export const ACCESS_DENIED = 'odoo.exceptions.AccessDenied';
export const ACCESS_ERROR = 'odoo.exceptions.AccessError';
export const MISSING_ERROR = 'odoo.exceptions.MissingError';
export const VALIDATION_ERROR = 'odoo.exceptions.ValidationError';
export const USER_ERROR = 'odoo.exceptions.UserError';
export const VALUE_ERROR = 'builtins.ValueError';
export const TYPE_ERROR = 'builtins.TypeError';
export const KEY_ERROR = 'builtins.KeyError';
export const ATTRIBUTE_ERROR = 'builtins.AttributeError';
export const NAME_ERROR = 'builtins.NameError';

export function accessDenied(): OdooError {
  return new OdooError(ACCESS_DENIED, 'Access Denied');
}

export function valueError(message: string): OdooError {
  return new OdooError(VALUE_ERROR, message);
}

export function typeError(message: string): OdooError {
  return new OdooError(TYPE_ERROR, message);
}

export function validationError(message: string): OdooError {
  return new OdooError(VALIDATION_ERROR, message);
}

export function userError(message: string): OdooError {
  return new OdooError(USER_ERROR, message);
}

/** A recordset's repr: `sale.order(9999,)` for one id, `sale.order(1, 2)` for several. */
export function recordsetRepr(model: string, ids: readonly number[]): string {
  return ids.length === 1 ? `${model}(${ids[0]},)` : `${model}(${ids.join(', ')})`;
}

export function missingError(model: string, ids: readonly number[], uid: number): OdooError {
  return new OdooError(
    MISSING_ERROR,
    `Record does not exist or has been deleted.\n(Record: ${recordsetRepr(model, ids)}, User: ${uid})`,
  );
}

export interface OdooErrorData {
  name: string;
  debug: string;
  message: string;
  arguments: unknown[];
  context: Record<string, unknown>;
}

export function serializeOdooError(error: OdooError): OdooErrorData {
  const shortName = error.exceptionName.split('.').pop() ?? error.exceptionName;
  const debug = [
    'Traceback (most recent call last):',
    '  File "/usr/lib/python3/dist-packages/odoo/http.py", line 1788, in _serve_db',
    '    return service_model.retrying(self._serve_ir_http, self.env)',
    '  File "/usr/lib/python3/dist-packages/odoo/service/model.py", line 152, in retrying',
    '    result = func()',
    `${error.exceptionName.startsWith('builtins.') ? shortName : error.exceptionName}: ${error.message}`,
    '',
  ].join('\n');
  return { name: error.exceptionName, debug, message: error.message, arguments: [...error.args], context: {} };
}
