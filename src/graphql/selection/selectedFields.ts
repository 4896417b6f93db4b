import {
  type DirectiveNode,
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

/** Whether a selection's @skip/@include reads a variable, so that what it selects differs from request to request. */
const readsVariables = (node: { readonly directives?: readonly DirectiveNode[] }) =>
  node.directives?.some((directive) => directive.arguments?.some((argument) => argument.value.kind === Kind.VARIABLE)) ?? false;

/** The field nodes a selection set selects, through fragments, keeping @skip/@include. */
function collectFields(selectionSet: SelectionSetNode | undefined, info: GraphQLResolveInfo, into: FieldNode[], variablesRead: { read: boolean }): FieldNode[] {
  for (const selection of selectionSet?.selections ?? []) {
    if (readsVariables(selection)) variablesRead.read = true;
    if (selection.directives?.length && !included(selection, info.variableValues)) continue;
    if (selection.kind === Kind.FIELD) into.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) collectFields(selection.selectionSet, info, into, variablesRead);
    else {
      // Type conditions are not checked: the types read here are concrete, so a fragment that does
      // not apply at most widens what is read.
      const fragment = info.fragments[selection.name.value];
      if (fragment) collectFields(fragment.selectionSet, info, into, variablesRead);
    }
  }
  return into;
}

/**
 * Parsed documents are reused by Apollo's cache, so their field nodes key the cache for the life of the
 * document. What does not depend on the variables (no @skip/@include reading one) is kept for every
 * request; the rest per request's variables.
 */
const cache = new WeakMap<FieldNode, { readonly fixed: Map<string, ReadonlySet<string>>; readonly byVariables: WeakMap<Variables, Map<string, ReadonlySet<string>>> }>();

/**
 * The names of the fields selected below the field being resolved, or below one of the paths under it
 * (`['nodes']` and `['edges', 'node']` for a connection): what a resolver must read for its type.
 */
export function selectedFields(info: GraphQLResolveInfo, ...paths: (readonly string[])[]): ReadonlySet<string> {
  const first = info.fieldNodes[0]!;
  const pathKey = paths.map((path) => path.join('.')).join('|');
  let known = cache.get(first);
  if (!known) cache.set(first, (known = { fixed: new Map(), byVariables: new WeakMap() }));
  const fixed = known.fixed.get(pathKey);
  if (fixed) return fixed;
  let byPath = known.byVariables.get(info.variableValues);
  const found = byPath?.get(pathKey);
  if (found) return found;

  const names = new Set<string>();
  const variablesRead = { read: false };
  for (const path of paths.length === 0 ? [[]] : paths) {
    let level: readonly FieldNode[] = info.fieldNodes;
    for (const step of path) {
      level = level.flatMap((node) => collectFields(node.selectionSet, info, [], variablesRead)).filter((node) => node.name.value === step);
    }
    for (const node of level) for (const field of collectFields(node.selectionSet, info, [], variablesRead)) names.add(field.name.value);
  }
  if (!variablesRead.read) {
    known.fixed.set(pathKey, names);
  } else {
    if (!byPath) known.byVariables.set(info.variableValues, (byPath = new Map()));
    byPath.set(pathKey, names);
  }
  return names;
}
