import type { z } from 'zod';

/**
 * Makes a schema wrapper (a page of items, a batch of items) build its schema once per item schema.
 * zod 4 compiles a schema's parser on first use, so a wrapper built for every call compiled it on
 * every call: about 14 times the cost of parsing a 20-item page with a schema kept for reuse.
 */
export function schemaPerItem<Wrap extends <T>(item: z.ZodType<T>) => z.ZodType>(wrap: Wrap): Wrap {
  const built = new WeakMap<z.ZodType, z.ZodType>();
  const memoized = (item: z.ZodType) => {
    let schema = built.get(item);
    if (!schema) {
      schema = wrap(item);
      built.set(item, schema);
    }
    return schema;
  };
  return memoized as Wrap;
}
