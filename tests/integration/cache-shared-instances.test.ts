import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_WEBHOOK_SECRETS, startSandbox, type Sandbox } from '../../src/sandbox/startSandbox.js';
import { customerId, eventually } from '../helpers/graphqlAs.js';
import { startStack, type Stack } from '../helpers/startStack.js';
import { uniqueSchemaName, dropSchema } from '../helpers/testDatabase.js';
import { api } from '../sandbox/sandboxClient.js';

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const QUERY = 'query($id: ID!) { customer(id: $id) { crm { id lifecycleStage } } }';

/**
 * Two instances on one database; the CRM's webhooks reach the first only. The second must stop
 * serving what changed all the same: through Redis when the cache is there, else told over PostgreSQL.
 */
describe.each([
  ['in Redis', { REDIS_URL, CACHE_KEY_PREFIX: `switchyard:test:${randomBytes(4).toString('hex')}:` }],
  ['in memory', {}],
])('two instances with their cache %s', (_, storeEnv) => {
  let sandbox: Sandbox;
  let first: Stack;
  let second: Stack;
  const database = { schema: uniqueSchemaName('cache_shared'), queueSchema: uniqueSchemaName('cache_shared_queue') };

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 42 });
    const env = { CACHE: 'on', CACHE_FRESHNESS: 'crm.contact=600', HUBSPOT_CLIENT_SECRETS: SANDBOX_WEBHOOK_SECRETS.crm, ...storeEnv };
    first = await startStack({ sandbox, database, env });
    second = await startStack({ sandbox, database, env });
    sandbox.webhooks.setTarget('crm', `${first.url}/webhooks/hubspot`);
  });
  afterAll(async () => {
    await second.close();
    await first.close();
    await sandbox.stop();
    await Promise.all([dropSchema(database.schema), dropSchema(database.queueSchema)]);
  });

  it('a change one instance hears of is seen by the other', async () => {
    const read = async (stack: Stack) => ((await stack.graphql(QUERY, { id: customerId(41) })).body.data?.customer as any).crm;
    const before = await read(second);
    await read(first);
    const stage = before.lifecycleStage === 'evangelist' ? 'opportunity' : 'evangelist';
    await api(sandbox, 'crm').patch(`/crm/v3/objects/contacts/${before.id}`, { properties: { lifecyclestage: stage } });
    await eventually(() => read(second), (contact) => contact.lifecycleStage === stage, 'the second instance to show the change');
    expect((await read(first)).lifecycleStage).toBe(stage);
  });
});
