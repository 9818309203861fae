import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from "graphql";

/**
 * Whether the field being resolved has any of `names` among its subfields, through inline
 * fragments and named ones, so a resolver reads only what the query asks for. `@skip` and
 * `@include` are not evaluated: a subfield they may drop still counts as asked (read, unused).
 */
export function selects(info: GraphQLResolveInfo, names: readonly string[]): boolean {
  const visit = (selectionSet: SelectionSetNode | undefined): boolean =>
    selectionSet?.selections.some((selection) => {
      if (selection.kind === Kind.FIELD) return names.includes(selection.name.value);
      if (selection.kind === Kind.INLINE_FRAGMENT) return visit(selection.selectionSet);
      return visit(info.fragments[selection.name.value]?.selectionSet);
    }) ?? false;
  return info.fieldNodes.some((node) => visit(node.selectionSet));
}
