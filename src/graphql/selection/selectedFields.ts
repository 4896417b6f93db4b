import {
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  type FieldNode,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';

type Variables = GraphQLResolveInfo['variableValues'];

const included = (node: Parameters<typeof getDirectiveValues>[1], variables: Variables) =>
  getDirectiveValues(GraphQLSkipDirective, node, variables)?.if !== true &&
  getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false;

/** The field nodes a selection set selects, through fragments, keeping @skip/@include. */
function collectFields(selectionSet: SelectionSetNode | undefined, info: GraphQLResolveInfo, into: FieldNode[]): FieldNode[] {
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.directives?.length && !included(selection, info.variableValues)) continue;
    if (selection.kind === Kind.FIELD) into.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) collectFields(selection.selectionSet, info, into);
    else {
      // Type conditions are not checked: the types read here are concrete, so a fragment that does
      // not apply at most widens what is read.
      const fragment = info.fragments[selection.name.value];
      if (fragment) collectFields(fragment.selectionSet, info, into);
    }
  }
  return into;
}

/** Parsed documents are reused by Apollo's cache, so their field nodes key the cache for the life of the document. */
const cache = new WeakMap<FieldNode, WeakMap<Variables, Map<string, ReadonlySet<string>>>>();

/**
 * The names of the fields selected below the field being resolved, or below one of the paths under it
 * (`['nodes']` and `['edges', 'node']` for a connection): what a resolver must read for its type.
 */
export function selectedFields(info: GraphQLResolveInfo, ...paths: (readonly string[])[]): ReadonlySet<string> {
  const first = info.fieldNodes[0]!;
  const pathKey = paths.map((path) => path.join('.')).join('|');
  let byVariables = cache.get(first);
  if (!byVariables) cache.set(first, (byVariables = new WeakMap()));
  let byPath = byVariables.get(info.variableValues);
  if (!byPath) byVariables.set(info.variableValues, (byPath = new Map()));
  const known = byPath.get(pathKey);
  if (known) return known;

  const names = new Set<string>();
  for (const path of paths.length === 0 ? [[]] : paths) {
    let level: readonly FieldNode[] = info.fieldNodes;
    for (const step of path) {
      level = level.flatMap((node) => collectFields(node.selectionSet, info, [])).filter((node) => node.name.value === step);
    }
    for (const node of level) for (const field of collectFields(node.selectionSet, info, [])) names.add(field.name.value);
  }
  byPath.set(pathKey, names);
  return names;
}
