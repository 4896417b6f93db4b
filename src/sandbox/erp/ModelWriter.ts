import type { Vals, WriteContext } from './odooValues.js';

/**
 * A model's create and write, each split in two: preparing validates and raises Odoo's errors,
 * the returned function applies and cannot fail. Odoo runs a call in one transaction, so a call
 * prepares everything it was given before it applies anything.
 */
export interface ModelWriter {
  prepareCreate(context: WriteContext, vals: Vals): () => number;
  prepareWrite(context: WriteContext, ids: readonly number[], vals: Vals): () => void;
}
