import { Kind, parse, visit, type ConstDirectiveNode, type StringValueNode } from 'graphql';

export interface DeprecationViolation {
  /** Type.field, Type.field(argument:), Enum.VALUE or Input.field */
  readonly coordinate: string;
  readonly problem: string;
}

/** Six months, counted in calendar months from the day of deprecation. */
const NOTICE_MONTHS = 6;

function parseDay(text: string): Date | null {
  const at = new Date(`${text}T00:00:00Z`);
  return Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== text ? null : at;
}

function addMonths(day: Date, months: number): Date {
  const result = new Date(day);
  result.setUTCMonth(result.getUTCMonth() + months);
  return result;
}

/**
 * The deprecation policy, checked on SDL: every `@deprecated` carries a reason that says when it was
 * deprecated and when it goes away, `… Deprecated: 2026-11-26. Removal: 2027-06-01.`, at least six
 * months apart. Dated in the reason rather than against today, so that the check gives the same
 * answer on any day it runs.
 */
export function findDeprecationViolations(sdl: string): DeprecationViolation[] {
  const violations: DeprecationViolation[] = [];
  const path: string[] = [];
  const check = (coordinate: string, directive: ConstDirectiveNode) => {
    const reasonArgument = directive.arguments?.find((argument) => argument.name.value === 'reason');
    const reason = reasonArgument?.value.kind === Kind.STRING ? (reasonArgument.value as StringValueNode).value : null;
    if (!reason) {
      violations.push({ coordinate, problem: 'has no reason: say what to use instead, with "Deprecated: YYYY-MM-DD. Removal: YYYY-MM-DD."' });
      return;
    }
    const deprecatedText = /\bDeprecated: (\d{4}-\d{2}-\d{2})\b/.exec(reason)?.[1];
    const removalText = /\bRemoval: (\d{4}-\d{2}-\d{2})\b/.exec(reason)?.[1];
    const deprecated = deprecatedText ? parseDay(deprecatedText) : null;
    const removal = removalText ? parseDay(removalText) : null;
    if (!deprecated) violations.push({ coordinate, problem: 'its reason has no valid "Deprecated: YYYY-MM-DD" (the day it was deprecated)' });
    if (!removal) violations.push({ coordinate, problem: 'its reason has no valid "Removal: YYYY-MM-DD" (the day it may be removed)' });
    if (deprecated && removal && removal < addMonths(deprecated, NOTICE_MONTHS)) {
      violations.push({ coordinate, problem: `its removal (${removalText}) is less than ${NOTICE_MONTHS} months after its deprecation (${deprecatedText})` });
    }
  };
  const deprecation = (node: { directives?: readonly ConstDirectiveNode[] }) => node.directives?.find((directive) => directive.name.value === 'deprecated');
  const enter = (name: string) => (node: { name: { value: string }; directives?: readonly ConstDirectiveNode[] }) => {
    // An input value under a field is an argument (Type.field(name:)); directly under a type, an input field.
    const segment = path.length === 0 ? node.name.value : name === 'inputValue' && path.length >= 2 ? `(${node.name.value}:)` : `.${node.name.value}`;
    path.push(segment);
    const directive = deprecation(node);
    if (directive) check(path.join(''), directive);
  };
  const leave = () => {
    path.pop();
  };
  const typeLike = { enter: enter('type'), leave };
  visit(parse(sdl), {
    ObjectTypeDefinition: typeLike,
    ObjectTypeExtension: typeLike,
    InterfaceTypeDefinition: typeLike,
    InterfaceTypeExtension: typeLike,
    InputObjectTypeDefinition: typeLike,
    InputObjectTypeExtension: typeLike,
    EnumTypeDefinition: typeLike,
    EnumTypeExtension: typeLike,
    FieldDefinition: { enter: enter('field'), leave },
    InputValueDefinition: { enter: enter('inputValue'), leave },
    EnumValueDefinition: { enter: enter('field'), leave },
    // Directive definitions' arguments are not part of the API's types.
    DirectiveDefinition: () => false,
  });
  return violations;
}
