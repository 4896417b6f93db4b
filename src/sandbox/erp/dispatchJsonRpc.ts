import type { SandboxCredentials } from '../SandboxSystem.js';
import type { ErpTables } from '../data/erpModels.js';
import { isErpModelName } from '../data/erpModels.js';
import { isRecord } from '../server/requestBody.js';
import { findMethod } from './odooMethodRegistry.js';
import { createDomainContext } from './odooRecords.js';
import { ACCESS_ERROR, ATTRIBUTE_ERROR, KEY_ERROR, NAME_ERROR, OdooError, accessDenied, typeError } from './OdooError.js';

/** The uid Odoo gives the admin user. */
export const ADMIN_UID = 2;

const VERSION = {
  server_version: '17.0',
  server_version_info: [17, 0, 0, 'final', 0, ''],
  server_serie: '17.0',
  protocol_version: 1,
};

export interface JsonRpcTarget {
  service: string;
  method: string;
  args: unknown[];
}

/** The JSON-RPC `params` of an external-API call, or undefined when they are not shaped like one. */
export function readTarget(params: unknown): JsonRpcTarget | undefined {
  if (!isRecord(params) || typeof params.service !== 'string' || typeof params.method !== 'string') return undefined;
  return { service: params.service, method: params.method, args: Array.isArray(params.args) ? params.args : [] };
}

function keyError(key: string): OdooError {
  return new OdooError(KEY_ERROR, `'${key}'`, [key]);
}

function dispatchCommon(method: string, args: readonly unknown[], credentials: SandboxCredentials['erp']): unknown {
  switch (method) {
    case 'version':
      return VERSION;
    case 'login':
    case 'authenticate': {
      const [db, login, password] = args;
      return db === credentials.db && login === credentials.username && password === credentials.password ? ADMIN_UID : false;
    }
    default:
      throw keyError(`exp_${method}`);
  }
}

function dispatchObject(method: string, args: readonly unknown[], tables: ErpTables, credentials: SandboxCredentials['erp'], now: number): unknown {
  if (method !== 'execute_kw' && method !== 'execute') throw new OdooError(NAME_ERROR, `Method not available ${method}`);
  const [db, uid, password, model, modelMethod] = args;
  if (db !== credentials.db || uid !== ADMIN_UID || password !== credentials.password) throw accessDenied();
  if (typeof model !== 'string' || !isErpModelName(model)) throw keyError(String(model));
  if (typeof modelMethod !== 'string') throw typeError('The method name must be a string');
  if (modelMethod.startsWith('_')) {
    throw new OdooError(ACCESS_ERROR, `Private methods (such as ${model}.${modelMethod}) cannot be called remotely.`);
  }
  const implementation = findMethod(model, modelMethod);
  if (!implementation) throw new OdooError(ATTRIBUTE_ERROR, `The method '${modelMethod}' does not exist on the model '${model}'`);
  // execute passes the method's arguments inline; execute_kw passes a list and a dict.
  const callArgs = method === 'execute' ? args.slice(5) : args[5] ?? [];
  const kwargs = method === 'execute' ? {} : args[6] ?? {};
  if (!Array.isArray(callArgs)) throw typeError('execute_kw() args must be a list');
  if (!isRecord(kwargs)) throw typeError('execute_kw() kwargs must be a dict');
  return implementation({ model, args: callArgs, kwargs, uid: ADMIN_UID, context: createDomainContext(tables), now });
}

/** Runs one external-API call at the sandbox time `now`; Odoo failures are thrown as OdooError. */
export function dispatchJsonRpc(params: unknown, tables: ErpTables, credentials: SandboxCredentials['erp'], now: number): unknown {
  const target = readTarget(params);
  if (!target) throw typeError("jsonrpc() missing required positional arguments: 'service', 'method' and 'args'");
  switch (target.service) {
    case 'common':
      return dispatchCommon(target.method, target.args, credentials);
    case 'object':
      return dispatchObject(target.method, target.args, tables, credentials, now);
    default:
      throw keyError(target.service);
  }
}
