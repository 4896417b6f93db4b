import { Kind, parse, type OperationDefinitionNode, type SelectionNode, type SelectionSetNode } from 'graphql';

function selectionsOf(fields: string): readonly SelectionNode[] {
  return fields ? (parse(`{ ${fields} }`).definitions[0] as OperationDefinitionNode).selectionSet.selections : [];
}

/**
 * The selection a source's root field needs for what the client asked: the client's fields inside the
 * answer's envelope (`result`, `results`, `data`, `trackers`), plus the fields the join matches on, plus
 * envelope fields beside it (Odoo's `error`).
 * Made once per join: Mesh memoizes the selection it builds per factory and client selection.
 */
export function selectionInside(envelope: string, joinFields = '', besideEnvelope = ''): (subtree: SelectionSetNode) => SelectionSetNode {
  const extra = selectionsOf(joinFields);
  const beside = selectionsOf(besideEnvelope);
  return (subtree) => ({
    kind: Kind.SELECTION_SET,
    selections: [
      {
        kind: Kind.FIELD,
        name: { kind: Kind.NAME, value: envelope },
        selectionSet: { kind: Kind.SELECTION_SET, selections: [...subtree.selections, ...extra] },
      },
      ...beside,
    ],
  });
}
