import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/startSandbox.js';
import type { Sandbox } from '../../src/sandbox/startSandbox.js';
import { addFault, advanceClock, api, call, resetAll, stats } from './sandboxClient.js';

const HOUR_MS = 3_600_000;

describe('payments sandbox idempotency keys (Stripe)', () => {
  let sandbox: Sandbox;
  let stripe: ReturnType<typeof api>;
  let customerId: string;
  beforeAll(async () => {
    sandbox = await startSandbox();
    stripe = api(sandbox, 'payments');
    customerId = (await stripe.get(`/v1/customers/search?query=${encodeURIComponent("metadata['erp_partner_id']:'7'")}`)).body.data[0].id;
  });
  afterEach(() => resetAll(sandbox));
  afterAll(() => sandbox.stop());

  const params = (orderRef: string, amount = 4200) => ({ amount, currency: 'eur', customer: customerId, confirm: true, capture_method: 'manual', 'metadata[order_ref]': orderRef });
  const pay = (orderRef: string, key: string, amount?: number, init: RequestInit = {}) =>
    stripe.form('/v1/payment_intents', params(orderRef, amount), { ...init, headers: { 'idempotency-key': key } });
  const intentsFor = async (orderRef: string): Promise<string[]> =>
    (await stripe.get(`/v1/payment_intents/search?query=${encodeURIComponent(`metadata['order_ref']:'${orderRef}'`)}`)).body.data.map((intent: { id: string }) => intent.id);
  /** Polls the control API (never the wall clock) until the condition holds. */
  const until = async (condition: () => Promise<boolean>): Promise<void> => {
    for (let attempt = 0; attempt < 500; attempt++) {
      if (await condition()) return;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error('condition never held');
  };
  const received = (route: string) => async () => ((await stats(sandbox, 'payments')).byRoute[route] ?? 0) >= 1;

  it('replays the first response for the same key and parameters, with Idempotent-Replayed', async () => {
    const first = await pay('S-REPLAY', 'key-replay');
    expect(first.status).toBe(200);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(first.headers.get('idempotency-key')).toBe('key-replay');
    const second = await pay('S-REPLAY', 'key-replay');
    expect(second.status).toBe(200);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.headers.get('original-request')).toBe(first.headers.get('request-id'));
    expect(second.headers.get('request-id')).not.toBe(first.headers.get('request-id'));
    expect(second.text).toBe(first.text);
    expect(await intentsFor('S-REPLAY')).toEqual([first.body.id]);
  });

  it('treats the same parameters in another order as the same request', async () => {
    const first = await stripe.form('/v1/payment_intents', { currency: 'eur', amount: 900, 'metadata[a]': '1', 'metadata[b]': '2' }, { headers: { 'idempotency-key': 'key-order' } });
    const second = await stripe.form('/v1/payment_intents', { 'metadata[b]': '2', amount: 900, 'metadata[a]': '1', currency: 'eur' }, { headers: { 'idempotency-key': 'key-order' } });
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body.id).toBe(first.body.id);
  });

  it('refuses the same key with other parameters or on another endpoint', async () => {
    await pay('S-MISMATCH', 'key-mismatch');
    const other = await pay('S-MISMATCH', 'key-mismatch', 4300);
    expect(other.status).toBe(400);
    expect(other.body).toEqual({
      error: {
        type: 'idempotency_error',
        message: "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than 'key-mismatch' if you meant to execute a different request.",
      },
    });
    const elsewhere = await stripe.form('/v1/customers', { email: 'x@example.com' }, { headers: { 'idempotency-key': 'key-mismatch' } });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.error.type).toBe('idempotency_error');
    expect(elsewhere.body.error.message).toMatch(/^Keys for idempotent requests can only be used for the same endpoint they were first used for \('\/v1\/customers' vs '\/v1\/payment_intents'\)/);
  });

  it('replays saved errors of the endpoint, such as a capture in the wrong state', async () => {
    const intent = await pay('S-ERR', 'key-err-create');
    const capture = (key: string) => stripe.form(`/v1/payment_intents/${intent.body.id}/capture`, {}, { headers: { 'idempotency-key': key } });
    expect((await capture('key-capture-1')).status).toBe(200);
    const refused = await capture('key-capture-2');
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('payment_intent_unexpected_state');
    const replayed = await capture('key-capture-2');
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(replayed.text).toBe(refused.text);
  });

  it('saves nothing for a request that failed parameter validation, so the key can be used again', async () => {
    const invalid = await pay('S-VALIDATION', 'key-validation', 10);
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('amount_too_small');
    const fixed = await pay('S-VALIDATION', 'key-validation', 1000);
    expect(fixed.status).toBe(200);
    expect(fixed.headers.get('idempotent-replayed')).toBeNull();
  });

  it('answers 409 to requests arriving while the first with the key is in progress, and creates one intent', async () => {
    // The slow fault holds the first request after it claimed its key, like a slow Stripe would.
    await addFault(sandbox, 'payments', { route: 'POST /v1/payment_intents', mode: 'slow', latencyMs: 1000, count: 1 });
    const first = pay('S-CONCURRENT', 'key-concurrent');
    await until(received('POST /v1/payment_intents'));
    const during = await Promise.all([pay('S-CONCURRENT', 'key-concurrent'), pay('S-CONCURRENT', 'key-concurrent')]);
    for (const response of during) {
      expect(response.status).toBe(409);
      expect(response.body.error).toMatchObject({ type: 'idempotency_error', code: 'idempotency_key_in_use' });
      expect(response.body.error.message).toBe(
        'There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): key-concurrent. Please try again later.',
      );
    }
    const settled = await first;
    expect(settled.status).toBe(200);
    expect(settled.headers.get('idempotent-replayed')).toBeNull();
    const after = await pay('S-CONCURRENT', 'key-concurrent');
    expect(after.headers.get('idempotent-replayed')).toBe('true');
    expect(after.body.id).toBe(settled.body.id);
    expect(await intentsFor('S-CONCURRENT')).toEqual([settled.body.id]);
  });

  it('releases the key of a request whose client gave up during a slow fault', async () => {
    await addFault(sandbox, 'payments', { route: 'POST /v1/payment_intents', mode: 'slow', latencyMs: 60_000, count: 1 });
    const abort = new AbortController();
    const abandoned = pay('S-ABANDONED', 'key-abandoned', undefined, { signal: abort.signal }).catch((error: Error) => error);
    await until(received('POST /v1/payment_intents'));
    abort.abort();
    expect(await abandoned).toBeInstanceOf(Error);
    // The server sees the socket close a moment after the abort; until then the key is rightly still held.
    let retry = await pay('S-ABANDONED', 'key-abandoned');
    await until(async () => {
      if (retry.status === 409) retry = await pay('S-ABANDONED', 'key-abandoned');
      return retry.status !== 409;
    });
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    expect(await intentsFor('S-ABANDONED')).toEqual([retry.body.id]);
  });

  it('saves nothing when an injected fault answers first: an error or a dropped connection', async () => {
    await addFault(sandbox, 'payments', { route: 'POST /v1/payment_intents', mode: 'error', status: 500, count: 1 });
    const failed = await pay('S-FAULT', 'key-fault');
    expect(failed.status).toBe(500);
    expect(failed.body.error.type).toBe('api_error');
    await addFault(sandbox, 'payments', { route: 'POST /v1/payment_intents', mode: 'down', count: 1 });
    const dropped = await pay('S-FAULT', 'key-fault').then(() => undefined, (error: Error & { cause?: { code?: string } }) => error);
    expect(dropped?.cause?.code).toMatch(/ECONNRESET|UND_ERR_SOCKET/);
    expect(await intentsFor('S-FAULT')).toEqual([]);
    const served = await pay('S-FAULT', 'key-fault');
    expect(served.status).toBe(200);
    expect(served.headers.get('idempotent-replayed')).toBeNull();
    expect((await pay('S-FAULT', 'key-fault')).headers.get('idempotent-replayed')).toBe('true');
  });

  it('ignores keys on GET requests', async () => {
    const first = await stripe.get(`/v1/customers/${customerId}`, { headers: { 'idempotency-key': 'key-get' } });
    const second = await stripe.get('/v1/customers?limit=1', { headers: { 'idempotency-key': 'key-get' } });
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.headers.get('idempotent-replayed')).toBeNull();
  });

  it('forgets a key once it is 24 hours old on the sandbox clock', async () => {
    const before = (await call(`${sandbox.urls.payments}/_control/clock`)).body.now;
    const first = await pay('S-EXPIRY', 'key-expiry');
    expect((await advanceClock(sandbox, 23 * HOUR_MS)).status).toBe(200);
    expect((await pay('S-EXPIRY', 'key-expiry')).headers.get('idempotent-replayed')).toBe('true');
    const moved = await advanceClock(sandbox, HOUR_MS);
    expect(Date.parse(moved.body.now) - Date.parse(before)).toBeGreaterThanOrEqual(24 * HOUR_MS);
    const reused = await pay('S-EXPIRY', 'key-expiry', 5000);
    expect(reused.status).toBe(200);
    expect(reused.body.id).not.toBe(first.body.id);
    expect(reused.body.created - first.body.created).toBeGreaterThanOrEqual(24 * 3600);
    expect((await call(`${sandbox.urls.payments}/_control/clock`, { method: 'POST', body: '{"advanceMs":-1}', headers: { 'content-type': 'application/json' } })).status).toBe(400);
  });

  it('forgets every key, and restarts the clock, when the data is re-seeded', async () => {
    const first = await pay('S-RESEED', 'key-reseed');
    await call(`${sandbox.urls.erp}/_control/reset?data=true`, { method: 'POST' });
    expect((await call(`${sandbox.urls.payments}/_control/clock`)).body.now < '2026-01-02').toBe(true);
    expect(await intentsFor('S-RESEED')).toEqual([]);
    const again = await pay('S-RESEED', 'key-reseed');
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    expect(again.body.id).not.toBe(first.body.id);
  });
});
