import { SANDBOX_CREDENTIALS } from '../../src/sandbox/startSandbox.js';
import { sandboxRecords } from '../../tests/helpers/sandboxRecords.js';
import type { SandboxProcess } from '../processes.js';

/** The sandbox's clock starts at the dataset's "now": every record created through its APIs is dated from then on. */
const SANDBOX_EPOCH_SECONDS = Date.parse('2026-01-01T00:00:00Z') / 1000;
/** EasyPost's limit for the batch retrieval of trackers. */
const TRACKER_BATCH = 100;

export interface LedgerOrder {
  readonly id: number;
  readonly name: string;
  readonly state: string;
  /** The reference the gateway derives from the idempotency key. */
  readonly clientReference: string;
}

export interface LedgerPaymentIntent {
  readonly id: string;
  readonly status: string;
  readonly orderReference: string | null;
  readonly erpOrderId: number | null;
}

/** What the four systems hold about the run's orders, read through their own APIs, not the gateway's. */
export interface SandboxLedger {
  /** ERP orders whose client reference the gateway derived from an idempotency key. */
  readonly orders: readonly LedgerOrder[];
  /** Every PaymentIntent created since the sandbox started (the seeded ones are older). */
  readonly paymentIntents: readonly LedgerPaymentIntent[];
  /** CRM notes by the key the gateway derived for them: more than one is a note written twice. */
  readonly notesByKey: ReadonlyMap<string, number>;
  /** Tracking codes of each order's deliveries, by ERP order id. */
  readonly trackingCodesByOrder: ReadonlyMap<number, readonly string[]>;
  /** Tracking codes the carrier has a tracker for. */
  readonly trackedCodes: ReadonlySet<string>;
}

const many2oneId = (value: unknown): number | null => (Array.isArray(value) ? Number(value[0]) : typeof value === 'number' ? value : null);

export async function readSandboxLedger(sandbox: Pick<SandboxProcess, 'urls'>): Promise<SandboxLedger> {
  const records = sandboxRecords({ urls: sandbox.urls, credentials: SANDBOX_CREDENTIALS });
  const authorization = {
    payments: `Bearer ${SANDBOX_CREDENTIALS.payments.secretKey}`,
    shipping: `Basic ${Buffer.from(`${SANDBOX_CREDENTIALS.shipping.apiKey}:`).toString('base64')}`,
  };

  const orders = (await records.erpOrdersByClientRefPrefix('sy-erp-order-')).map((order) => ({
    id: order.id,
    name: order.name,
    state: order.state,
    clientReference: order.client_order_ref,
  }));

  const pickings: { sale_id: unknown; carrier_tracking_ref: string | false }[] = await records.erp(
    'stock.picking',
    'search_read',
    [[['sale_id', 'in', orders.map((order) => order.id)]]],
    { fields: ['sale_id', 'carrier_tracking_ref'] },
  );
  const trackingCodesByOrder = new Map<number, string[]>();
  for (const picking of pickings) {
    const orderId = many2oneId(picking.sale_id);
    if (orderId === null || !picking.carrier_tracking_ref) continue;
    trackingCodesByOrder.set(orderId, [...(trackingCodesByOrder.get(orderId) ?? []), picking.carrier_tracking_ref]);
  }

  const codes = [...trackingCodesByOrder.values()].flat();
  const trackedCodes = new Set<string>();
  for (let index = 0; index < codes.length; index += TRACKER_BATCH) {
    const response = await fetch(`${sandbox.urls.shipping}/v2/trackers/batch`, {
      method: 'POST',
      headers: { authorization: authorization.shipping, 'content-type': 'application/json' },
      body: JSON.stringify({ tracking_codes: codes.slice(index, index + TRACKER_BATCH) }),
    });
    const body = (await response.json()) as { trackers: { tracking_code: string }[] };
    for (const tracker of body.trackers) trackedCodes.add(tracker.tracking_code);
  }

  const paymentIntents: LedgerPaymentIntent[] = [];
  let startingAfter: string | undefined;
  do {
    const query = new URLSearchParams({ limit: '100', 'created[gte]': String(SANDBOX_EPOCH_SECONDS) });
    if (startingAfter) query.set('starting_after', startingAfter);
    const response = await fetch(`${sandbox.urls.payments}/v1/payment_intents?${query}`, { headers: { authorization: authorization.payments } });
    const page = (await response.json()) as {
      data: { id: string; status: string; metadata: Record<string, string> }[];
      has_more: boolean;
    };
    for (const intent of page.data) {
      paymentIntents.push({
        id: intent.id,
        status: intent.status,
        orderReference: intent.metadata.order_ref ?? null,
        erpOrderId: intent.metadata.erp_order_id ? Number(intent.metadata.erp_order_id) : null,
      });
    }
    startingAfter = page.has_more ? page.data.at(-1)?.id : undefined;
  } while (startingAfter);

  const notesByKey = new Map<string, number>();
  for (const note of await records.notesWithKeyPrefix('sy-crm-note-')) {
    const key = note.properties.switchyard_idempotency_key!;
    notesByKey.set(key, (notesByKey.get(key) ?? 0) + 1);
  }

  return { orders, paymentIntents, notesByKey, trackingCodesByOrder, trackedCodes };
}
