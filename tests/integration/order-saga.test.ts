import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig, withUpstreams } from '../../src/config/index.js';
import type { CallContext } from '../../src/connectors/core/createUpstreamClient.js';
import { isUpstreamError } from '../../src/connectors/core/UpstreamError.js';
import type { SystemName } from '../../src/config/SystemName.js';
import { createConnectors, type Connectors } from '../../src/connectors/createConnectors.js';
import { cancelOrder } from '../../src/domain/cancelOrder.js';
import type { DomainDeps } from '../../src/domain/DomainDeps.js';
import { placeOrder, type PlaceOrderInput } from '../../src/domain/placeOrder.js';
import { toDomainEvent } from '../../src/integrations/eventBus/DomainEvent.js';
import { createLogger } from '../../src/observability/createLogger.js';
import { deriveKey, type IdempotencyScope } from '../../src/reliability/deriveKey.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/startSandbox.js';
import { upstreamsOf } from '../../src/sandbox/upstreamsOf.js';
import { sandboxRecords } from '../helpers/sandboxRecords.js';
import { fastResilience, type FaultSpec } from '../helpers/startStack.js';

/**
 * The order saga as the domain runs it, without GraphQL or a database: real connectors against the
 * sandbox, and the follow-ups and events it starts recorded through its own ports.
 */
describe('order saga', () => {
  let sandbox: Sandbox;
  let connectors: Connectors;
  let records: ReturnType<typeof sandboxRecords>;
  let currency: string;
  const logger = createLogger('silent');
  const call: CallContext = { requestId: 'order-saga-test', log: logger };

  const control = (system: SystemName, path: string, body?: FaultSpec) =>
    fetch(`${sandbox.urls[system]}/_control/${path}`, {
      method: 'POST',
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });

  /** The domain's dependencies, with everything it enqueues or publishes written down. */
  function recordingDeps() {
    const enqueued: string[] = [];
    const published: { name: string; data: unknown }[] = [];
    const deps: DomainDeps = {
      erp: connectors.erp,
      payments: connectors.payments,
      call,
      followUps: {
        enqueue: (kind, _payload, options) => {
          enqueued.push(kind);
          return Promise.resolve(`${kind}:${options.jobKey}`);
        },
      },
      events: {
        publish: (event) => {
          published.push({ name: event.name, data: event.data });
          return Promise.resolve(toDomainEvent(event));
        },
      },
    };
    return { deps, enqueued, published };
  }

  const scope = (): IdempotencyScope => ({ principalId: 'order-saga-test', key: randomUUID() });
  const order = (idempotency: IdempotencyScope): PlaceOrderInput => ({
    customerId: { id: 3, label: 'customer 3' },
    lines: [{ productId: { id: 1, label: 'product 1' }, quantity: 2 }],
    currency,
    idempotency,
  });
  const erpOrderOf = async (idempotency: IdempotencyScope) => (await records.erpOrdersByClientRefPrefix(deriveKey(idempotency, 'erp-order')))[0];

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 42 });
    const config = withUpstreams(parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...fastResilience() }), upstreamsOf(sandbox));
    ({ connectors } = createConnectors(config, logger));
    records = sandboxRecords(sandbox);
    const [partner] = await connectors.erp.readPartners(call, [3]);
    currency = partner!.currency;
  });
  afterAll(() => sandbox.stop());
  beforeEach(async () => {
    await Promise.all((['erp', 'payments'] as const).map((system) => control(system, 'reset')));
  });

  it('a final payment refusal cancels the ERP order and starts nothing that follows an order', async () => {
    await control('payments', 'faults', { route: 'POST /v1/payment_intents', mode: 'error', status: 402 });
    const { deps, enqueued, published } = recordingDeps();
    const keys = scope();
    const refusal = await placeOrder(deps, order(keys)).catch((error: unknown) => error);
    expect(isUpstreamError(refusal) && { system: refusal.system, retryable: refusal.retryable }).toEqual({ system: 'payments', retryable: false });
    expect((await erpOrderOf(keys))?.state).toBe('cancel');
    expect(enqueued).toEqual([]);
    expect(published).toEqual([]);
  });

  it('with the payment provider down, the order stands and its payment goes to the follow-ups with the rest', async () => {
    await control('payments', 'faults', { route: '*', mode: 'down' });
    const { deps, enqueued, published } = recordingDeps();
    const keys = scope();
    const placed = await placeOrder(deps, order(keys));
    expect(placed.payment).toBeNull();
    expect(placed.followUps.payment).toBeTruthy();
    expect((await erpOrderOf(keys))?.state).toBe('sale');
    expect(enqueued).toEqual(['payments-create-payment', 'crm-order-note', 'shipping-create-trackers']);
    expect(published).toEqual([{ name: 'order.placed', data: expect.objectContaining({ orderId: placed.order.id, paymentId: null }) }]);
  });

  it('cancelling asks the caller before it writes: refused, the order and its payment stand', async () => {
    const { deps } = recordingDeps();
    const placing = scope();
    const placed = await placeOrder(deps, order(placing));
    const refusal = new Error('not yours');
    const cancelling = cancelOrder(deps, {
      orderId: { id: placed.order.id, label: placed.order.name },
      idempotency: scope(),
      authorize: () => {
        throw refusal;
      },
    });
    await expect(cancelling).rejects.toBe(refusal);
    expect((await erpOrderOf(placing))?.state).toBe('sale');
    expect((await records.paymentsForOrder(placed.order.name)).map((payment) => payment.status)).toEqual(['requires_capture']);
  });
});
