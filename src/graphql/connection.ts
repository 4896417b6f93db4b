import { badUserInput } from './errors.js';
import { decodeCursor, encodeCursor } from './ids.js';

export const MAX_PAGE_SIZE = 100;

export interface Page {
  readonly offset: number;
  readonly first: number;
}

export interface Connection<T> {
  readonly nodes: T[];
  readonly edges: { cursor: string; node: T }[];
  readonly pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  /** A function so the count is only asked of the upstream when a client selects it. */
  readonly totalCount: number | (() => Promise<number>);
}

export function pageFromArgs(args: { first?: number | null; after?: string | null }, defaultSize = 20): Page {
  const first = args.first ?? defaultSize;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw badUserInput(`first must be between 0 and ${MAX_PAGE_SIZE}, got ${first}`, 'first');
  }
  return { offset: decodeCursor(args.after), first };
}

/**
 * Builds a Relay connection from up to `first + 1` items starting at `page.offset`;
 * the extra item only tells whether another page exists.
 */
export function toConnection<T>(
  items: readonly T[],
  page: Page,
  totalCount: Connection<T>['totalCount'],
): Connection<T> {
  const nodes = items.slice(0, page.first);
  const edges = nodes.map((node, index) => ({ cursor: encodeCursor(page.offset + index), node }));
  return {
    nodes,
    edges,
    pageInfo: {
      hasNextPage: items.length > page.first,
      hasPreviousPage: page.offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount,
  };
}
