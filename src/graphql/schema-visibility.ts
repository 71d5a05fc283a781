import { getOperationAST, Kind, type DocumentNode, type GraphQLError, type SelectionSetNode } from 'graphql';
import type { Caller } from './caller';
import { GraphQLRefusals, unauthenticated } from './errors';

/**
 * The schema is shown to signed-in users only (admins, technicians, vendor users): introspection
 * and GraphQL's "Did you mean …?" hints would otherwise map the whole API, field by field, for an
 * anonymous caller or a device.
 */
export const maySeeSchema = (principal: Caller | null | undefined): boolean => principal?.kind === 'user';

const INTROSPECTION_FIELDS = new Set(['__schema', '__type']);

/** Refuses an operation that introspects the schema (`__typename` is not introspection) unless the caller may see it. */
export function checkIntrospection(document: DocumentNode, operationName: string | null | undefined, principal: Caller | null): void {
  if (maySeeSchema(principal)) return;
  const operation = getOperationAST(document, operationName);
  if (!operation || !introspects(document, operation.selectionSet, new Set())) return;
  throw principal
    ? GraphQLRefusals.refuse('INTROSPECTION_NOT_ALLOWED', 'Only signed-in users may introspect the schema.')
    : unauthenticated('Introspection needs a signed-in user\'s bearer token.');
}

/** Introspection fields are allowed on the root type only; fragments spread there count too. */
function introspects(document: DocumentNode, selections: SelectionSetNode, seen: Set<string>): boolean {
  return selections.selections.some((selection) => {
    if (selection.kind === Kind.FIELD) return INTROSPECTION_FIELDS.has(selection.name.value);
    if (selection.kind === Kind.INLINE_FRAGMENT) return introspects(document, selection.selectionSet, seen);
    const name = selection.name.value;
    if (seen.has(name)) return false;
    seen.add(name);
    const fragment = document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === name);
    return fragment?.kind === Kind.FRAGMENT_DEFINITION && introspects(document, fragment.selectionSet, seen);
  });
}

const SUGGESTION = / ?Did you mean [^?]*\?/g;

/** Removes GraphQL's spelling hints from the errors' messages unless the caller may see the schema. */
export function hideSuggestions(errors: readonly GraphQLError[], principal: Caller | null | undefined): void {
  if (maySeeSchema(principal)) return;
  for (const error of errors) error.message = error.message.replace(SUGGESTION, '');
}
