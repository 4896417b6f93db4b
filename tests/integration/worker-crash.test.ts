import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/startSandbox.js';
import { customerId, eventually, PLACE_ORDER, productId } from '../helpers/graphqlAs.js';
import { sandboxRecords } from '../helpers/sandboxRecords.js';
import { fastResilience, sandboxBaseUrls, startStack, type Stack } from '../helpers/startStack.js';
import { dropSchema, TEST_DATABASE_URL, uniqueSchemaName } from '../helpers/testDatabase.js';

const NOTE_CREATE = 'POST /crm/v3/objects/notes';

/** A whole gateway process with workers, pointed at the test's sandbox and database. */
function startWorkerProcess(sandbox: Sandbox, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: new URL('../../', import.meta.url),
    env: {
      PATH: process.env.PATH ?? '',
      LOG_LEVEL: 'warn',
      PORT: '0',
      ...sandboxBaseUrls(sandbox),
      DATABASE_URL: TEST_DATABASE_URL,
      ...fastResilience(),
      ...env,
    },
    stdio: 'ignore',
  });
}

describe('a worker killed mid-job', () => {
  let sandbox: Sandbox;
  let gateway: Stack;
  let rescuer: Stack | undefined;
  const database = { schema: uniqueSchemaName('crash'), queueSchema: uniqueSchemaName('crash_queue') };
  // A job running longer than this is failed and retried: how a dead worker's job comes back.
  const env = { QUEUE_JOB_TIMEOUT_SECONDS: '2', CRM_JOB_RETRY_DELAY_SECONDS: '1' };

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 42 });
    gateway = await startStack({ sandbox, database, env: { ...env, QUEUE_WORKER: 'false' } });
  });
  afterAll(async () => {
    await Promise.all([gateway.close(), rescuer?.close()]);
    await sandbox.stop();
    await Promise.all([dropSchema(database.schema), dropSchema(database.queueSchema)]);
  });

  it('is redelivered, and the upstream effect happens exactly once', async () => {
    const currency = ((await gateway.graphql(`{ customer(id: "${customerId(6)}") { currency } }`)).body.data?.customer as any).currency;
    // Hold the note's creation so the worker is in the middle of the job when it dies.
    await gateway.fault('crm', { route: NOTE_CREATE, mode: 'slow', latencyMs: 1500 });
    const placed = await gateway.graphql(PLACE_ORDER, {
      input: { customerId: customerId(6), lines: [{ productId: productId(7), quantity: 2 }], currency },
      key: 'crash-order-1',
    });
    expect(placed.body.errors).toBeUndefined();

    const worker = startWorkerProcess(sandbox, { ...env, DATABASE_SCHEMA: database.schema, QUEUE_SCHEMA: database.queueSchema });
    try {
      await eventually(async () => (await gateway.calls('crm')).byRoute[NOTE_CREATE] ?? 0, (count) => count >= 1, 'the worker to start creating the note');
      worker.kill('SIGKILL');
      await once(worker, 'exit');
    } finally {
      worker.kill('SIGKILL');
    }

    await gateway.resetSandbox();
    rescuer = await startStack({ sandbox, database, env });
    const records = sandboxRecords(sandbox);
    await eventually(
      () => rescuer!.app.services.queue.stats(),
      (stats) => stats.every((stat) => stat.queued + stat.active + stat.retrying === 0),
      'the redelivered job to finish',
    );
    // The rescuer ran the job again: it looked for the note before deciding whether to create it.
    expect((await gateway.calls('crm')).byRoute['POST /crm/v3/objects/notes/search']).toBeGreaterThanOrEqual(1);
    const notes = await records.notesWithKeyPrefix('sy-crm-note-');
    expect(notes).toHaveLength(1);
    expect(notes[0]?.properties.hs_note_body).toContain((placed.body.data?.placeOrder as any).order.reference);
  });
});
