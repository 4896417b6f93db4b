import { badUserInput } from './errors.js';

/** Types whose ids are ERP integers, made opaque and typed so one type's id is never taken for another's. */
export type ErpNodeType = 'Customer' | 'Order' | 'OrderLine' | 'Product' | 'Invoice';

export function encodeId(type: ErpNodeType, id: number): string {
  return Buffer.from(`${type}:${id}`).toString('base64url');
}

/** The ERP id inside an opaque id; BAD_USER_INPUT naming the argument when it is not an id of that type. */
export function decodeId(type: ErpNodeType, value: string, argument = 'id'): number {
  const decoded = Buffer.from(value, 'base64url').toString('utf8');
  const match = /^([A-Za-z]+):([1-9]\d{0,15})$/.exec(decoded);
  if (!match || match[1] !== type) {
    throw badUserInput(`"${value}" is not a ${type} id`, argument);
  }
  return Number(match[2]);
}

export function encodeCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

/** Offset after which a page starts; 0 without a cursor. */
export function decodeCursor(cursor: string | null | undefined, argument = 'after'): number {
  if (cursor === null || cursor === undefined) return 0;
  const match = /^offset:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw badUserInput(`"${cursor}" is not a cursor from this API`, argument);
  return Number(match[1]) + 1;
}
