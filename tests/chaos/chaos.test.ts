import { afterAll, describe, expect, it } from 'vitest';
import type { ChaosSettings } from '../../bench/chaos/chaosSettings.js';
import { FAULT_KINDS } from '../../bench/chaos/faultInjector.js';
import { formatReport } from '../../bench/chaos/formatReport.js';
import { runChaos } from '../../bench/chaos/runChaos.js';

/**
 * `npm run chaos` in small: the same processes (sandbox, two gateway instances on one database, a
 * worker), clients and checker, with one fault of each kind and a few random ones. A fixed seed fixes
 * the orders and the faults' order; their timing still depends on the machine, so only the invariants
 * are asserted, never durations.
 */
const SETTINGS: ChaosSettings = {
  clients: 6,
  orders: 60,
  durationSeconds: 90,
  seed: 7,
  instances: 2,
  faultsPerMinute: 6,
  settleSeconds: 60,
  // A key claimed by a killed instance is taken over after this; the default minute would dominate the test.
  idempotencyLeaseSeconds: 10,
};

describe('chaos: orders placed through faults, two instances, one database', () => {
  let close: (() => Promise<void>) | undefined;
  const log: string[] = [];
  // runChaos stops its processes itself; this covers a run the test's timeout abandoned.
  afterAll(async () => {
    await close?.();
  });

  it('loses nothing and does nothing twice', { timeout: 170_000 }, async () => {
    const result = await runChaos(SETTINGS, { log: (line) => log.push(line), onStarted: (stop) => (close = stop) });
    const report = `${log.join('\n')}\n${formatReport(result)}`;

    expect(result.violations, report).toEqual([]);
    const { findings } = result;
    expect(findings.ordersAccepted, report).toBeGreaterThan(0);
    expect(findings.duplicateOrders).toEqual([]);
    expect(findings.duplicateCharges).toEqual([]);
    expect(findings.chargesWithoutOrder).toEqual([]);
    expect(findings.followUpsMissing).toEqual([]);
    expect(findings.lostOrders).toEqual([]);
    expect(findings.deadLettersOpen).toBe(0);
    for (const kind of FAULT_KINDS) expect(result.faults[kind], `${kind} injected\n${report}`).toBeGreaterThanOrEqual(1);
  });
});
