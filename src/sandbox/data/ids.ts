import { randomInt } from 'node:crypto';

const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * Random characters for the ids of rows created through the APIs. They do not come from the
 * seed's PRNG streams: a write must never change what a re-seed produces.
 */
export function randomChars(length: number, alphabet: string = ALPHANUMERIC): string {
  let out = '';
  for (let index = 0; index < length; index++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

interface Rows {
  values(): Iterable<{ id: number | string }>;
}

/** The last id handed out per table; a re-seed brings new tables, and so new sequences. */
const sequences = new WeakMap<Rows, number>();

/**
 * The next serial id of a table (Odoo and HubSpot number rows in sequence). Like a database
 * sequence it never hands out an id twice, not even a deleted row's.
 */
export function nextSerial(table: Rows, floor = 0): number {
  let last = sequences.get(table);
  if (last === undefined) {
    last = floor;
    for (const row of table.values()) last = Math.max(last, Number(row.id));
  }
  sequences.set(table, last + 1);
  return last + 1;
}
