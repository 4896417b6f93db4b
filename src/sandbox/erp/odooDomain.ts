import type { ErpModelName, ErpTables, OdooField, OdooRecord, OdooValue } from '../data/erpModels.js';
import { ERP_MODELS } from '../data/erpModels.js';
import { leafRepr, valueError } from './OdooError.js';

/**
 * Odoo domains: a prefix-notation list of leaves `[field, operator, value]` and the operators
 * '&', '|', '!', with an implicit AND between consecutive terms.
 */
export const DOMAIN_OPERATORS = [
  '=', '!=', '<>', '>', '>=', '<', '<=', 'in', 'not in', 'like', 'not like', 'ilike', 'not ilike',
  '=like', '=ilike', 'child_of', 'parent_of',
] as const;
type Operator = (typeof DOMAIN_OPERATORS)[number];

interface Step { model: ErpModelName; name: string; field: OdooField }

export type DomainNode =
  | { kind: 'leaf'; steps: Step[]; operator: Operator; value: unknown }
  | { kind: 'const'; value: boolean }
  | { kind: 'not'; node: DomainNode }
  | { kind: 'and' | 'or'; left: DomainNode; right: DomainNode };

const isOperator = (value: unknown): value is Operator =>
  typeof value === 'string' && (DOMAIN_OPERATORS as readonly string[]).includes(value.toLowerCase());

function resolvePath(model: ErpModelName, path: string, leaf: readonly unknown[]): Step[] {
  const steps: Step[] = [];
  let current = model;
  const names = path.split('.');
  names.forEach((name, index) => {
    const field = ERP_MODELS[current].fields[name];
    const last = index === names.length - 1;
    if (!field || (!last && !field.relation)) {
      throw valueError(`Invalid field ${current}.${name} in leaf ${leafRepr(leaf)}`);
    }
    steps.push({ model: current, name, field });
    if (field.relation) current = field.relation;
  });
  return steps;
}

function parseLeaf(model: ErpModelName, term: readonly unknown[]): DomainNode {
  const [left, rawOperator, value] = term;
  if (term.length !== 3 || !isOperator(rawOperator)) throw valueError(`Invalid leaf ${leafRepr(term)}`);
  // Odoo's TRUE_LEAF (1, '=', 1) and FALSE_LEAF (0, '=', 1).
  if (typeof left === 'number' && rawOperator === '=' && value === 1 && (left === 0 || left === 1)) {
    return { kind: 'const', value: left === 1 };
  }
  if (typeof left !== 'string' || left === '') throw valueError(`Invalid leaf ${leafRepr(term)}`);
  const operator = (rawOperator === '<>' ? '!=' : rawOperator.toLowerCase()) as Operator;
  return { kind: 'leaf', steps: resolvePath(model, left, term), operator, value };
}

export function parseDomain(model: ErpModelName, domain: unknown): DomainNode {
  if (domain === undefined || domain === null || domain === false) return { kind: 'const', value: true };
  if (!Array.isArray(domain)) throw valueError(`Invalid domain ${JSON.stringify(domain)}`);
  const stack: DomainNode[] = [];
  const pop = (): DomainNode => {
    const node = stack.pop();
    if (!node) throw valueError(`Invalid domain ${JSON.stringify(domain)}: an operator is missing its operands`);
    return node;
  };
  for (let index = domain.length - 1; index >= 0; index--) {
    const term: unknown = domain[index];
    if (term === '!') stack.push({ kind: 'not', node: pop() });
    else if (term === '&' || term === '|') {
      const left = pop();
      const right = pop();
      stack.push({ kind: term === '&' ? 'and' : 'or', left, right });
    } else if (Array.isArray(term)) stack.push(parseLeaf(model, term));
    else throw valueError(`Invalid leaf ${JSON.stringify(term)}`);
  }
  let node: DomainNode = stack.pop() ?? { kind: 'const', value: true };
  while (stack.length > 0) node = { kind: 'and', left: node, right: pop() };
  return node;
}

export interface DomainContext {
  tables: ErpTables;
  displayName(model: ErpModelName, record: OdooRecord): string;
}

function likeToRegExp(pattern: string, insensitive: boolean): RegExp {
  const source = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
  return new RegExp(`^${source}$`, insensitive ? 'is' : 's');
}

/** Odoo compares a datetime to a bare date as that date's midnight. */
function normalize(field: OdooField, value: unknown): unknown {
  if (field.type === 'datetime' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value} 00:00:00`;
  if ((field.type === 'integer' || field.type === 'float' || field.type === 'monetary') && typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) {
    return Number(value);
  }
  return value;
}

const NEGATIVE: ReadonlySet<Operator> = new Set(['!=', 'not in', 'not like', 'not ilike']);
const POSITIVE_OF: Partial<Record<Operator, Operator>> = { '!=': '=', 'not in': 'in', 'not like': 'like', 'not ilike': 'ilike' };

/** A positive operator applied to one scalar stored value (false meaning "not set"). */
function testScalar(stored: OdooValue | undefined, operator: Operator, value: unknown): boolean {
  const present = stored !== undefined && stored !== false && stored !== '';
  switch (operator) {
    case '=':
      return value === false || value === null ? !present : stored === value;
    case 'in':
    case 'child_of':
    case 'parent_of': {
      const list = Array.isArray(value) ? value : [value];
      return list.some((item) => testScalar(stored, '=', item));
    }
    case '<': case '<=': case '>': case '>=': {
      if (!present || value === false || value === null || typeof stored === 'object') return false;
      const a = stored as string | number | boolean;
      const b = value as string | number;
      return operator === '<' ? a < b : operator === '<=' ? a <= b : operator === '>' ? a > b : a >= b;
    }
    case 'like':
    case 'ilike': {
      if (value === false || value === null) return !present;
      if (!present) return false;
      const haystack = String(stored);
      const needle = String(value);
      return operator === 'like' ? haystack.includes(needle) : haystack.toLowerCase().includes(needle.toLowerCase());
    }
    case '=like':
    case '=ilike':
      return present && likeToRegExp(String(value), operator === '=ilike').test(String(stored));
    default:
      return false;
  }
}

/** A positive operator applied to a relational value: ids are compared as ids, strings as display names. */
function testRelational(ids: readonly number[], step: Step, operator: Operator, value: unknown, context: DomainContext): boolean {
  const relation = step.field.relation as ErpModelName;
  const names = (): string[] => ids.flatMap((id) => {
    const record = context.tables[relation].get(id);
    return record ? [context.displayName(relation, record)] : [];
  });
  const values = operator === 'in' || operator === 'child_of' || operator === 'parent_of' ? (Array.isArray(value) ? value : [value]) : [value];
  if (values.every((item) => item === false || item === null)) {
    return operator === '=' || operator === 'in' ? ids.length === 0 : false;
  }
  if (values.every((item) => typeof item === 'number')) {
    if (operator === '=' || operator === 'in' || operator === 'child_of' || operator === 'parent_of') return ids.some((id) => values.includes(id));
    return ids.some((id) => testScalar(id, operator, value));
  }
  const scalarOperator = operator === 'child_of' || operator === 'parent_of' ? 'in' : operator;
  return names().some((name) => testScalar(name, scalarOperator, value));
}

function idsOf(value: OdooValue | undefined): number[] {
  if (Array.isArray(value)) return value;
  return typeof value === 'number' ? [value] : [];
}

function testLeaf(record: OdooRecord, node: Extract<DomainNode, { kind: 'leaf' }>, context: DomainContext): boolean {
  const negative = NEGATIVE.has(node.operator);
  const operator = negative ? (POSITIVE_OF[node.operator] as Operator) : node.operator;
  let records: OdooRecord[] = [record];
  for (let index = 0; index < node.steps.length - 1; index++) {
    const step = node.steps[index] as Step;
    const relation = step.field.relation as ErpModelName;
    records = records.flatMap((current) => idsOf(current[step.name]).flatMap((id) => {
      const related = context.tables[relation].get(id);
      return related ? [related] : [];
    }));
  }
  const last = node.steps[node.steps.length - 1] as Step;
  const value = normalize(last.field, node.value);
  const matched = records.some((current) =>
    last.field.relation
      ? testRelational(idsOf(current[last.name]), last, operator, value, context)
      : testScalar(last.name === 'display_name' ? context.displayName(last.model, current) : current[last.name], operator, value),
  );
  return negative ? !matched : matched;
}

export function evaluateDomain(node: DomainNode, record: OdooRecord, context: DomainContext): boolean {
  switch (node.kind) {
    case 'const': return node.value;
    case 'leaf': return testLeaf(record, node, context);
    case 'not': return !evaluateDomain(node.node, record, context);
    case 'and': return evaluateDomain(node.left, record, context) && evaluateDomain(node.right, record, context);
    case 'or': return evaluateDomain(node.left, record, context) || evaluateDomain(node.right, record, context);
  }
}

function conjuncts(node: DomainNode): DomainNode[] {
  return node.kind === 'and' ? [...conjuncts(node.left), ...conjuncts(node.right)] : [node];
}

/**
 * Rows that can possibly match, taken from an index when one top-level AND leaf is an
 * equality on an indexed field (or id); undefined means every row must be scanned.
 */
export function indexedCandidates(model: ErpModelName, node: DomainNode, tables: ErpTables): OdooRecord[] | undefined {
  const table = tables[model];
  let best: OdooRecord[] | undefined;
  for (const term of conjuncts(node)) {
    if (term.kind !== 'leaf' || term.steps.length !== 1 || (term.operator !== '=' && term.operator !== 'in')) continue;
    const name = (term.steps[0] as Step).name;
    if (name !== 'id' && !table.hasIndex(name)) continue;
    const values = Array.isArray(term.value) ? term.value : [term.value];
    if (!values.every((value) => typeof value === 'number' || (typeof value === 'string' && !(term.steps[0] as Step).field.relation))) continue;
    const rows = new Map<number, OdooRecord>();
    for (const value of values as (string | number)[]) {
      const found = name === 'id' ? (typeof value === 'number' ? [table.get(value)] : []) : table.lookup(name, value);
      for (const row of found) if (row) rows.set(row.id, row);
    }
    if (!best || rows.size < best.length) best = [...rows.values()];
  }
  return best;
}
