import { Kind, type DocumentNode, type TypeNode } from 'graphql';

/** Identifiers and text never size a list or skip a field: a query's cost cannot depend on them. */
const COSTLESS_TYPES = new Set(['ID', 'String']);

const namedType = (type: TypeNode): string => (type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type));

const costless = new WeakMap<DocumentNode, ReadonlySet<string>>();

/**
 * The part of the variables that can change what a query costs (a `first`, an `@include(if:)`), so
 * that one query priced for one customer id is not priced again for the next id.
 */
export function costVariables(document: DocumentNode, variables: Readonly<Record<string, unknown>> | null | undefined): Record<string, unknown> {
  let ignored = costless.get(document);
  if (!ignored) {
    const names = new Set<string>();
    for (const definition of document.definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
      for (const variable of definition.variableDefinitions ?? []) {
        if (COSTLESS_TYPES.has(namedType(variable.type))) names.add(variable.variable.name.value);
      }
    }
    costless.set(document, (ignored = names));
  }
  return Object.fromEntries(Object.entries(variables ?? {}).filter(([name]) => !ignored.has(name)));
}
