/**
 * A per-request loader like DataLoader that also knows which attributes each record was read with.
 * Every load in one tick goes out as one batch asking for the union of the attributes its callers
 * need; a later load is answered from what is already read when that covers it, and read again
 * (with the union) when it does not. A failed batch (or key: an Error in its place, as with
 * DataLoader) is forgotten, so a later load may try again.
 */
interface Batch<K, V> {
  readonly keys: K[];
  /** Shared with the cache entries of the batch's keys, so a load joining the batch widens what they cover. */
  readonly attributes: Set<string>;
  readonly settle: Map<K, { resolve(value: V): void; reject(error: unknown): void }>;
}

export class SelectiveLoader<K, V> {
  readonly #read: (keys: readonly K[], attributes: ReadonlySet<string>) => Promise<readonly (V | Error)[]>;
  readonly #batching: boolean;
  readonly #all: ReadonlySet<string>;
  readonly #cache = new Map<K, { attributes: ReadonlySet<string>; value: Promise<V> }>();
  #pending: Batch<K, V> | null = null;

  constructor(
    read: (keys: readonly K[], attributes: ReadonlySet<string>) => Promise<readonly (V | Error)[]>,
    options: { readonly batching: boolean; readonly all: readonly string[] },
  ) {
    this.#read = read;
    this.#batching = options.batching;
    this.#all = new Set(options.all);
  }

  load(key: K, attributes: Iterable<string>): Promise<V> {
    const cached = this.#cache.get(key);
    const wanted = [...attributes];
    if (cached && wanted.every((name) => cached.attributes.has(name))) return cached.value;
    const batch = this.#batching && this.#pending ? this.#pending : this.#startBatch();
    for (const name of wanted) batch.attributes.add(name);
    // A record read again keeps what it had, so earlier callers' attributes stay covered.
    if (cached) for (const name of cached.attributes) batch.attributes.add(name);
    const inBatch = batch.settle.has(key) ? this.#cache.get(key) : undefined;
    if (inBatch) return inBatch.value;
    const value = new Promise<V>((resolve, reject) => batch.settle.set(key, { resolve, reject }));
    batch.keys.push(key);
    this.#cache.set(key, { attributes: batch.attributes, value });
    return value;
  }

  loadMany(keys: readonly K[], attributes: Iterable<string>): Promise<V[]> {
    const wanted = [...attributes];
    return Promise.all(keys.map((key) => this.load(key, wanted)));
  }

  /** Records a list query or a write already returned, with the attributes it read them with (all by default). */
  prime(key: K, value: V, attributes: ReadonlySet<string> = this.#all): void {
    const cached = this.#cache.get(key);
    if (cached && [...attributes].every((name) => cached.attributes.has(name))) return;
    this.#cache.set(key, { attributes, value: Promise.resolve(value) });
  }

  clearAll(): void {
    this.#cache.clear();
  }

  #startBatch(): Batch<K, V> {
    const batch: Batch<K, V> = { keys: [], attributes: new Set(), settle: new Map() };
    if (this.#batching) this.#pending = batch;
    // As DataLoader does: after the promise jobs of this tick, so every resolver of a level joins.
    void Promise.resolve().then(() => process.nextTick(() => this.#dispatch(batch)));
    return batch;
  }

  #dispatch(batch: Batch<K, V>): void {
    if (this.#pending === batch) this.#pending = null;
    const fail = (key: K, error: unknown) => {
      if (this.#cache.get(key)?.attributes === batch.attributes) this.#cache.delete(key);
      batch.settle.get(key)?.reject(error);
    };
    this.#read(batch.keys, batch.attributes).then(
      (values) => {
        batch.keys.forEach((key, index) => {
          const value = values[index];
          if (value instanceof Error) fail(key, value);
          else batch.settle.get(key)?.resolve(value as V);
        });
      },
      (error: unknown) => {
        for (const key of batch.keys) fail(key, error);
      },
    );
  }
}
