import type { ChaosSettings } from './chaosSettings.js';
import { totalPending, type Problem } from './checkRun.js';
import type { ChaosResult } from './runChaos.js';

/** Problems listed per kind before "… and n more". */
const LISTED = 20;

export function formatSettings(settings: ChaosSettings): string {
  return [
    `Switchyard chaos run: ${settings.clients} clients, ${settings.orders} orders or ${settings.durationSeconds} s, seed ${settings.seed},`,
    `${settings.instances} instance(s), ${settings.faultsPerMinute} random faults/min plus one of each kind, settle ${settings.settleSeconds} s,`,
    `idempotency lease ${settings.idempotencyLeaseSeconds} s, node ${process.version}`,
  ].join(' ');
}

const row = (label: string, value: number | string) => `  ${label.padEnd(34)} ${String(value).padStart(7)}`;

function problems(label: string, list: readonly Problem[]): string[] {
  if (list.length === 0) return [];
  const lines = list.slice(0, LISTED).map((problem) => `    ${[problem.key, problem.reference, problem.detail].filter(Boolean).join(' / ')}`);
  if (list.length > LISTED) lines.push(`    … and ${list.length - LISTED} more`);
  return [`  ${label}:`, ...lines];
}

/** The summary `npm run chaos` prints: configuration, faults, what the systems recorded, and the verdict. */
export function formatReport(result: ChaosResult): string {
  const { findings: f, replay } = result;
  const faults = Object.entries(result.faults).map(([kind, count]) => `${kind} ${count}`).join(', ');
  const retries = [...result.retryReasons].sort(([, a], [, b]) => b - a).map(([reason, count]) => `${reason} ${count}`).join(', ');
  return [
    formatSettings(result.settings),
    `Faults injected: ${faults}`,
    `Client retries: ${retries || 'none'}`,
    '',
    row('orders accepted', f.ordersAccepted),
    row('orders rejected', f.ordersRejected),
    row('orders without a final answer', f.ordersUnresolved),
    row('ERP orders created in the run', `${f.erpOrders}`),
    row('  of which cancelled', f.erpOrdersCancelled),
    row('PaymentIntents', f.paymentIntents),
    row('  of which live', f.livePaymentIntents),
    row('duplicate orders', f.duplicateOrders.length),
    row('duplicate charges', f.duplicateCharges.length),
    row('charges without an order', f.chargesWithoutOrder.length),
    row('follow-ups missing', f.followUpsMissing.length),
    row('accepted orders lost', f.lostOrders.length),
    row('follow-ups done twice (CRM notes)', f.duplicateNotes.length),
    row('standing orders not accepted', f.ordersWithoutAcceptance.length),
    row('jobs still pending', totalPending(f.jobsPending)),
    row('dead letters replayed', `${replay.replayed}`),
    row('dead letters open', f.deadLettersOpen),
    ...problems('duplicate orders', f.duplicateOrders),
    ...problems('duplicate charges', f.duplicateCharges),
    ...problems('charges without an order', f.chargesWithoutOrder),
    ...problems('follow-ups missing', f.followUpsMissing),
    ...problems('accepted orders lost', f.lostOrders),
    ...problems('follow-ups done twice', f.duplicateNotes),
    ...problems('standing orders not accepted', f.ordersWithoutAcceptance),
    ...problems('jobs still pending', Object.entries(f.jobsPending).map(([queue, count]) => ({ detail: `${queue}: ${count}` }))),
    '',
    result.violations.length === 0
      ? `PASS in ${result.seconds.toFixed(0)} s: no duplicates, no charge without an order, no follow-up missing, nothing lost, no dead letter open`
      : `FAIL in ${result.seconds.toFixed(0)} s:\n${result.violations.map((violation) => `  - ${violation}`).join('\n')}\nGateway logs: ${result.logDir}`,
  ].join('\n');
}
