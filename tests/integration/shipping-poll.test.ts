import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/startSandbox.js';
import { startStack, type Stack } from '../helpers/startStack.js';
import { dropSchema, uniqueSchemaName } from '../helpers/testDatabase.js';

const POLL = `mutation { pollNow(system: "shipping") { system ran found trackingCodes cursorBefore cursorAfter more } }`;

describe('polling the shipping carrier', () => {
  let sandbox: Sandbox;
  let first: Stack;
  let second: Stack;
  const database = { schema: uniqueSchemaName('poll'), queueSchema: uniqueSchemaName('poll_queue') };

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 42 });
    // 20 pages of 100 a run: the seeded history takes more than one run, which exercises the cursor.
    const env = { POLL_MAX_PAGES: '20' };
    first = await startStack({ sandbox, database, env });
    second = await startStack({ sandbox, database, env });
  });
  afterAll(async () => {
    await Promise.all([first.close(), second.close()]);
    await sandbox.stop();
    await Promise.all([dropSchema(database.schema), dropSchema(database.queueSchema)]);
  });

  it('reads every tracker once across runs, resuming from the stored cursor', async () => {
    const seen: string[] = [];
    let last: any;
    for (let run = 0; run < 10; run += 1) {
      last = (await first.graphql(POLL)).body.data?.pollNow;
      expect(last.ran).toBe(true);
      if (run > 0) expect(last.cursorBefore).not.toBeNull();
      seen.push(...last.trackingCodes);
      if (!last.more) break;
    }
    expect(last.more).toBe(false);
    expect(seen.length).toBeGreaterThan(2000);
    expect(new Set(seen).size).toBe(seen.length);

    const again = (await second.graphql(POLL)).body.data?.pollNow as any;
    expect(again).toMatchObject({ ran: true, found: 0, cursorBefore: last.cursorAfter });
  });

  it('finds a tracker created after the last poll, whichever instance polls', async () => {
    const created = await fetch(`${sandbox.urls.shipping}/v2/trackers`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from(`${sandbox.credentials.shipping.apiKey}:`).toString('base64')}`,
      },
      body: JSON.stringify({ tracker: { tracking_code: 'EZ1999999999', carrier: 'USPS' } }),
    });
    expect(created.status).toBe(201);
    const [a, b] = await Promise.all([first.graphql(POLL), second.graphql(POLL)]);
    const results = [a.body.data?.pollNow, b.body.data?.pollNow] as any[];
    const codes = results.flatMap((result) => result.trackingCodes);
    // Run at the same moment, one may find the other polling and step aside; the tracker is found once.
    expect(codes).toEqual(['EZ1999999999']);
  });

  it('polls only the shipping system, and only for admins', async () => {
    const wrong = await first.graphql(`mutation { pollNow(system: "crm") { ran } }`);
    expect(wrong.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'system' });
    const anonymous = await first.graphql(POLL, undefined, { authorization: '' });
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
