/**
 * The key-value store Hive Gateway's response cache needs when the runtime is used as a library (the
 * CLI brings its own): entries in this process, each dropped at its TTL (seconds, as the interface says).
 */
export function createMemoryKeyValueCache() {
  const entries = new Map<string, { value: unknown; expiresAt: number }>();
  const live = (key: string) => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= Date.now()) entries.delete(key);
    return entries.get(key);
  };
  return {
    get: (key: string) => live(key)?.value,
    set(key: string, value: unknown, options?: { ttl?: number | null }) {
      entries.set(key, { value, expiresAt: options?.ttl ? Date.now() + options.ttl * 1000 : Infinity });
    },
    delete: (key: string) => entries.delete(key),
    getKeysByPrefix: (prefix: string) => [...entries.keys()].filter((key) => key.startsWith(prefix) && live(key)),
  };
}
