/** Stripe's search query language allows at most ten clauses per query. */
export const STRIPE_SEARCH_MAX_CLAUSES = 10;

/** Quotes a value for Stripe's search language, where `'` and `\` are escaped with a backslash. */
function quote(value: string): string {
  return `'${value.replace(/[\\']/g, (char) => `\\${char}`)}'`;
}

/** `metadata['key']:'a' OR metadata['key']:'b'`, one clause per value. */
export function metadataAnyOf(key: string, values: readonly string[]): string {
  if (values.length === 0 || values.length > STRIPE_SEARCH_MAX_CLAUSES) {
    throw new RangeError(`A Stripe search takes 1 to ${STRIPE_SEARCH_MAX_CLAUSES} clauses, got ${values.length}`);
  }
  return values.map((value) => `metadata[${quote(key)}]:${quote(value)}`).join(' OR ');
}
