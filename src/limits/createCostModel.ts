import { getDirective } from '@graphql-tools/utils';
import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  isObjectType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';

/**
 * How one field is priced, from the IBM GraphQL cost directives: `@cost(weight:)` on the field or
 * on its type, `@cost` on its arguments, and `@listSize(assumedSize:, slicingArguments:, sizedFields:)`.
 */
export interface FieldCostRule {
  /** Per value the field resolves to (per element for a list). */
  readonly weight: number;
  /** Added once when the argument is given. */
  readonly argumentWeights: ReadonlyMap<string, number>;
  readonly isList: boolean;
  readonly slicingArguments: readonly string[];
  readonly assumedSize: number | undefined;
  /** Child fields whose lists this field's size counts (a connection's `nodes` and `edges`). */
  readonly sizedFields: readonly string[];
  /** A list sized by its parent's @listSize, so it does not multiply again. */
  readonly sizedByParent: boolean;
}

export interface CostModel {
  rule(parentType: string, fieldName: string): FieldCostRule;
  /** The number of values a field is expected to return, from its arguments (defaults applied). */
  expectedSize(rule: FieldCostRule, args: Readonly<Record<string, unknown>>): number;
}

/** Weights the spec gives when the schema says nothing: objects 1, scalars and enums 0, mutations 10. */
const OBJECT_WEIGHT = 1;
const MUTATION_WEIGHT = 10;
/** A list without @listSize is assumed to hold this many values. */
export const DEFAULT_LIST_SIZE = 10;

/** Introspection is answered from the schema in memory and costs nothing. */
export const FREE: FieldCostRule = Object.freeze({
  weight: 0,
  argumentWeights: new Map(),
  isList: false,
  slicingArguments: [],
  assumedSize: undefined,
  sizedFields: [],
  sizedByParent: false,
});

function parseWeight(value: unknown, where: string): number {
  const weight = Number(value);
  if (typeof value !== 'string' || value.trim() === '' || !Number.isFinite(weight) || weight < 0) {
    throw new Error(`@cost(weight: ${JSON.stringify(value)}) on ${where}: the weight is a non-negative number in a string, e.g. "2.5"`);
  }
  return weight;
}

export function createCostModel(schema: GraphQLSchema): CostModel {
  const typeWeight = (type: GraphQLNamedType): number => {
    const [cost] = getDirective(schema, type, 'cost') ?? [];
    if (cost) return parseWeight(cost.weight, type.name);
    return isCompositeType(type) ? OBJECT_WEIGHT : 0;
  };

  const rules = new Map<string, FieldCostRule>();
  const sizedByParent = new Set<string>();
  const pending: { coordinate: string; field: GraphQLField<unknown, unknown>; isMutation: boolean }[] = [];
  const mutationType = schema.getMutationType();

  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || !isObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const coordinate = `${type.name}.${field.name}`;
      pending.push({ coordinate, field, isMutation: type === mutationType });
      const [listSize] = getDirective(schema, field, 'listSize') ?? [];
      const sizedFields = (listSize?.sizedFields as string[] | undefined) ?? [];
      for (const sized of sizedFields) {
        const returned = getNamedType(field.type);
        if (!isObjectType(returned) || !returned.getFields()[sized]) {
          throw new Error(`@listSize(sizedFields:) on ${coordinate} names ${sized}, which is not a field of ${returned.name}`);
        }
        sizedByParent.add(`${returned.name}.${sized}`);
      }
    }
  }

  for (const { coordinate, field, isMutation } of pending) {
    const [cost] = getDirective(schema, field, 'cost') ?? [];
    const [listSize] = getDirective(schema, field, 'listSize') ?? [];
    const slicingArguments = (listSize?.slicingArguments as string[] | undefined) ?? [];
    for (const name of slicingArguments) {
      if (!field.args.some((arg) => arg.name === name)) {
        throw new Error(`@listSize(slicingArguments:) on ${coordinate} names ${name}, which is not one of its arguments`);
      }
    }
    const argumentWeights = new Map<string, number>();
    for (const arg of field.args) {
      const [argumentCost] = getDirective(schema, arg, 'cost') ?? [];
      if (argumentCost) argumentWeights.set(arg.name, parseWeight(argumentCost.weight, `${coordinate}(${arg.name}:)`));
    }
    rules.set(coordinate, {
      weight: cost ? parseWeight(cost.weight, coordinate) : isMutation ? MUTATION_WEIGHT : typeWeight(getNamedType(field.type)),
      argumentWeights,
      isList: isListType(getNullableType(field.type)),
      slicingArguments,
      assumedSize: listSize?.assumedSize as number | undefined,
      sizedFields: (listSize?.sizedFields as string[] | undefined) ?? [],
      sizedByParent: sizedByParent.has(coordinate),
    });
  }

  return {
    rule: (parentType, fieldName) => rules.get(`${parentType}.${fieldName}`) ?? FREE,
    expectedSize(rule, args) {
      const sliced = rule.slicingArguments
        .map((name) => args[name])
        .filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
      if (sliced.length > 0) return Math.max(0, ...sliced);
      return rule.assumedSize ?? DEFAULT_LIST_SIZE;
    },
  };
}
