/**
 * What an answer says about the records the bench's writer changes, as versions: each change raises
 * its record's version, so an answer with a lower one than a change made long enough ago is stale.
 * The writer puts the version into the value itself (a partner's name, a contact's lifecycle stage,
 * a payment's amount, a tracker's last update), where every target's answer shows it.
 */
export interface Fact {
  readonly key: string;
  readonly version: number;
}

export type FactSystem = 'erp' | 'crm' | 'payments' | 'shipping';

export const factKeys = {
  partner: (id: number) => `erp:partner:${id}`,
  contact: (partnerId: number) => `crm:contact:${partnerId}`,
  payments: (partnerId: number) => `payments:partner:${partnerId}`,
  tracker: (code: string) => `shipping:tracker:${code}`,
};

export const systemOfFact = (key: string) => key.slice(0, key.indexOf(':')) as FactSystem;

/** A payment the writer makes is worth this many minor units plus its version. */
export const PAYMENT_MARKER = 900_000;

export const nameVersion = (name: string) => Number(/·(\d+)$/.exec(name)?.[1] ?? 0);
export const stageVersion = (stage: string | null | undefined) => Number(/^bench(\d+)$/.exec(stage ?? '')?.[1] ?? 0);
export const paymentsVersion = (amountsMinor: readonly number[]) => Math.max(0, ...amountsMinor.filter((amount) => amount >= PAYMENT_MARKER).map((amount) => amount - PAYMENT_MARKER));
export const trackerVersion = (updatedAt: string | null | undefined) => (updatedAt ? Date.parse(updatedAt) : 0);

/** The facts of one customer's answer, whatever target gave it. */
export function customerFacts(partnerId: number, answer: {
  name: string;
  stage: string | null | undefined;
  hasContact: boolean;
  paymentsMinor: readonly number[];
  trackers: readonly { code: string; updatedAt: string | null }[];
}): Fact[] {
  return [
    { key: factKeys.partner(partnerId), version: nameVersion(answer.name) },
    ...(answer.hasContact ? [{ key: factKeys.contact(partnerId), version: stageVersion(answer.stage) }] : []),
    { key: factKeys.payments(partnerId), version: paymentsVersion(answer.paymentsMinor) },
    ...trackerFacts(answer.trackers),
  ];
}

export function trackerFacts(trackers: readonly { code: string; updatedAt: string | null }[]): Fact[] {
  return trackers.map((tracker) => ({ key: factKeys.tracker(tracker.code), version: trackerVersion(tracker.updatedAt) }));
}
