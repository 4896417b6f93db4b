export type IndexKey = string | number;

/** Extracts the keys a row is filed under in a secondary index (several for multi-valued fields). */
export type IndexExtractor<Row> = (row: Row) => readonly IndexKey[];

/**
 * A mutable in-memory table: rows by primary key in insertion order, plus secondary indexes
 * kept up to date on every write, so lookups by email, metadata or foreign key never scan.
 */
export class Table<Id extends IndexKey, Row> {
  readonly #rows = new Map<Id, Row>();
  // A bucket holds a bare id until a second row shares the key: most indexes are unique, and one Set per row
  // would dominate seeding time.
  readonly #indexes = new Map<string, { extract: IndexExtractor<Row>; entries: Map<IndexKey, Id | Set<Id>> }>();
  readonly #idOf: (row: Row) => Id;
  readonly #sorted = new Map<string, { version: number; rows: Row[] }>();
  #version = 0;

  constructor(idOf: (row: Row) => Id, indexes: Readonly<Record<string, IndexExtractor<Row>>> = {}) {
    this.#idOf = idOf;
    for (const [name, extract] of Object.entries(indexes)) {
      this.#indexes.set(name, { extract, entries: new Map() });
    }
  }

  get size(): number {
    return this.#rows.size;
  }

  /** Bumped on every write; lets callers cache derived orderings. */
  get version(): number {
    return this.#version;
  }

  get(id: Id): Row | undefined {
    return this.#rows.get(id);
  }

  has(id: Id): boolean {
    return this.#rows.has(id);
  }

  values(): IterableIterator<Row> {
    return this.#rows.values();
  }

  all(): Row[] {
    return [...this.#rows.values()];
  }

  /**
   * Every row in the order `compare` defines, cached under `orderKey` until the next write,
   * so paging through thousands of rows does not sort them on every request.
   */
  sorted(orderKey: string, compare: (a: Row, b: Row) => number): readonly Row[] {
    const cached = this.#sorted.get(orderKey);
    if (cached && cached.version === this.#version) return cached.rows;
    const rows = this.all().sort(compare);
    this.#sorted.set(orderKey, { version: this.#version, rows });
    return rows;
  }

  hasIndex(name: string): boolean {
    return this.#indexes.has(name);
  }

  /** Rows filed under `key` in the index `name`, in insertion order of the primary keys. */
  lookup(name: string, key: IndexKey): Row[] {
    const index = this.#indexes.get(name);
    if (!index) throw new Error(`Table has no index named ${name}`);
    const bucket = index.entries.get(key);
    if (bucket === undefined) return [];
    if (!(bucket instanceof Set)) {
      const row = this.#rows.get(bucket);
      return row === undefined ? [] : [row];
    }
    const rows: Row[] = [];
    for (const id of bucket) {
      const row = this.#rows.get(id);
      if (row !== undefined) rows.push(row);
    }
    return rows;
  }

  /** Inserts or replaces a row, re-filing it in every index. */
  put(row: Row): Row {
    const id = this.#idOf(row);
    const previous = this.#rows.get(id);
    if (previous !== undefined) this.#unindex(id, previous);
    this.#rows.set(id, row);
    for (const index of this.#indexes.values()) {
      for (const key of index.extract(row)) {
        const bucket = index.entries.get(key);
        if (bucket === undefined) index.entries.set(key, id);
        else if (bucket instanceof Set) bucket.add(id);
        else if (bucket !== id) index.entries.set(key, new Set([bucket, id]));
      }
    }
    this.#version++;
    return row;
  }

  delete(id: Id): boolean {
    const previous = this.#rows.get(id);
    if (previous === undefined) return false;
    this.#unindex(id, previous);
    this.#rows.delete(id);
    this.#version++;
    return true;
  }

  toJSON(): Row[] {
    return this.all();
  }

  #unindex(id: Id, row: Row): void {
    for (const index of this.#indexes.values()) {
      for (const key of index.extract(row)) {
        const bucket = index.entries.get(key);
        if (bucket instanceof Set) {
          bucket.delete(id);
          if (bucket.size === 0) index.entries.delete(key);
        } else if (bucket === id) {
          index.entries.delete(key);
        }
      }
    }
  }
}
