import type { Table } from '../data/Table.js';

/**
 * Stripe's search query language (the subset the sandbox needs): clauses `field:'value'`,
 * `metadata['key']:'value'`, `field~'substring'`, numeric `field>123`, negation with `-`,
 * joined by AND (or plain spaces) or by OR, never both, at most 10 clauses.
 */
export const MAX_CLAUSES = 10;

type ClauseOperator = ':' | '~' | '>' | '>=' | '<' | '<=';

export interface SearchClause {
  negated: boolean;
  field: string;
  metadataKey?: string;
  operator: ClauseOperator;
  value: string | number | null;
}

export interface ParsedQuery {
  join: 'AND' | 'OR';
  clauses: SearchClause[];
}

export class SearchQueryError extends Error {}

class Scanner {
  position = 0;
  constructor(readonly text: string) {}
  skipSpaces(): boolean {
    const start = this.position;
    while (this.position < this.text.length && /\s/.test(this.text[this.position] as string)) this.position++;
    return this.position > start;
  }
  done(): boolean {
    return this.position >= this.text.length;
  }
  fail(expected: string): never {
    throw new SearchQueryError(`Invalid search query: expected ${expected} at position ${this.position} in "${this.text}".`);
  }
  quoted(): string {
    const quote = this.text[this.position];
    if (quote !== "'" && quote !== '"') this.fail('a quoted string');
    let out = '';
    this.position++;
    while (this.position < this.text.length && this.text[this.position] !== quote) {
      if (this.text[this.position] === '\\') this.position++;
      out += this.text[this.position] ?? '';
      this.position++;
    }
    if (this.text[this.position] !== quote) this.fail(`a closing ${quote}`);
    this.position++;
    return out;
  }
  match(pattern: RegExp): string | undefined {
    const found = pattern.exec(this.text.slice(this.position));
    if (!found || found.index !== 0) return undefined;
    this.position += found[0].length;
    return found[0];
  }
}

function parseClause(scanner: Scanner): SearchClause {
  const negated = scanner.match(/-/) !== undefined;
  const field = scanner.match(/[A-Za-z_][A-Za-z0-9_.]*/) ?? scanner.fail('a field name');
  let metadataKey: string | undefined;
  if (scanner.match(/\[/)) {
    metadataKey = scanner.quoted();
    if (!scanner.match(/\]/)) scanner.fail(']');
  }
  const operator = (scanner.match(/>=|<=|:|~|>|</) ?? scanner.fail('an operator (:, ~, >, >=, <, <=)')) as ClauseOperator;
  let value: SearchClause['value'];
  if (scanner.text[scanner.position] === "'" || scanner.text[scanner.position] === '"') value = scanner.quoted();
  else if (scanner.match(/null\b/)) value = null;
  else {
    const number = scanner.match(/-?\d+(\.\d+)?/);
    if (number === undefined) scanner.fail('a quoted value or a number');
    value = Number(number);
  }
  return { negated, field, ...(metadataKey !== undefined ? { metadataKey } : {}), operator, value };
}

export function parseSearchQuery(text: string): ParsedQuery {
  const scanner = new Scanner(text.trim());
  if (scanner.done()) throw new SearchQueryError('Invalid search query: the query is empty.');
  const clauses = [parseClause(scanner)];
  const joins = new Set<'AND' | 'OR'>();
  while (!scanner.done()) {
    if (!scanner.skipSpaces()) scanner.fail('a space between clauses');
    const keyword = scanner.match(/(AND|OR)(?=\s)/i);
    if (keyword) {
      scanner.skipSpaces();
      joins.add(keyword.toUpperCase() as 'AND' | 'OR');
    } else {
      joins.add('AND');
    }
    clauses.push(parseClause(scanner));
  }
  if (joins.size > 1) throw new SearchQueryError('Invalid search query: AND and OR cannot be combined in the same query.');
  if (clauses.length > MAX_CLAUSES) {
    throw new SearchQueryError(`Invalid search query: the query has ${clauses.length} clauses, but at most ${MAX_CLAUSES} are allowed.`);
  }
  return { join: joins.has('OR') ? 'OR' : 'AND', clauses };
}

export type SearchFieldKind = 'string' | 'number' | 'metadata';

export interface SearchField<Row> {
  kind: SearchFieldKind;
  get: (row: Row, metadataKey?: string) => string | number | null | undefined;
  /** Index to answer `field:'value'` with, and how to form its key. */
  index?: { name: string; key: (value: string, metadataKey?: string) => string };
  substring?: boolean;
}

export interface SearchableResource<Row extends { id: string; created: number }> {
  name: string;
  table: Table<string, Row>;
  fields: Readonly<Record<string, SearchField<Row>>>;
}

function unsupported(resource: string, field: string): SearchQueryError {
  return new SearchQueryError(
    `Field '${field}' is an unsupported search field for resource ${resource}. See https://stripe.com/docs/search#query-fields-for-${resource.replace(/_/g, '-')} for a list of supported fields.`,
  );
}

function clausePredicate<Row extends { id: string; created: number }>(resource: SearchableResource<Row>, clause: SearchClause) {
  const field = resource.fields[clause.field];
  if (!field || (field.kind === 'metadata') !== (clause.metadataKey !== undefined)) throw unsupported(resource.name, clause.field);
  if (field.kind === 'number' && clause.operator !== ':' && typeof clause.value !== 'number') {
    throw new SearchQueryError(`Invalid search query: ${clause.field}${clause.operator} needs a number.`);
  }
  if (field.kind !== 'number' && !['~', ':'].includes(clause.operator)) {
    throw new SearchQueryError(`Invalid search query: the ${clause.operator} operator only applies to numeric fields.`);
  }
  if (clause.operator === '~' && (!field.substring || typeof clause.value !== 'string' || clause.value.length < 3)) {
    throw new SearchQueryError(`Invalid search query: substring matching (~) needs a value of at least 3 characters on ${clause.field}.`);
  }
  const wanted = clause.value;
  const test = (row: Row): boolean => {
    const actual = field.get(row, clause.metadataKey);
    switch (clause.operator) {
      case ':':
        if (wanted === null) return actual === null || actual === undefined || actual === '';
        return actual !== null && actual !== undefined && String(actual).toLowerCase() === String(wanted).toLowerCase();
      case '~':
        return typeof actual === 'string' && actual.toLowerCase().includes(String(wanted).toLowerCase());
      default: {
        if (typeof actual !== 'number' || typeof wanted !== 'number') return false;
        const o = clause.operator;
        return o === '>' ? actual > wanted : o === '>=' ? actual >= wanted : o === '<' ? actual < wanted : actual <= wanted;
      }
    }
  };
  const predicate = clause.negated ? (row: Row) => !test(row) : test;
  const index = field.index;
  const candidates = !clause.negated && clause.operator === ':' && typeof wanted === 'string' && index
    ? () => resource.table.lookup(index.name, index.key(wanted, clause.metadataKey)).filter(test)
    : undefined;
  return { predicate, candidates };
}

/** The rows matching the query, newest first (ties broken by id, so pages are stable). */
export function runSearch<Row extends { id: string; created: number }>(resource: SearchableResource<Row>, query: ParsedQuery): Row[] {
  const parts = query.clauses.map((clause) => clausePredicate(resource, clause));
  let rows: Row[];
  if (query.join === 'OR') {
    if (parts.every((part) => part.candidates)) {
      const union = new Map<string, Row>();
      for (const part of parts) for (const row of part.candidates?.() ?? []) union.set(row.id, row);
      rows = [...union.values()];
    } else {
      rows = resource.table.all().filter((row) => parts.some((part) => part.predicate(row)));
    }
  } else {
    const seeded = parts.filter((part) => part.candidates).map((part) => part.candidates?.() ?? []);
    const start = seeded.length > 0 ? seeded.reduce((a, b) => (b.length < a.length ? b : a)) : resource.table.all();
    rows = start.filter((row) => parts.every((part) => part.predicate(row)));
  }
  return rows.sort((a, b) => b.created - a.created || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}
