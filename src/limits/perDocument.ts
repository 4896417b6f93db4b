import type { DocumentNode, GraphQLSchema } from 'graphql';

/** Distinct variable sets remembered per document; a client that varies them freely just misses the cache. */
const MAX_KEYS_PER_DOCUMENT = 32;

export type DocumentMemo<T> = (schema: GraphQLSchema, document: DocumentNode, key: string, compute: () => T) => T;

/**
 * Remembers what is computed from a parsed document against a schema for as long as both live.
 * Apollo Server keeps one DocumentNode per distinct query text in its document store, so the
 * analyses of a query a client sends again are not repeated. `key` separates results that also
 * depend on the operation name or variables. A computation that throws is not remembered.
 */
export function perDocument<T>(): DocumentMemo<T> {
  const results = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, T>>>();
  return (schema, document, key, compute) => {
    let bySchema = results.get(schema);
    if (!bySchema) results.set(schema, (bySchema = new WeakMap()));
    let byKey = bySchema.get(document);
    if (!byKey) bySchema.set(document, (byKey = new Map()));
    if (byKey.has(key)) return byKey.get(key) as T;
    const result = compute();
    if (byKey.size >= MAX_KEYS_PER_DOCUMENT) byKey.clear();
    byKey.set(key, result);
    return result;
  };
}
