import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SystemName } from '../../src/config/SystemName.js';
import { captureLogs, type LogLine } from '../helpers/captureLogs.js';
import { startStack, type Stack } from '../helpers/startStack.js';

const INFO = 30;
const WARN = 40;
const SYSTEMS: readonly SystemName[] = ['crm', 'erp', 'payments', 'shipping'];
const UPSTREAM_MESSAGES = new Set(['upstream call', 'upstream call failed']);

async function requestsBySystem(stack: Stack): Promise<Record<SystemName, number>> {
  const counts = await Promise.all(SYSTEMS.map(async (system) => [system, (await stack.calls(system)).requests] as const));
  return Object.fromEntries(counts) as Record<SystemName, number>;
}

describe('logs: one line per request and per upstream call', () => {
  let stack: Stack;
  const logs = captureLogs();
  const ofRequest = (requestId: string | null) => logs.lines.filter((line) => line.requestId === requestId);
  const requestLines = (requestId: string | null) => ofRequest(requestId).filter((line) => line.msg === 'request completed');
  const upstreamLines = (requestId: string | null) => ofRequest(requestId).filter((line) => UPSTREAM_MESSAGES.has(line.msg ?? ''));

  beforeAll(async () => {
    // The tests compare log lines with what the sandbox received: no scheduled poll or status probe may add to that.
    const never = '0 0 1 1 *';
    stack = await startStack({ env: { LOG_LEVEL: 'info', POLL_SHIPPING_CRON: never, STATUS_CHECK_CRON: never }, logDestination: logs.destination });
  });
  afterAll(() => stack.close());

  it('a GraphQL request: one line with principal, operation and outcome; one info line per upstream call it made', async () => {
    const before = await requestsBySystem(stack);
    const result = await stack.graphql('query TwoSystems { customers(first: 3) { nodes { name billing { id } } } }');
    expect(result.body.errors).toBeUndefined();
    const requestId = result.headers.get('x-request-id');
    const after = await requestsBySystem(stack);

    const [line, ...more] = requestLines(requestId);
    expect(more).toEqual([]);
    expect(line).toMatchObject({
      level: INFO,
      method: 'POST',
      url: '/graphql',
      statusCode: 200,
      principalId: 'bootstrap-admin',
      operationName: 'TwoSystems',
      outcome: 'ok',
    });
    expect(typeof line!.durationMs).toBe('number');

    const calls = upstreamLines(requestId);
    for (const system of SYSTEMS) {
      // Every request the system received from this query appears once in the log, and nothing else does.
      expect(calls.filter((call) => call.system === system)).toHaveLength(after[system] - before[system]);
    }
    expect(calls.length).toBeGreaterThanOrEqual(2);
    for (const call of calls) {
      expect(call).toMatchObject({ level: INFO, msg: 'upstream call', principalId: 'bootstrap-admin', operationName: 'TwoSystems', status: 200, retries: 0 });
      expect(call.route).toMatch(/^(GET|POST) \//);
      expect(typeof call.durationMs).toBe('number');
    }
  });

  it('an upstream call failing past its retries: one warn line with status, kind and retries, not one per attempt', async () => {
    await stack.fault('crm', { route: '*', mode: 'error', status: 503 });
    const before = await requestsBySystem(stack);
    const result = await stack.graphql('query Contacts { customers(first: 1) { nodes { crm { email } } } }');
    const requestId = result.headers.get('x-request-id');
    const after = await requestsBySystem(stack);
    await stack.resetSandbox();

    // The first attempt and two retries reached the CRM…
    expect(after.crm - before.crm).toBe(3);
    const crm = upstreamLines(requestId).filter((line) => line.system === 'crm');
    // …and the log has one line for the call.
    expect(crm).toHaveLength(1);
    expect(crm[0]).toMatchObject({
      level: WARN,
      msg: 'upstream call failed',
      principalId: 'bootstrap-admin',
      operationName: 'Contacts',
      status: 503,
      retries: 2,
      kind: 'unavailable',
    });
    expect(logs.lines.filter((line) => line.requestId === requestId && /retry/i.test(line.msg ?? ''))).toEqual([]);
    expect(requestLines(requestId)).toEqual([expect.objectContaining({ statusCode: 200, operationName: 'Contacts', outcome: 'UPSTREAM_UNAVAILABLE' })]);
  });

  it('a request outside GraphQL: one line, without operation', async () => {
    const response = await fetch(`${stack.url}/metrics`);
    expect(response.status).toBe(200);
    const lines = requestLines(response.headers.get('x-request-id'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ method: 'GET', url: '/metrics', statusCode: 200 });
    expect(lines[0]!.operationName).toBeUndefined();
  });

  it('logs at the configured LOG_LEVEL: at warn, successes are left out and failures kept', async () => {
    const quiet = captureLogs();
    const other = await startStack({ sandbox: stack.sandbox, env: { LOG_LEVEL: 'warn' }, logDestination: quiet.destination });
    try {
      const ok = await other.graphql('query Quiet { customers(first: 1) { nodes { name } } }');
      await other.fault('crm', { route: '*', mode: 'error', status: 503 });
      const failed = await other.graphql('query Loud { customers(first: 1) { nodes { crm { email } } } }');
      await other.resetSandbox();
      const of = (result: typeof ok) => quiet.lines.filter((line: LogLine) => line.requestId === result.headers.get('x-request-id'));
      expect(of(ok)).toEqual([]);
      expect(of(failed).map((line) => [line.level, line.msg])).toEqual([[WARN, 'upstream call failed']]);
    } finally {
      await other.close();
    }
  });
});
