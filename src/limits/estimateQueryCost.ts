import {
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { FREE, type CostModel, type FieldCostRule } from './createCostModel.js';

export function argumentsCost(rule: FieldCostRule, node: FieldNode): number {
  let cost = 0;
  for (const argument of node.arguments ?? []) cost += rule.argumentWeights.get(argument.name.value) ?? 0;
  return cost;
}

export function fragmentsOf(document: DocumentNode): ReadonlyMap<string, FragmentDefinitionNode> {
  return new Map(
    document.definitions
      .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
      .map((fragment) => [fragment.name.value, fragment]),
  );
}

/**
 * The estimator graphql-query-complexity calls for every field, children first. A connection's
 * @listSize(sizedFields:) multiplies only those children, so each field's cost is remembered by its
 * node for its parent to pick out.
 */
function costDirectiveEstimator(model: CostModel, fragments: ReadonlyMap<string, FragmentDefinitionNode>): ComplexityEstimator {
  const costs = new WeakMap<FieldNode, number>();

  const sizedChildrenCost = (selectionSet: SelectionSetNode | undefined, names: readonly string[], seen: Set<string>): number => {
    let total = 0;
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        if (names.includes(selection.name.value)) total += costs.get(selection) ?? 0;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        total += sizedChildrenCost(selection.selectionSet, names, seen);
      } else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        total += sizedChildrenCost(fragments.get(selection.name.value)?.selectionSet, names, seen);
      }
    }
    return total;
  };

  return ({ type, field, node, args, childComplexity }) => {
    const rule = model.rule(type.name, field.name);
    let cost = 0;
    if (rule !== FREE) {
      cost = argumentsCost(rule, node);
      if (rule.sizedFields.length > 0) {
        const sized = sizedChildrenCost(node.selectionSet, rule.sizedFields, new Set());
        cost += rule.weight + childComplexity + (model.expectedSize(rule, args) - 1) * sized;
      } else if (rule.isList && !rule.sizedByParent) {
        cost += model.expectedSize(rule, args) * (rule.weight + childComplexity);
      } else {
        cost += rule.weight + childComplexity;
      }
    }
    costs.set(node, cost);
    return cost;
  };
}

/**
 * What an operation is expected to cost before it runs, with list sizes from slicing arguments.
 * Throws a GraphQLError when the variables do not fit the operation or the document has too many
 * nodes to price (a fragment bomb).
 */
export function estimateQueryCost(options: {
  readonly schema: GraphQLSchema;
  readonly model: CostModel;
  readonly document: DocumentNode;
  readonly operationName?: string | null | undefined;
  readonly variables?: Record<string, unknown> | undefined;
}): number {
  const cost = getComplexity({
    schema: options.schema,
    query: options.document,
    estimators: [costDirectiveEstimator(options.model, fragmentsOf(options.document))],
    ...(options.operationName ? { operationName: options.operationName } : {}),
    ...(options.variables ? { variables: options.variables } : {}),
  });
  return Math.ceil(cost);
}
