import type { CrmData, CrmObject } from '../data/SandboxData.js';
import type { ProductError } from '../server/productError.js';
import { isRecord } from '../server/requestBody.js';
import { associatedIds } from './crmAssociations.js';
import type { CrmObjectType } from './crmObjects.js';
import { tableOf } from './crmObjects.js';
import { validationError } from './hubspotErrors.js';

const OPERATORS = [
  'EQ', 'NEQ', 'LT', 'LTE', 'GT', 'GTE', 'BETWEEN', 'IN', 'NOT_IN', 'HAS_PROPERTY', 'NOT_HAS_PROPERTY',
  'CONTAINS_TOKEN', 'NOT_CONTAINS_TOKEN',
] as const;
type Operator = (typeof OPERATORS)[number];

interface Filter { propertyName: string; operator: Operator; value?: string; values?: string[]; highValue?: string }
interface Sort { propertyName: string; descending: boolean }

export interface SearchRequest {
  groups: Filter[][];
  sorts: Sort[];
  query?: string;
  properties?: string[];
  limit: number;
  after: number;
}

/** HubSpot's documented limits for one search request. */
const MAX_GROUPS = 5;
const MAX_FILTERS_PER_GROUP = 6;
const MAX_FILTERS = 18;
const MAX_LIMIT = 200;
const MAX_RESULTS = 10_000;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;

function readFilter(raw: unknown): Filter | ProductError {
  const operator = isRecord(raw) ? raw.operator : undefined;
  if (!isRecord(raw) || typeof raw.propertyName !== 'string' || !OPERATORS.includes(operator as Operator)) {
    return validationError(`Invalid filter ${JSON.stringify(raw)}: needs a propertyName and an operator among ${OPERATORS.join(', ')}.`);
  }
  const filter: Filter = { propertyName: raw.propertyName, operator: operator as Operator };
  const value = text(raw.value);
  const highValue = text(raw.highValue);
  if (value !== undefined) filter.value = value;
  if (highValue !== undefined) filter.highValue = highValue;
  if (Array.isArray(raw.values)) filter.values = raw.values.map(text).filter((item): item is string => item !== undefined);
  const needs = filter.operator === 'IN' || filter.operator === 'NOT_IN' ? 'values'
    : filter.operator === 'BETWEEN' ? 'highValue'
    : filter.operator.endsWith('HAS_PROPERTY') ? undefined : 'value';
  if (needs === 'values' && !filter.values?.length) return validationError(`Operator ${filter.operator} on ${filter.propertyName} needs "values".`);
  if (needs !== undefined && needs !== 'values' && (filter.value === undefined || (needs === 'highValue' && filter.highValue === undefined))) {
    return validationError(`Operator ${filter.operator} on ${filter.propertyName} needs "${needs === 'highValue' ? 'value" and "highValue' : 'value'}".`);
  }
  return filter;
}

function readSorts(raw: unknown): Sort[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item): Sort[] => {
    if (typeof item === 'string') return [{ propertyName: item.replace(/^-/, ''), descending: item.startsWith('-') }];
    if (isRecord(item) && typeof item.propertyName === 'string') return [{ propertyName: item.propertyName, descending: item.direction === 'DESCENDING' }];
    return [];
  });
}

/** The body of `POST /crm/v3/objects/{type}/search`, validated against HubSpot's limits. */
export function readSearchRequest(body: unknown): { ok: true; request: SearchRequest } | { ok: false; error: ProductError } {
  if (!isRecord(body)) return { ok: false, error: validationError('Invalid input JSON: the body must be a search request object.') };
  const rawGroups = body.filterGroups ?? [];
  if (!Array.isArray(rawGroups)) return { ok: false, error: validationError('Invalid input JSON: "filterGroups" must be a list.') };
  if (rawGroups.length > MAX_GROUPS) return { ok: false, error: validationError(`Too many filter groups (${rawGroups.length}); the maximum is ${MAX_GROUPS}.`) };
  const groups: Filter[][] = [];
  let total = 0;
  for (const group of rawGroups) {
    const rawFilters = isRecord(group) && Array.isArray(group.filters) ? group.filters : undefined;
    if (!rawFilters) return { ok: false, error: validationError('Invalid input JSON: every filter group needs a "filters" list.') };
    if (rawFilters.length > MAX_FILTERS_PER_GROUP) {
      return { ok: false, error: validationError(`Too many filters in a group (${rawFilters.length}); the maximum is ${MAX_FILTERS_PER_GROUP}.`) };
    }
    total += rawFilters.length;
    const filters: Filter[] = [];
    for (const raw of rawFilters) {
      const filter = readFilter(raw);
      if ('status' in filter) return { ok: false, error: filter };
      filters.push(filter);
    }
    groups.push(filters);
  }
  if (total > MAX_FILTERS) return { ok: false, error: validationError(`Too many filters (${total}); the maximum is ${MAX_FILTERS} across all groups.`) };
  const limit = body.limit === undefined ? 10 : Number(body.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    return { ok: false, error: validationError(`limit must be an integer between 1 and ${MAX_LIMIT}.`) };
  }
  // Search pages by offset: `after` is the position of the next result.
  const after = body.after === undefined ? 0 : Number(body.after);
  if (!Number.isInteger(after) || after < 0) return { ok: false, error: validationError(`Invalid paging cursor: ${JSON.stringify(body.after)}`) };
  if (after + limit > MAX_RESULTS) return { ok: false, error: validationError(`Search results are limited to ${MAX_RESULTS} objects; narrow the filters to page further.`) };
  const properties = Array.isArray(body.properties) ? body.properties.filter((name): name is string => typeof name === 'string') : [];
  const request: SearchRequest = { groups, sorts: readSorts(body.sorts), limit, after };
  if (typeof body.query === 'string' && body.query !== '') request.query = body.query;
  if (properties.length > 0) request.properties = properties;
  return { ok: true, request };
}

/** Numbers compare as numbers, dates (ISO or epoch ms) as instants, anything else case-insensitively. */
function compare(actual: string, wanted: string): number {
  const numeric = (value: string) => (value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : undefined);
  const [a, b] = [numeric(actual), numeric(wanted)];
  if (a !== undefined && b !== undefined) return a - b;
  const [x, y] = [Date.parse(actual), b ?? Date.parse(wanted)];
  if (!Number.isNaN(x) && !Number.isNaN(y)) return x - y;
  const [l, r] = [actual.toLowerCase(), wanted.toLowerCase()];
  return l < r ? -1 : l > r ? 1 : 0;
}

/** CONTAINS_TOKEN matches the value or one of its words; `*` is a wildcard. */
function containsToken(actual: string, wanted: string): boolean {
  const pattern = new RegExp(`^${wanted.toLowerCase().split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 's');
  const lower = actual.toLowerCase();
  return [lower, ...lower.split(/[\s,;]+/)].some((token) => pattern.test(token));
}

/** HubSpot lets a search filter on linked records through these pseudo-properties. */
const ASSOCIATION_PROPERTIES: Readonly<Record<string, CrmObjectType>> = {
  'associations.contact': 'contacts', 'associations.company': 'companies', 'associations.note': 'notes',
};

function valuesOf(crm: CrmData, type: CrmObjectType, object: CrmObject, propertyName: string): string[] {
  if (Object.hasOwn(ASSOCIATION_PROPERTIES, propertyName)) {
    return associatedIds(crm, type, object.id, ASSOCIATION_PROPERTIES[propertyName] as CrmObjectType).map(({ id }) => id);
  }
  const value = object.properties[propertyName];
  return value === null || value === undefined || value === '' ? [] : [value];
}

function matches(values: readonly string[], filter: Filter): boolean {
  const { operator, value = '', highValue = '' } = filter;
  const equals = (wanted: string) => values.some((actual) => compare(actual, wanted) === 0);
  switch (operator) {
    case 'EQ': return equals(value);
    case 'NEQ': return !equals(value);
    case 'IN': return (filter.values ?? []).some(equals);
    case 'NOT_IN': return !(filter.values ?? []).some(equals);
    case 'HAS_PROPERTY': return values.length > 0;
    case 'NOT_HAS_PROPERTY': return values.length === 0;
    case 'LT': return values.some((actual) => compare(actual, value) < 0);
    case 'LTE': return values.some((actual) => compare(actual, value) <= 0);
    case 'GT': return values.some((actual) => compare(actual, value) > 0);
    case 'GTE': return values.some((actual) => compare(actual, value) >= 0);
    case 'BETWEEN': return values.some((actual) => compare(actual, value) >= 0 && compare(actual, highValue) <= 0);
    case 'CONTAINS_TOKEN': return values.some((actual) => containsToken(actual, value));
    case 'NOT_CONTAINS_TOKEN': return !values.some((actual) => containsToken(actual, value));
  }
}

/** Objects matching any group (every filter of a group must match), sorted, as `{ total, rows }`. */
export function runSearch(crm: CrmData, type: CrmObjectType, request: SearchRequest): { total: number; rows: CrmObject[] } {
  const query = request.query?.toLowerCase();
  const found = tableOf(crm, type).all().filter((object) =>
    (request.groups.length === 0 || request.groups.some((group) => group.every((filter) => matches(valuesOf(crm, type, object, filter.propertyName), filter))))
    && (query === undefined || Object.values(object.properties).some((value) => value?.toLowerCase().includes(query))));
  const sorts: Sort[] = [...request.sorts, { propertyName: 'hs_object_id', descending: false }];
  found.sort((a, b) => {
    for (const { propertyName, descending } of sorts) {
      const [x, y] = [a.properties[propertyName] ?? '', b.properties[propertyName] ?? ''];
      const order = x === '' || y === '' ? (x === y ? 0 : x === '' ? 1 : -1) : compare(x, y);
      if (order !== 0) return descending ? -order : order;
    }
    return 0;
  });
  return { total: found.length, rows: found };
}
