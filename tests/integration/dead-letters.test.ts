import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerId, eventually, graphqlAs, PLACE_ORDER, productId } from '../helpers/graphqlAs.js';
import { sandboxRecords } from '../helpers/sandboxRecords.js';
import { startStack, TEST_ADMIN_KEY as ADMIN_KEY, type Stack } from '../helpers/startStack.js';



const DEAD_LETTERS = `query($filter: DeadLetterFilter) {
  deadLetters(filter: $filter, first: 50) {
    totalCount
    nodes { id kind system status attemptCount lastErrorCode lastError idempotencyKey sourceJobId payload
      attempts { source succeeded errorCode upstreamStatus } }
  }
}`;

describe('dead letters and admin replay', () => {
  let stack: Stack;
  let admin: ReturnType<typeof graphqlAs>;
  let letterId: string;
  let orderReference: string;

  beforeAll(async () => {
    // Two retries a second apart, then the job is dead-lettered.
    stack = await startStack({
      // The breaker stays out of the way here: every attempt reaches the CRM and records its 503.
      env: { CRM_JOB_RETRY_LIMIT: '2', CRM_JOB_RETRY_DELAY_SECONDS: '1', CRM_BREAKER_VOLUME_THRESHOLD: '1000' },
    });
    admin = graphqlAs(stack, ADMIN_KEY);
  });
  afterAll(() => stack.close());

  it('with the CRM down, placeOrder still succeeds and the CRM note lands in dead letters after its retries', async () => {
    await stack.fault('crm', { route: '*', mode: 'error', status: 503 });
    const customer = await stack.graphql(`{ customer(id: "${customerId(4)}") { currency } }`);
    const currency = (customer.body.data?.customer as { currency: string }).currency;
    const placed = await stack.graphql(PLACE_ORDER, {
      input: { customerId: customerId(4), lines: [{ productId: productId(2), quantity: 1 }], currency },
      key: 'dead-letter-order-1',
    });
    expect(placed.body.errors).toBeUndefined();
    orderReference = (placed.body.data?.placeOrder as any).order.reference;

    const letters = await eventually(
      () => admin(DEAD_LETTERS, { filter: { system: 'crm', kind: 'crm-order-note' } }),
      (result) => ((result.body.data?.deadLetters as any)?.nodes.length ?? 0) >= 1,
      'the CRM note to be dead-lettered',
    );
    const letter = (letters.body.data?.deadLetters as any).nodes[0];
    letterId = letter.id;
    expect(letter).toMatchObject({ status: 'OPEN', system: 'crm', lastErrorCode: 'UPSTREAM_UNAVAILABLE', idempotencyKey: 'dead-letter-order-1' });
    expect(letter.attemptCount).toBe(3);
    expect(letter.attempts).toHaveLength(3);
    for (const attempt of letter.attempts) expect(attempt).toMatchObject({ source: 'queue', succeeded: false, upstreamStatus: 503 });
    expect(JSON.parse(letter.payload)).toMatchObject({ orderReference });
  });

  it('a replay while the CRM is still down fails, keeps the letter open and adds the attempt', async () => {
    const result = await admin(`mutation($id: ID!) { replayDeadLetter(id: $id) { outcome message deadLetter { status attemptCount attempts { source } } } }`, { id: letterId });
    const replay = result.body.data?.replayDeadLetter as any;
    expect(replay.outcome).toBe('FAILED');
    expect(replay.deadLetter.status).toBe('OPEN');
    expect(replay.deadLetter.attemptCount).toBe(4);
    expect(replay.deadLetter.attempts.at(-1).source).toBe('replay');
  });

  it('a replay after the CRM is back makes exactly one note, and replaying again does nothing', async () => {
    await stack.resetSandbox();
    const first = await admin(`mutation($id: ID!) { replayDeadLetter(id: $id) { outcome deadLetter { status resolvedBy } } }`, { id: letterId });
    expect(first.body.data?.replayDeadLetter).toMatchObject({ outcome: 'REPLAYED', deadLetter: { status: 'REPLAYED', resolvedBy: 'bootstrap-admin' } });
    const again = await admin(`mutation($id: ID!) { replayDeadLetter(id: $id) { outcome message } }`, { id: letterId });
    expect((again.body.data?.replayDeadLetter as any).outcome).toBe('ALREADY_REPLAYED');

    const notes = await sandboxRecords(stack.sandbox).notesWithKeyPrefix('sy-crm-note-');
    expect(notes.filter((note) => note.properties.hs_note_body?.includes(orderReference))).toHaveLength(1);
  });

  it('filters, discards with a reason, and refuses an empty reason', async () => {
    const replayed = await admin(DEAD_LETTERS, { filter: { status: 'REPLAYED' } });
    expect((replayed.body.data?.deadLetters as any).totalCount).toBe(1);
    const byOrder = await admin(DEAD_LETTERS, { filter: { search: orderReference } });
    expect((byOrder.body.data?.deadLetters as any).nodes.map((n: any) => n.id)).toEqual([letterId]);
    const byNothing = await admin(DEAD_LETTERS, { filter: { search: '100%_no_such_text' } });
    expect((byNothing.body.data?.deadLetters as any).totalCount).toBe(0);
    const none = await admin(DEAD_LETTERS, { filter: { status: 'OPEN', system: 'crm' } });
    expect((none.body.data?.deadLetters as any).totalCount).toBe(0);

    const empty = await admin(`mutation($id: ID!) { discardDeadLetter(id: $id, reason: "  ") { id } }`, { id: letterId });
    expect(empty.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'reason' });
  });

  it('needs an ADMIN key: none is UNAUTHENTICATED, a CLIENT key is FORBIDDEN, a wrong key is 401', async () => {
    const anonymous = await stack.graphql(DEAD_LETTERS, undefined, { authorization: '' });
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const created = await admin(`mutation { createApiKey(input: { name: "shop frontend", role: CLIENT, plan: "pro" }) { secret apiKey { id prefix role plan } } }`);
    const { secret, apiKey } = created.body.data?.createApiKey as any;
    expect(secret.startsWith(apiKey.prefix)).toBe(true);
    const client = await graphqlAs(stack, secret)(DEAD_LETTERS);
    expect(client.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const viaHeader = await stack.graphql('{ gatewayVersion }', undefined, { 'x-api-key': secret });
    expect(viaHeader.body.errors).toBeUndefined();

    await admin(`mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, { id: apiKey.id });
    const revoked = await graphqlAs(stack, secret)('{ gatewayVersion }');
    expect(revoked.status).toBe(401);
    expect(revoked.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const keys = await admin('{ apiKeys { prefix revokedAt lastUsedAt } }');
    expect((keys.body.data?.apiKeys as any[])[0]).toMatchObject({ prefix: apiKey.prefix });
  });

  it('writes every admin action to the audit log', async () => {
    const actions = (await stack.app.store.prisma.auditLog.findMany({ orderBy: { at: 'asc' } })).map((entry) => entry.action);
    expect(actions).toEqual(['deadLetter.replay', 'deadLetter.replay', 'deadLetter.replay', 'apiKey.create', 'apiKey.revoke']);
  });

  it('shows breakers and queue stats, and resets a breaker', async () => {
    const result = await admin('{ circuitBreakers { system state } queueStats { kind system queued active retrying dead } }');
    expect((result.body.data?.circuitBreakers as any[]).map((b) => b.system)).toEqual(['crm', 'erp', 'payments', 'shipping', 'einvoicing']);
    expect((result.body.data?.queueStats as any[]).find((s) => s.kind === 'crm-order-note')).toMatchObject({ system: 'crm', dead: 0 });
    const reset = await admin('mutation { resetCircuitBreaker(system: "crm") { system state } }');
    expect(reset.body.data?.resetCircuitBreaker).toEqual({ system: 'crm', state: 'CLOSED' });
    const unknown = await admin('mutation { resetCircuitBreaker(system: "mainframe") { state } }');
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
