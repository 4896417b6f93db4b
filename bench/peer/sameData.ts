import { isDeepStrictEqual } from 'node:util';
import { moneyFromMajor } from '../../src/domain/money.js';
import { ORDER_STATUS } from '../../src/graphql/resolvers/erp.js';
import type { SaleOrderState } from '../../src/connectors/erp/types.js';

/**
 * The data a query answers, in one shape whatever target answered it, so the answers of Switchyard, the
 * peer and the floor can be compared before they are loaded. Amounts are in minor units, statuses upper case.
 */
export interface CustomerData {
  readonly id: number;
  readonly name: string;
  readonly email?: string | null;
  readonly crm: { readonly email: string | null; readonly lifecycleStage: string | null; readonly company: string | null } | null;
  readonly billing?: { readonly balance: number; readonly card: string | null } | null;
  /** One line per payment, sorted: payments created in the same second have no defined order. */
  readonly payments: readonly string[];
  readonly orders: readonly { readonly order: string; readonly total: number; readonly shipments: readonly string[] }[];
}

export interface OrderData {
  readonly id: number;
  readonly reference: string;
  readonly status: string;
  readonly total: string;
  readonly lines: readonly string[];
  readonly payments: readonly string[];
  readonly shipments: readonly string[];
}

export const upper = (status: string): string => status.toUpperCase();
/** A payment as one comparable line; each query compares the parts it asks for. */
export const paymentLine = (payment: { id?: string; status: string; amount: number; currency?: string }): string =>
  [payment.id, upper(payment.status), payment.amount, payment.currency && upper(payment.currency)].filter((part) => part !== undefined).join(' ');
export const moneyLine = (amount: number, currency: string): string => `${amount} ${upper(currency)}`;
export const sortedLines = (lines: string[]): string[] => lines.sort();
/** Odoo keeps amounts as floats in major units. */
export const minorOf = (amount: number, currency: string): number => moneyFromMajor(amount, currency).amount;
export const orderStatusOf = (state: SaleOrderState): string => ORDER_STATUS[state];
export const lineOf = (description: string, quantity: number, unitPrice: number, total: number, product: string | null): string =>
  `${description} × ${quantity} @ ${unitPrice} = ${total} (${product ?? 'no product'})`;

/** Throws, naming the first difference, when `actual` is not `expected`. */
export function assertSameData(label: string, expected: unknown, actual: unknown): void {
  if (isDeepStrictEqual(expected, actual)) return;
  const a = JSON.stringify(expected);
  const b = JSON.stringify(actual);
  let at = 0;
  while (at < a.length && a[at] === b[at]) at += 1;
  throw new Error(`${label} answers other data than Switchyard: from character ${at}\n  Switchyard: …${a.slice(Math.max(0, at - 80), at + 160)}\n  ${label}: …${b.slice(Math.max(0, at - 80), at + 160)}`);
}
