import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/startStack.js';

const CONTACT_QUERY = `query($id: ID!) { customer(id: $id) { name crm { email } } }`;
const customerId = Buffer.from('Customer:1').toString('base64url');

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('circuit breaker per system', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: {
      CRM_RETRY_LIMIT: '0',
      CRM_BREAKER_VOLUME_THRESHOLD: '3',
      CRM_BREAKER_ERROR_PERCENT: '50',
      // Long enough that the five fail-fast requests below finish inside it on a busy machine.
      CRM_BREAKER_RESET_MS: '1500',
    } });
  });
  afterAll(() => stack.close());

  const crmError = async () => (await stack.graphql(CONTACT_QUERY, { id: customerId })).body.errors?.[0]?.extensions;
  const crmBreaker = async () => {
    const status = (await (await fetch(`${stack.url}/status`)).json()) as { systems: { name: string; breaker: string }[] };
    return status.systems.find((system) => system.name === 'crm')?.breaker;
  };

  it('opens after its threshold, fails fast, half-opens after the reset timeout and closes on success', async () => {
    await stack.fault('crm', { route: '*', mode: 'error', status: 503 });

    const codes: unknown[] = [];
    for (let i = 0; i < 6 && codes.at(-1) !== 'CIRCUIT_OPEN'; i += 1) codes.push((await crmError())?.code);
    expect(codes.slice(0, 3)).toEqual(['UPSTREAM_UNAVAILABLE', 'UPSTREAM_UNAVAILABLE', 'UPSTREAM_UNAVAILABLE']);
    expect(codes.at(-1)).toBe('CIRCUIT_OPEN');
    expect(await crmBreaker()).toBe('open');

    // While open, calls fail fast and never reach the CRM: its request count stands still.
    const before = (await stack.calls('crm')).requests;
    for (let i = 0; i < 5; i += 1) {
      const extensions = await crmError();
      expect(extensions).toMatchObject({ code: 'CIRCUIT_OPEN', system: 'crm', retryable: true });
      expect(extensions?.retryAfter).toBeGreaterThanOrEqual(1);
    }
    expect((await stack.calls('crm')).requests).toBe(before);

    // The other systems are unaffected by the CRM's breaker.
    const other = await stack.graphql(CONTACT_QUERY, { id: customerId });
    expect((other.body.data?.customer as { name: string }).name).toBeTruthy();

    // The CRM recovers; after the reset timeout one trial call goes through and closes the breaker.
    await stack.resetSandbox();
    await waitFor(crmBreaker, (state) => state === 'half_open', 'the breaker to half-open');
    const trial = await stack.graphql(CONTACT_QUERY, { id: customerId });
    expect(trial.body.errors).toBeUndefined();
    expect(await crmBreaker()).toBe('closed');
    expect((await stack.calls('crm')).requests).toBeGreaterThan(0);
  });

  it('re-opens when the half-open trial fails', async () => {
    stack.app.breakers.reset('crm');
    await stack.fault('crm', { route: '*', mode: 'error', status: 500 });
    for (let i = 0; i < 6 && (await crmBreaker()) !== 'open'; i += 1) await crmError();
    expect(await crmBreaker()).toBe('open');
    await waitFor(crmBreaker, (state) => state === 'half_open', 'the breaker to half-open');
    expect((await crmError())?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(await crmBreaker()).toBe('open');
  });

  it('does not count refusals (4xx) against the system', async () => {
    await stack.resetSandbox();
    stack.app.breakers.reset('crm');
    await stack.fault('crm', { route: '*', mode: 'error', status: 400 });
    for (let i = 0; i < 6; i += 1) expect((await crmError())?.code).toBe('UPSTREAM_REJECTED');
    expect(await crmBreaker()).toBe('closed');
  });
});
