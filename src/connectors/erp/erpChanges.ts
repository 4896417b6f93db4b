import { z } from 'zod';
import { erpTags } from './erpCache.js';

/** The models whose records the cache keeps, asked by write_date what changed. */
export const WATCHED_MODELS = ['res.partner', 'product.product', 'sale.order', 'sale.order.line', 'stock.picking', 'account.move'] as const;
export type WatchedModel = (typeof WATCHED_MODELS)[number];

/** Where the last poll of a model stopped: its newest write_date, and the last id at that instant (Odoo counts whole seconds). */
export interface OdooCursor {
  readonly writeDate: string;
  readonly id: number;
}

/** A record written since the cursor, with the fields its model's feed reads. */
export type ChangedRecord = { readonly id: number; readonly write_date: string } & Readonly<Record<string, unknown>>;

export interface ErpChanges {
  readonly tags: readonly string[];
  readonly changed: readonly ChangedRecord[];
  /** Records written since the cursor, in this page. */
  readonly records: number;
  readonly cursor: OdooCursor;
  /** More changes wait beyond this page. */
  readonly more: boolean;
}

const parentId = z.union([z.tuple([z.number(), z.string()]), z.literal(false)]).transform((value) => (value === false ? null : value[0]));
const origin = z.union([z.string(), z.literal(false)]).transform((value) => (value === false ? null : value));

/** Per model: the fields saying what else a written record touches, and the tags it changes. */
export const CHANGE_FEEDS: { readonly [M in WatchedModel]: { readonly fields: z.ZodRawShape; tagsOf(row: { id: number } & Record<string, unknown>): string[] } } = {
  'res.partner': { fields: {}, tagsOf: (row) => [erpTags.partner(row.id)] },
  'product.product': { fields: {}, tagsOf: (row) => [erpTags.product(row.id)] },
  // A new or changed order changes its customer's order list.
  'sale.order': { fields: { partner_id: parentId }, tagsOf: (row) => [erpTags.order(row.id), ...tag(erpTags.partner, row.partner_id)] },
  // Lines change their order's totals, deliveries its transfers.
  'sale.order.line': { fields: { order_id: parentId }, tagsOf: (row) => [...tag(erpTags.linesOfOrder, row.order_id), ...tag(erpTags.order, row.order_id)] },
  'stock.picking': { fields: { sale_id: parentId }, tagsOf: (row) => [...tag(erpTags.pickingsOfOrder, row.sale_id), ...tag(erpTags.order, row.sale_id)] },
  // The order an invoice bills is named by its reference (invoice_origin): the poll looks those up. Its
  // type and state say whether it is a posted customer invoice, to be sent over Peppol.
  'account.move': {
    fields: { partner_id: parentId, invoice_origin: origin, move_type: z.string(), state: z.string() },
    tagsOf: (row) => [erpTags.invoice(row.id), ...tag(erpTags.invoicesOfPartner, row.partner_id)],
  },
};

function tag(of: (id: number) => string, id: unknown): string[] {
  return typeof id === 'number' ? [of(id)] : [];
}

/** Records written after the cursor, in (write_date, id) order: later second, or the same second and a later id. */
export function writtenAfter(cursor: OdooCursor) {
  return ['|', ['write_date', '>', cursor.writeDate], '&', ['write_date', '=', cursor.writeDate], ['id', '>', cursor.id]] as const;
}
