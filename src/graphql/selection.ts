import type { GraphQLResolveInfo } from 'graphql';

const ID_ONLY = new Set(['id', '__typename']);

/**
 * Whether the client asked for nothing of this field but its id. A device's receipt usually does
 * (`signature { id }`): the id is known already, and loading the whole row through the ORM would
 * cost more than storing the report did (BENCHMARKS.md). Fragments are treated as asking for more.
 */
export function onlyIdRequested(info: GraphQLResolveInfo): boolean {
  return info.fieldNodes.every((node) =>
    (node.selectionSet?.selections ?? []).every((s) => s.kind === 'Field' && ID_ONLY.has(s.name.value)),
  );
}
