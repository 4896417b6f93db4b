import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUblDocument } from '../../src/connectors/einvoicing/document/buildUblDocument.js';
import { checkPeppolRules } from '../../src/connectors/einvoicing/document/checkPeppolRules.js';
import { UblGenerationError } from '../../src/connectors/einvoicing/document/UblGenerationError.js';
import { eInvoiceSourceOf } from '../../src/domain/eInvoiceSourceOf.js';
import { SANDBOX_WEBHOOK_SECRETS } from '../../src/sandbox/startSandbox.js';
import { eInvoiceSignatureHeaders } from '../../src/sandbox/webhooks/webhookSignatures.js';
import { customerId, eventually, graphqlAs, invoiceId } from '../helpers/graphqlAs.js';
import { sandboxRecords } from '../helpers/sandboxRecords.js';
import { api, control } from '../sandbox/sandboxClient.js';
import { startStack, type Stack } from '../helpers/startStack.js';

const E_INVOICE = `query($id: ID!) {
  customer(id: $id) { invoices(first: 1) { id eInvoice { state documentId receiver lastError { message violations { rule } } sentAt deliveredAt } } }
}`;

const SEND = `mutation($invoiceId: ID!, $key: String!) {
  sendInvoice(invoiceId: $invoiceId, idempotencyKey: $key) {
    invoice { number }
    eInvoice { state }
    followUpId
  }
}`;

const EINVOICE_LETTERS = `{ deadLetters(filter: { kind: "einvoice-send", status: OPEN }, first: 50) { nodes { id system lastErrorCode lastError attemptCount payload } } }`;

describe('e-invoicing over Peppol', () => {
  let stack: Stack;
  let erp: ReturnType<typeof sandboxRecords>['erp'];
  const admin = (query: string, variables?: Record<string, unknown>) => stack.graphql(query, variables);

  /** A new order of the partner confirmed in the ERP, which posts its invoice there: the id of that invoice. */
  async function postInvoiceFor(partnerId: number): Promise<number> {
    const orderId = (await erp('sale.order', 'create', [{ partner_id: partnerId, order_line: [[0, 0, { product_id: 3, product_uom_qty: 2 }]] }])) as number;
    await erp('sale.order', 'action_confirm', [[orderId]]);
    const [order] = (await erp('sale.order', 'read', [[orderId]], { fields: ['name'] })) as { name: string }[];
    const [invoice] = (await erp('account.move', 'search_read', [[['invoice_origin', '=', order!.name]]], { fields: ['id'] })) as { id: number }[];
    return invoice!.id;
  }

  /** The invoice's e-invoice, read through its customer's newest invoice (the one the test just posted). */
  const newestEInvoice = async (partnerId: number) => {
    const result = await admin(E_INVOICE, { id: customerId(partnerId) });
    expect(result.body.errors).toBeUndefined();
    return (result.body.data?.customer as any).invoices[0] as { id: string; eInvoice: Record<string, any> };
  };

  const accessPointCalls = async (route: string) => (await stack.calls('einvoicing')).byRoute[route] ?? 0;

  const send = async (id: number, key = randomUUID()) => {
    const result = await admin(SEND, { invoiceId: invoiceId(id), key });
    expect(result.body.errors).toBeUndefined();
    return result.body.data?.sendInvoice as { invoice: { number: string }; eInvoice: { state: string }; followUpId: string | null };
  };

  /** An invoice's e-invoice, read as its customer's invoice. */
  const eInvoiceOf = async (partnerId: number, id: number) => {
    const result = await admin(`query($id: ID!) { customer(id: $id) { invoices { id eInvoice { state documentId receiver lastError { message violations { rule } } sentAt deliveredAt rejectedAt notOnPeppolAt } } } }`, { id: customerId(partnerId) });
    expect(result.body.errors).toBeUndefined();
    return ((result.body.data?.customer as any).invoices as { id: string; eInvoice: Record<string, any> }[]).find((invoice) => invoice.id === invoiceId(id))!.eInvoice;
  };

  const eventuallyState = (partnerId: number, id: number, state: string) =>
    eventually(() => eInvoiceOf(partnerId, id), (eInvoice) => eInvoice.state === state, `invoice ${id} to be ${state}`);

  /** A posted invoice of the partner from the seed, which nothing has sent yet. */
  const seededInvoiceOf = async (partnerId: number): Promise<number> => {
    const [invoice] = (await erp('account.move', 'search_read', [[['partner_id', '=', partnerId], ['state', '=', 'posted'], ['move_type', '=', 'out_invoice']]], { fields: ['id'], limit: 1 })) as { id: number }[];
    return invoice!.id;
  };

  const openLetters = async () => ((await admin(EINVOICE_LETTERS)).body.data?.deadLetters as any).nodes as { id: string; lastErrorCode: string; lastError: string; attemptCount: number; payload: string }[];
  const letterOf = async (id: number) => (await openLetters()).find((letter) => JSON.parse(letter.payload).invoiceId === id);

  /** Inbound access point deliveries counted by outcome, from the gateway's own metrics. */
  const receivedWebhooks = async (outcome: string) => {
    const text = await (await fetch(`${stack.url}/metrics`)).text();
    const line = text.split('\n').find((row) => row.startsWith(`switchyard_webhooks_received_total{source="einvoicing",outcome="${outcome}"}`));
    return line === undefined ? 0 : Number(line.split(' ').at(-1));
  };

  const postWebhook = (event: unknown, secret = SANDBOX_WEBHOOK_SECRETS.einvoicing) => {
    const body = JSON.stringify(event);
    return fetch(`${stack.url}/webhooks/einvoicing`, { method: 'POST', headers: { 'content-type': 'application/json', ...eInvoiceSignatureHeaders(secret, event) }, body });
  };

  beforeAll(async () => {
    stack = await startStack({
      env: {
        POLL_ERP_SECONDS: '1',
        EINVOICING_WEBHOOK_SECRETS: SANDBOX_WEBHOOK_SECRETS.einvoicing,
        EINVOICING_JOB_RETRY_LIMIT: '1',
        // Every failing attempt reaches the access point here, instead of an open breaker answering for it.
        EINVOICING_BREAKER_VOLUME_THRESHOLD: '1000',
      },
    });
    stack.sandbox.webhooks.setTarget('einvoicing', `${stack.url}/webhooks/einvoicing`);
    erp = sandboxRecords(stack.sandbox).erp;
  });
  afterAll(() => stack?.close());

  it('tells which customers can receive e-invoices, from their ERP address and the Peppol directory', async () => {
    const peppolOf = async (partnerId: number) => {
      const result = await admin(`query($id: ID!) { customer(id: $id) { peppol { address reachable reason } } }`, { id: customerId(partnerId) });
      expect(result.body.errors).toBeUndefined();
      return (result.body.data?.customer as any).peppol;
    };
    expect(await peppolOf(7)).toEqual({ address: '9944:NL475822158B01', reachable: true, reason: null });
    expect(await peppolOf(27)).toMatchObject({ address: expect.stringMatching(/^0208:\d{10}$/), reachable: true });
    expect(await peppolOf(224)).toEqual({ address: '0208:0762423661', reachable: false, reason: '0208:0762423661 is not registered on the Peppol network' });
    expect(await peppolOf(15)).toMatchObject({ address: null, reachable: false, reason: expect.stringContaining('No Peppol address') });
  });

  it("builds a posted invoice's UBL document from the ERP, keeping every checked rule", async () => {
    const [invoice] = (await erp('account.move', 'search_read', [[['partner_id', '=', 26], ['state', '=', 'posted'], ['move_type', '=', 'out_invoice']]], { fields: ['id', 'name'], limit: 1 })) as { id: number; name: string }[];
    const result = await admin(`query($id: ID!) { customer(id: $id) { invoices { id number eInvoiceDocument } } }`, { id: customerId(26) });
    expect(result.body.errors).toBeUndefined();
    const found = ((result.body.data?.customer as any).invoices as { id: string; number: string; eInvoiceDocument: string }[]).find((candidate) => candidate.number === invoice!.name);
    const xml = found!.eInvoiceDocument;
    expect(xml).toContain('<cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>');
    expect(xml).toContain(`<cbc:ID>${invoice!.name}</cbc:ID>`);
    expect(checkPeppolRules(xml)).toEqual([]);
  });

  it('runs every seeded invoice and credit note through generation and the rules: those of Peppol buyers keep every rule but for the two with a wrong address', { timeout: 180_000 }, async () => {
    const moves = (await erp('account.move', 'search_read', [[['state', '=', 'posted']]], { fields: ['id', 'partner_id', 'move_type'] })) as { id: number; partner_id: [number, string]; move_type: string }[];
    const buyers = new Set(((await erp('res.partner', 'search_read', [[['peppol_eas', '!=', false]]], { fields: ['id'] })) as { id: number }[]).map((buyer) => buyer.id));
    const context = { requestId: 'test:every-seeded-invoice', log: pino({ level: 'silent' }) };
    const outcomes = new Map<number, { onPeppol: boolean; kind: string; rules: string[] }>();
    // A few at a time: the ERP is read as the send job reads it, a handful of calls per invoice.
    for (let start = 0; start < moves.length; start += 25) {
      await Promise.all(
        moves.slice(start, start + 25).map(async (move) => {
          const document = await stack.app.connectors.erp.readInvoiceDocument(context, move.id);
          let rules: string[];
          try {
            rules = checkPeppolRules(await buildUblDocument(eInvoiceSourceOf(document!))).map((violation) => violation.rule);
          } catch (error) {
            if (!(error instanceof UblGenerationError)) throw error;
            rules = error.problems.map((problem) => `UBL-GENERATION ${problem.path}: ${problem.message}`);
          }
          outcomes.set(move.id, { onPeppol: buyers.has(move.partner_id[0]), kind: move.move_type, rules: [...new Set(rules)] });
        }),
      );
    }
    const all = [...moves].map((move) => ({ partner: move.partner_id[0], ...outcomes.get(move.id)! }));
    expect(all.length).toBeGreaterThan(4000);
    expect(all.filter((outcome) => outcome.onPeppol && outcome.kind === 'out_refund').length).toBeGreaterThan(0);
    const brokenOnPeppol = new Map(all.filter((outcome) => outcome.onPeppol && outcome.rules.length > 0).map((outcome) => [outcome.partner, outcome.rules]));
    expect(Object.fromEntries(brokenOnPeppol)).toEqual({ 23: ['PEPPOL-COMMON-R043'], 361: ['PEPPOL-COMMON-R043'] });
    // Without a Peppol address there is no buyer endpoint (BT-49), and that alone keeps a document from being made.
    const elsewhere = new Set(all.filter((outcome) => !outcome.onPeppol).flatMap((outcome) => outcome.rules));
    expect([...elsewhere]).toEqual([expect.stringMatching(/^UBL-GENERATION cac:AccountingCustomerParty\/cac:Party: .*EndpointID/)]);
  });

  it('sends a new posted invoice of a Peppol buyer by itself: the ERP poll queues it, the access point sends it, its webhook says delivered', async () => {
    // The first poll only notes where the ERP stands; invoices posted from then on are sent.
    await eventually(() => stack.app.store.prisma.pollCursor.findUnique({ where: { system: 'erp-changes:account.move' } }), (cursor) => cursor !== null, 'the first poll');
    const created = await accessPointCalls('POST /api/documents/ubl');
    const id = await postInvoiceFor(27);
    const delivered = await eventually(() => newestEInvoice(27), (invoice) => invoice.eInvoice.state === 'DELIVERED', 'the posted invoice to be delivered over Peppol');
    expect(delivered.id).toBe(invoiceId(id));
    expect(delivered.eInvoice).toMatchObject({ documentId: expect.stringMatching(/^doc_/), receiver: expect.stringMatching(/^0208:/), lastError: null });
    expect(Date.parse(delivered.eInvoice.deliveredAt)).toBeGreaterThanOrEqual(Date.parse(delivered.eInvoice.sentAt));
    expect(await accessPointCalls('POST /api/documents/ubl')).toBe(created + 1);
  });

  it('marks an invoice NOT_ON_PEPPOL when its buyer has no address or is not registered, and sends nothing nor retries', async () => {
    const before = await stack.calls('einvoicing');
    const unregistered = await seededInvoiceOf(224);
    const noAddress = await seededInvoiceOf(15);
    await send(unregistered);
    await send(noAddress);
    expect(await eventuallyState(224, unregistered, 'NOT_ON_PEPPOL')).toMatchObject({
      receiver: '0208:0762423661',
      lastError: { message: expect.stringContaining('0208:0762423661'), violations: [] },
      notOnPeppolAt: expect.any(String),
    });
    expect(await eventuallyState(15, noAddress, 'NOT_ON_PEPPOL')).toMatchObject({ receiver: null, lastError: { message: expect.stringContaining('no Peppol address') } });
    const after = await stack.calls('einvoicing');
    // One directory lookup for the registered-looking address, nothing else: no document, no send, no retry.
    expect(after.requests - before.requests).toBe(1);
    expect(await letterOf(unregistered)).toBeUndefined();
    const attention = await admin(`{ eInvoicesAwaitingAction { invoice { id } eInvoice { state } deadLetter { id } } }`);
    expect(attention.body.data?.eInvoicesAwaitingAction).toEqual(
      expect.arrayContaining([{ invoice: { id: invoiceId(unregistered) }, eInvoice: { state: 'NOT_ON_PEPPOL' }, deadLetter: null }]),
    );
  });

  it('refuses an invoice breaking a Peppol rule before it leaves, as a dead letter naming the rule; corrected in the ERP, its replay sends it once', async () => {
    const id = await seededInvoiceOf(23);
    const created = await accessPointCalls('POST /api/documents/ubl');
    await send(id);
    const rejected = await eventuallyState(23, id, 'REJECTED');
    expect(rejected.lastError.violations.map((violation: { rule: string }) => violation.rule)).toContain('PEPPOL-COMMON-R043');
    expect(rejected.lastError.message).toContain('PEPPOL-COMMON-R043');
    const letter = await eventually(() => letterOf(id), (found) => found !== undefined, 'the rejected send to be dead-lettered');
    // Retrying cannot fix the data: the first refusal is final.
    expect(letter).toMatchObject({ attemptCount: 1, lastErrorCode: 'EINVOICE_REJECTED', lastError: expect.stringContaining('PEPPOL-COMMON-R043') });
    expect(await accessPointCalls('POST /api/documents/ubl')).toBe(created);

    const attention = await admin(`{ eInvoicesAwaitingAction { invoice { id } eInvoice { state lastError { violations { rule location } } } deadLetter { id } } }`);
    const listed = (attention.body.data?.eInvoicesAwaitingAction as any[]).find((item) => item.invoice.id === invoiceId(id));
    expect(listed.deadLetter).toEqual({ id: letter!.id });
    expect(listed.eInvoice.lastError.violations).toContainEqual({ rule: 'PEPPOL-COMMON-R043', location: expect.stringContaining('AccountingCustomerParty') });

    const [partner] = (await erp('res.partner', 'read', [[23]], { fields: ['company_registry'] })) as { company_registry: string }[];
    await erp('res.partner', 'write', [[23], { peppol_endpoint: partner!.company_registry }]);
    const replayed = await admin(`mutation($id: ID!) { replayDeadLetter(id: $id) { outcome deadLetter { status } } }`, { id: letter!.id });
    expect(replayed.body.data?.replayDeadLetter).toEqual({ outcome: 'REPLAYED', deadLetter: { status: 'REPLAYED' } });
    const delivered = await eventuallyState(23, id, 'DELIVERED');
    expect(delivered).toMatchObject({ receiver: `0208:${partner!.company_registry}`, lastError: null });
    expect(await accessPointCalls('POST /api/documents/ubl')).toBe(created + 1);
  });

  it('retries while the access point fails, dead-letters the send, and its replay sends the document already created', async () => {
    const id = await seededInvoiceOf(28);
    const created = await accessPointCalls('POST /api/documents/ubl');
    await stack.fault('einvoicing', { route: 'POST /api/documents/{document_id}/send', mode: 'error', status: 503 });
    try {
      await send(id);
      const letter = await eventually(() => letterOf(id), (found) => found !== undefined, 'the failing send to be dead-lettered');
      expect(letter).toMatchObject({ lastErrorCode: 'UPSTREAM_UNAVAILABLE', attemptCount: 2 });
      expect(await eInvoiceOf(28, id)).toMatchObject({ state: 'QUEUED', documentId: expect.stringMatching(/^doc_/) });
    } finally {
      await stack.fault('einvoicing', { route: 'POST /api/documents/{document_id}/send', mode: 'ok' });
    }
    const letter = await letterOf(id);
    const replayed = await admin(`mutation($id: ID!) { replayDeadLetter(id: $id) { outcome } }`, { id: letter!.id });
    expect(replayed.body.data?.replayDeadLetter).toEqual({ outcome: 'REPLAYED' });
    await eventuallyState(28, id, 'DELIVERED');
    // Two job attempts and a replay, one document.
    expect(await accessPointCalls('POST /api/documents/ubl')).toBe(created + 1);
  });

  it('sends a credit note as one, to a buyer on Peppol', async () => {
    const [creditNote] = (await erp('account.move', 'search_read', [[['move_type', '=', 'out_refund'], ['partner_id', '=', 404]]], { fields: ['id', 'name'], limit: 1 })) as { id: number; name: string }[];
    const sent = await send(creditNote!.id);
    expect(sent).toMatchObject({ invoice: { number: creditNote!.name }, eInvoice: { state: 'QUEUED' }, followUpId: expect.any(String) });
    const record = await eventually(
      () => stack.app.services.einvoices.records.get(creditNote!.id),
      (found) => found?.state === 'DELIVERED',
      'the credit note to be delivered',
    );
    const response = await api(stack.sandbox, 'einvoicing').get(`/api/documents/${record!.documentId}`);
    expect(response.body).toMatchObject({ document_type: 'CREDIT_NOTE', invoice_id: creditNote!.name, state: 'SENT' });
  });

  it("marks an invoice REJECTED when the buyer's access point refuses it, for staff to send again", async () => {
    const id = await seededInvoiceOf(86);
    await send(id);
    const rejected = await eventuallyState(86, id, 'REJECTED');
    expect(rejected).toMatchObject({ sentAt: expect.any(String), rejectedAt: expect.any(String), lastError: { message: expect.stringMatching(/reject/i) } });
    expect(await letterOf(id)).toBeUndefined();
  });

  describe('the access point’s webhooks', () => {
    it('refuses an event without a valid X-Signature, storing nothing', async () => {
      const event = { id: `evt_${randomUUID()}`, type: 'document.sent', data: { document_id: 'doc_forged' } };
      const unsigned = await fetch(`${stack.url}/webhooks/einvoicing`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });
      expect([unsigned.status, ((await unsigned.json()) as any).errors[0].extensions.code]).toEqual([400, 'WEBHOOK_SIGNATURE_MISSING']);
      const forged = await postWebhook(event, 'not-the-secret');
      expect([forged.status, ((await forged.json()) as any).errors[0].extensions.code]).toEqual([400, 'WEBHOOK_SIGNATURE_INVALID']);
    });

    it('never moves an e-invoice backwards: duplicates, events out of order and a late failure leave a delivered one delivered', async () => {
      const id = await postInvoiceFor(29);
      const delivered = await eventuallyState(29, id, 'DELIVERED');
      const duplicatesBefore = await receivedWebhooks('duplicate');
      // The access point posts its last events again, same ids, newest first.
      const replay = await control(stack.sandbox, 'einvoicing', 'webhooks/replay', { count: 3, reverse: true });
      expect(replay.status).toBe(200);
      const replayed = (replay.body as { replayed: { document_id: string }[] }).replayed;
      expect(replayed.map((event) => event.document_id)).toContain(delivered.documentId);
      await eventually(() => control(stack.sandbox, 'einvoicing', 'webhooks'), (answer) => (answer.body as { pending: number }).pending === 0, 'the replayed events to be answered');
      expect(await receivedWebhooks('duplicate')).toBe(duplicatesBefore + replayed.length);

      // Events with ids of their own, for the same document, after it was delivered: a second delivery and a late failure.
      const late = [
        { id: `evt_${randomUUID()}`, type: 'document.sent', data: { document_id: delivered.documentId } },
        { id: `evt_${randomUUID()}`, type: 'document.sent.failed', data: { document_id: delivered.documentId, reason: 'late' } },
      ];
      for (const event of late) expect((await postWebhook(event)).status).toBe(200);
      const settled = await eventually(
        async () => ((await admin(`{ webhookEvents(source: "einvoicing", first: 100) { eventId status } }`)).body.data?.webhookEvents as { eventId: string; status: string }[]).filter((event) => late.some((sent) => sent.id === event.eventId)),
        (events) => events.length === late.length && events.every((event) => event.status !== 'RECEIVED'),
        'the late events to be settled',
      );
      expect(settled.map((event) => event.status)).toEqual(['IGNORED', 'IGNORED']);
      expect(await eInvoiceOf(29, id)).toEqual({ ...delivered });
    });
  });

  describe('sendInvoice', () => {
    it('is for admins, answers a repeat of its key with the same job and leaves a delivered invoice alone', async () => {
      const created = await admin('mutation { createApiKey(input: { name: "e-invoicing client", role: CLIENT }) { secret } }');
      const client = graphqlAs(stack, (created.body.data?.createApiKey as { secret: string }).secret);
      const id = await seededInvoiceOf(31);
      const refused = await client(SEND, { invoiceId: invoiceId(id), key: randomUUID() });
      expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const withoutKey = await admin(`mutation($invoiceId: ID!) { sendInvoice(invoiceId: $invoiceId) { followUpId } }`, { invoiceId: invoiceId(id) });
      expect(withoutKey.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');

      const key = randomUUID();
      const first = await send(id, key);
      const again = await send(id, key);
      expect(again).toEqual(first);
      await eventuallyState(31, id, 'DELIVERED');
      const later = await send(id);
      expect(later).toMatchObject({ eInvoice: { state: 'DELIVERED' }, followUpId: null });
      const bad = await admin(SEND, { invoiceId: customerId(31), key: randomUUID() });
      expect(bad.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    });
  });
});
