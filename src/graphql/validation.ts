import { validate, type ValidationError } from 'class-validator';
import { isInputObjectType, isListType, isNonNullType, type GraphQLInputType, type GraphQLResolveInfo } from 'graphql';
import type { ResolverData } from 'type-graphql';
import { InputError, type FieldProblem } from './errors';

/**
 * type-graphql's global validateFn: class-validator over every input-object argument, reporting every
 * problem with its field path (`inputs.3.application.version`) so a batch names the failing item.
 */
export async function validateArgument(value: unknown, _type: unknown, data: ResolverData<object>): Promise<void> {
  if (value === null || typeof value !== 'object') return;
  const argName = inputArgumentName(data.info);
  const items = Array.isArray(value) ? value : [value];
  const problems: FieldProblem[] = [];
  for (const [index, item] of items.entries()) {
    if (item === null || typeof item !== 'object') continue;
    const errors = await validate(item as object, { forbidUnknownValues: false, validationError: { target: false } });
    const base = Array.isArray(value) ? [argName, index] : [argName];
    collect(errors, base, problems);
  }
  if (problems.length) throw new InputError(problems);
}

function collect(errors: ValidationError[], path: (string | number)[], out: FieldProblem[]): void {
  for (const error of errors) {
    const here = [...path, isIndex(error.property) ? Number(error.property) : error.property];
    for (const message of Object.values(error.constraints ?? {})) out.push({ path: here, message });
    if (error.children?.length) collect(error.children, here, out);
  }
}

const isIndex = (property: string) => /^\d+$/.test(property);

/** Our operations take at most one input-object (or list of them) argument; its name prefixes paths. */
function inputArgumentName(info: GraphQLResolveInfo): string {
  const field = info.parentType.getFields()[info.fieldName];
  const arg = field?.args.find((a) => isInputObjectType(namedInput(a.type)));
  return arg?.name ?? 'input';
}

function namedInput(type: GraphQLInputType): GraphQLInputType {
  let t = type;
  while (isNonNullType(t) || isListType(t)) t = t.ofType;
  return t;
}
