import type { ErpModelName } from '../data/erpModels.js';
import { ERP_MODELS } from '../data/erpModels.js';
import { isRecord } from '../server/requestBody.js';
import { bindArguments } from './bindArguments.js';
import type { ModelWriter } from './ModelWriter.js';
import { ACCESS_ERROR, OdooError, typeError } from './OdooError.js';
import type { MethodCall, OdooMethod } from './odooMethods.js';
import { checkExist, recordIds } from './odooMethods.js';
import type { WriteContext } from './odooValues.js';
import { invoiceWriter } from './invoiceWriter.js';
import { partnerWriter } from './partnerWriter.js';
import { saleOrderWriter } from './saleOrderWriter.js';

const WRITERS: Partial<Record<ErpModelName, ModelWriter>> = { 'res.partner': partnerWriter, 'sale.order': saleOrderWriter, 'account.move': invoiceWriter };

export function writeContext(call: MethodCall): WriteContext {
  return { tables: call.context.tables, now: call.now, uid: call.uid };
}

/** Models the sandbox serves read-only answer as a user without write rights would. */
function writerFor(model: ErpModelName, operation: 'create' | 'write'): ModelWriter {
  const writer = WRITERS[model];
  if (!writer) throw new OdooError(ACCESS_ERROR, `You are not allowed to ${operation} '${ERP_MODELS[model].description}' (${model}) records.`);
  return writer;
}

/** create and write for the models the sandbox lets clients change. */
export const WRITE_METHODS: Readonly<Record<string, OdooMethod>> = {
  create(call) {
    const bound = bindArguments('create', ['vals_list'], call.args, call.kwargs);
    if (bound.vals_list === undefined) throw typeError("create() missing 1 required positional argument: 'vals_list'");
    // Odoo's create takes one dict (and answers its id) or a list of dicts (and answers their ids).
    const single = isRecord(bound.vals_list);
    const list = single ? [bound.vals_list] : bound.vals_list;
    if (!Array.isArray(list) || !list.every(isRecord)) throw typeError('create() takes a dict of field values or a list of such dicts');
    const writer = writerFor(call.model, 'create');
    const context = writeContext(call);
    const inserts = list.map((vals) => writer.prepareCreate(context, vals));
    const ids = inserts.map((insert) => insert());
    return single ? ids[0] : ids;
  },
  write(call) {
    const bound = bindArguments('write', ['ids', 'vals'], call.args, call.kwargs);
    if (bound.ids === undefined || bound.vals === undefined) throw typeError("write() missing 1 required positional argument: 'vals'");
    const ids = recordIds(bound.ids);
    if (!isRecord(bound.vals)) throw typeError('write() takes a dict of field values');
    const writer = writerFor(call.model, 'write');
    checkExist(call, ids);
    writer.prepareWrite(writeContext(call), ids, bound.vals)();
    return true;
  },
};
