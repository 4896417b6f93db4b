import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/startSandbox.js';
import { customerId, eventually, PLACE_ORDER, productId } from '../helpers/graphqlAs.js';
import { sandboxRecords } from '../helpers/sandboxRecords.js';
import { startStack, type Stack } from '../helpers/startStack.js';
import { dropSchema, uniqueSchemaName } from '../helpers/testDatabase.js';

const ORDERS = 10;

describe('two gateway instances on one database', () => {
  let sandbox: Sandbox;
  let first: Stack;
  let second: Stack;
  const database = { schema: uniqueSchemaName('shared'), queueSchema: uniqueSchemaName('shared_queue') };

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 42 });
    first = await startStack({ sandbox, database });
    second = await startStack({ sandbox, database });
  });
  afterAll(async () => {
    await Promise.all([first.close(), second.close()]);
    await sandbox.stop();
    await Promise.all([dropSchema(database.schema), dropSchema(database.queueSchema)]);
  });

  it('share the queue: every follow-up runs, and none runs twice', async () => {
    const currency = ((await first.graphql(`{ customer(id: "${customerId(5)}") { currency } }`)).body.data?.customer as any).currency;
    await first.resetSandbox();
    const placed = await Promise.all(
      Array.from({ length: ORDERS }, (_, index) =>
        (index % 2 === 0 ? first : second).graphql(PLACE_ORDER, {
          input: { customerId: customerId(5), lines: [{ productId: productId(3 + index), quantity: 1 }], currency },
          key: `shared-order-${index}`,
        }),
      ),
    );
    for (const result of placed) expect(result.body.errors).toBeUndefined();

    const records = sandboxRecords(sandbox);
    await eventually(() => records.notesWithKeyPrefix('sy-crm-note-'), (notes) => notes.length >= ORDERS, 'a note per order');
    await eventually(
      () => first.app.services.queue.stats(),
      (stats) => stats.every((stat) => stat.queued + stat.active + stat.retrying === 0),
      'the queue to drain',
    );
    expect(await records.notesWithKeyPrefix('sy-crm-note-')).toHaveLength(ORDERS);
    // A job run twice would search for its note twice: one search and one creation per order.
    const crm = await first.calls('crm');
    expect(crm.byRoute['POST /crm/v3/objects/notes/search']).toBe(ORDERS);
    expect(crm.byRoute['POST /crm/v3/objects/notes']).toBe(ORDERS);
    expect((await first.calls('shipping')).byRoute['POST /v2/trackers']).toBeGreaterThanOrEqual(ORDERS);
  });
});
