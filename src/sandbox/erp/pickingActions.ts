import type { OdooRecord } from '../data/erpModels.js';
import { odooDatetime } from '../data/time.js';
import { bindArguments } from './bindArguments.js';
import { typeError, userError } from './OdooError.js';
import type { OdooMethod } from './odooMethods.js';
import { checkExist, recordIds } from './odooMethods.js';

/** stock.picking's Validate button: the parcel has left the warehouse. A done transfer stays as it is. */
export const PICKING_ACTIONS: Readonly<Record<string, OdooMethod>> = {
  button_validate(call) {
    const bound = bindArguments('button_validate', ['ids'], call.args, call.kwargs);
    if (bound.ids === undefined) throw typeError("button_validate() missing 1 required positional argument: 'self'");
    const ids = recordIds(bound.ids);
    checkExist(call, ids);
    const table = call.context.tables['stock.picking'];
    const pickings = ids.map((id) => table.get(id) as OdooRecord);
    if (pickings.some((picking) => picking.state === 'cancel')) throw userError('You cannot validate a transfer that is cancelled.');
    const stamp = odooDatetime(call.now);
    for (const picking of pickings) {
      if (picking.state !== 'done') table.put({ ...picking, state: 'done', date_done: stamp, write_date: stamp });
    }
    return true;
  },
};
