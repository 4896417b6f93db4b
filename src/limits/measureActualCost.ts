import {
  getNamedType,
  isAbstractType,
  isCompositeType,
  isObjectType,
  Kind,
  type DocumentNode,
  type GraphQLCompositeType,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { FREE, type CostModel, type FieldCostRule } from './createCostModel.js';
import { argumentsCost, fragmentsOf } from './estimateQueryCost.js';

type Data = Readonly<Record<string, unknown>>;

/**
 * What an executed operation cost, priced like the estimate but over the data it returned: lists
 * count the values they held, and fields that came back null (or were skipped) cost nothing.
 */
export function measureActualCost(options: {
  readonly schema: GraphQLSchema;
  readonly model: CostModel;
  readonly document: DocumentNode;
  readonly operation: OperationDefinitionNode;
  readonly data: Data | null | undefined;
}): number {
  const { schema, model } = options;
  const fragments = fragmentsOf(options.document);

  const runtimeType = (declared: GraphQLCompositeType, value: Data): GraphQLCompositeType => {
    if (!isAbstractType(declared) || typeof value.__typename !== 'string') return declared;
    const named = schema.getType(value.__typename);
    return named && isCompositeType(named) ? named : declared;
  };

  const applies = (condition: string | undefined, type: GraphQLCompositeType): boolean => {
    if (!condition || condition === type.name) return true;
    const conditionType = schema.getType(condition);
    // Without __typename an abstract parent cannot be narrowed, so the fragment is priced as if it applied.
    if (isAbstractType(type)) return true;
    return !!conditionType && isAbstractType(conditionType) && isObjectType(type) && schema.isSubType(conditionType, type);
  };

  const valueCost = (rule: FieldCostRule, type: GraphQLNamedType, selectionSet: SelectionSetNode | undefined, value: unknown): number => {
    if (value === null || value === undefined) return 0;
    if (Array.isArray(value)) return value.reduce<number>((sum, item) => sum + valueCost(rule, type, selectionSet, item), 0);
    if (selectionSet && isCompositeType(type) && typeof value === 'object') {
      return rule.weight + selectionCost(selectionSet, runtimeType(type, value as Data), value as Data, new Set());
    }
    return rule.weight;
  };

  const selectionCost = (selectionSet: SelectionSetNode, type: GraphQLCompositeType, value: Data, seen: Set<string>): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        const rule = model.rule(type.name, selection.name.value);
        if (!(key in value) || rule === FREE || !isObjectType(type)) continue;
        const field = type.getFields()[selection.name.value];
        if (!field) continue;
        total += argumentsCost(rule, selection) + valueCost(rule, getNamedType(field.type), selection.selectionSet, value[key]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (applies(selection.typeCondition?.name.value, type)) total += selectionCost(selection.selectionSet, type, value, seen);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || seen.has(fragment.name.value) || !applies(fragment.typeCondition.name.value, type)) continue;
        seen.add(fragment.name.value);
        total += selectionCost(fragment.selectionSet, type, value, seen);
        seen.delete(fragment.name.value);
      }
    }
    return total;
  };

  const root = schema.getRootType(options.operation.operation);
  if (!root || !options.data) return 0;
  return Math.ceil(selectionCost(options.operation.selectionSet, root, options.data, new Set()));
}
