import { validate, type ValidationError } from 'class-validator';
import type { ResolverData } from 'type-graphql';
import type { FieldProblem } from '../errors/domain-error';
import { GraphQLRefusals } from './errors';
import { isFreeText } from './validators/validators';

/**
 * type-graphql's global validateFn, called for every argument of every field: first the text
 * screen (screenText), then class-validator over input objects, reporting every problem with its
 * field path (`inputs.3.application.version`) so a batch names the failing item.
 */
export async function validateArgument(value: unknown, _type: unknown, data: ResolverData<object>): Promise<void> {
  if (value === null || value === undefined) return;
  // Paths are collected from the argument down and named only when something is wrong.
  const problems: FieldProblem[] = [];
  const refuse = (name: string) => GraphQLRefusals.invalid('INVALID_INPUT', problems.map((p) => ({ ...p, path: [name, ...p.path] })));
  if (typeof value !== 'object') {
    screenText(value, [], problems);
    if (problems.length) throw refuse(scalarArgumentName(value, data.args));
    return;
  }
  screenText(value, [], problems);
  if (!problems.length) {
    const items = Array.isArray(value) ? value : [value];
    for (const [index, item] of items.entries()) {
      if (item === null || typeof item !== 'object') continue;
      const errors = await validate(item as object, { forbidUnknownValues: false, validationError: { target: false } });
      collect(errors, Array.isArray(value) ? [index] : [], problems);
    }
  }
  if (problems.length) throw refuse(objectArgumentName(value, data.args));
}

function collect(errors: ValidationError[], path: (string | number)[], out: FieldProblem[]): void {
  for (const error of errors) {
    const here = [...path, isIndex(error.property) ? Number(error.property) : error.property];
    for (const message of Object.values(error.constraints ?? {})) out.push({ path: here, message });
    if (error.children?.length) collect(error.children, here, out);
  }
}

const isIndex = (property: string) => /^\d+$/.test(property);

/** NUL, and a UTF-16 surrogate without its other half (a trace cut in the middle of a character). */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, 'g');

/** Input nested deeper than this is refused before anything walks it further. */
export const MAX_INPUT_DEPTH = 32;

/**
 * Text PostgreSQL cannot store (NUL; lone surrogates, which are not Unicode) never reaches it:
 * in free text (what a device collected: a message, a trace, attributes, marked @FreeText) it
 * becomes U+FFFD here, so that grouping, storage and events all see the same text; anywhere else
 * (ids, names, filters, notes) it is refused with the field's path. Free text is rewritten in the
 * argument object the resolver receives.
 */
function screenText(value: unknown, path: (string | number)[], problems: FieldProblem[], free = false): unknown {
  if (typeof value === 'string') {
    if (!UNSTORABLE.test(value)) return value;
    if (free) return value.replace(UNSTORABLE_ALL, '\ufffd');
    problems.push({ path, message: 'must not contain NUL characters or unpaired UTF-16 surrogates' });
    return value;
  }
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (path.length >= MAX_INPUT_DEPTH) {
    problems.push({ path, message: `is nested more than ${MAX_INPUT_DEPTH} levels deep` });
    return value;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => (value[i] = screenText(item, [...path, i], problems, free)));
    return value;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const freeHere = free || isFreeText(record, key);
    const screened = screenText(record[key], [...path, key], problems, freeHere);
    const storableKey = screenText(key, [...path, key], problems, freeHere) as string;
    if (storableKey !== key) delete record[key];
    record[storableKey] = screened;
  }
  return value;
}

/**
 * type-graphql validates one argument at a time, without its name: it is the argument holding
 * `value` (a scalar), or the one whose value has its shape (an input object or a list of them,
 * which type-graphql hands over as class instances built from it).
 */
function scalarArgumentName(value: unknown, args: Record<string, unknown>): string {
  return Object.keys(args).find((name) => args[name] === value) ?? 'input';
}

function objectArgumentName(value: object, args: Record<string, unknown>): string {
  const keys = (o: object) => Object.keys(o).sort().join(',');
  const sameShape = (raw: unknown) =>
    Array.isArray(value)
      ? Array.isArray(raw) && raw.length === value.length
      : raw !== null && typeof raw === 'object' && !Array.isArray(raw) && keys(raw) === keys(value);
  return Object.keys(args).find((name) => sameShape(args[name])) ?? 'input';
}
