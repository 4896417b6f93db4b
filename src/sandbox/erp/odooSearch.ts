import type { ErpModelName, OdooRecord } from '../data/erpModels.js';
import { ERP_MODELS } from '../data/erpModels.js';
import type { DomainContext } from './odooDomain.js';
import { evaluateDomain, indexedCandidates, parseDomain } from './odooDomain.js';
import { valueError } from './OdooError.js';

interface OrderTerm { field: string; descending: boolean }

function invalidOrder(order: string): Error {
  return valueError(
    `Invalid "order" specified (${order}). A valid "order" specification is a comma-separated list of valid field names (optionally followed by asc/desc for the direction)`,
  );
}

export function parseOrder(model: ErpModelName, order: string): OrderTerm[] {
  const terms = order.split(',').map((part) => part.trim()).filter(Boolean).map((part) => {
    const match = /^(\w+)(?:\s+(asc|desc))?(?:\s+nulls\s+(?:first|last))?$/i.exec(part);
    const field = match?.[1];
    const definition = field === undefined ? undefined : ERP_MODELS[model].fields[field];
    if (!field || !definition || definition.type === 'one2many' || definition.type === 'many2many') throw invalidOrder(order);
    return { field, descending: match?.[2]?.toLowerCase() === 'desc' };
  });
  // Odoo leaves ties to PostgreSQL; the id makes them deterministic.
  if (!terms.some((term) => term.field === 'id')) terms.push({ field: 'id', descending: false });
  return terms;
}

type SortKey = string | number | boolean | null;

function comparator(model: ErpModelName, terms: OrderTerm[], context: DomainContext): (a: OdooRecord, b: OdooRecord) => number {
  const keyOf = (record: OdooRecord, term: OrderTerm): SortKey => {
    const field = ERP_MODELS[model].fields[term.field];
    if (term.field === 'display_name') return context.displayName(model, record);
    const value = record[term.field];
    if (value === undefined || value === false) return field?.type === 'boolean' ? false : null;
    if (field?.relation && typeof value === 'number') {
      const related = context.tables[field.relation].get(value);
      return related ? context.displayName(field.relation, related) : null;
    }
    return typeof value === 'object' ? null : value;
  };
  return (a, b) => {
    for (const term of terms) {
      const x = keyOf(a, term);
      const y = keyOf(b, term);
      if (x === y) continue;
      // PostgreSQL: NULLS LAST ascending, NULLS FIRST descending.
      const ascending = x === null ? 1 : y === null ? -1 : x < y ? -1 : 1;
      return term.descending ? -ascending : ascending;
    }
    return 0;
  };
}

/** Every row of the model in the given order. */
function sortedRows(model: ErpModelName, order: string, terms: OrderTerm[], context: DomainContext): readonly OdooRecord[] {
  const table = context.tables[model];
  const compare = comparator(model, terms, context);
  // Display names can change through writes to other tables, which the table's own cache would not notice.
  const cacheable = terms.every((term) => term.field !== 'display_name' && !ERP_MODELS[model].fields[term.field]?.relation);
  return cacheable ? table.sorted(order, compare) : table.all().sort(compare);
}

export interface SearchOptions {
  domain: unknown;
  offset?: number;
  limit?: number;
  order?: string;
}

export function searchRecords(model: ErpModelName, options: SearchOptions, context: DomainContext): OdooRecord[] {
  const node = parseDomain(model, options.domain);
  const order = options.order?.trim() || ERP_MODELS[model].order;
  const terms = parseOrder(model, order);
  const offset = Math.max(0, options.offset ?? 0);
  const limit = options.limit && options.limit > 0 ? options.limit : Infinity;
  const candidates = indexedCandidates(model, node, context.tables);
  const source = candidates ? candidates.sort(comparator(model, terms, context)) : sortedRows(model, order, terms, context);
  const matches: OdooRecord[] = [];
  let skipped = 0;
  for (const record of source) {
    if (matches.length >= limit) break;
    if (!evaluateDomain(node, record, context)) continue;
    if (skipped < offset) skipped++;
    else matches.push(record);
  }
  return matches;
}

export function countRecords(model: ErpModelName, domain: unknown, context: DomainContext): number {
  const node = parseDomain(model, domain);
  const source = indexedCandidates(model, node, context.tables) ?? context.tables[model].values();
  let count = 0;
  for (const record of source) if (evaluateDomain(node, record, context)) count++;
  return count;
}
