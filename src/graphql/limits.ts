import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  GraphQLError,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type ASTNode,
  type DocumentNode,
  type GraphQLSchema,
  type ParseOptions,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { asGraphQLError, GraphQLRefusals } from './errors';

/**
 * What an operation may ask for, checked before anything runs, on HTTP and WebSocket alike
 * (README, "Limits"). Generous for every query a console or a device SDK sends; an operation over
 * one of them is refused with QUERY_TOO_COMPLEX and the reason, at the cost of reading its text.
 */
export const OPERATION_LIMITS = {
  /** Characters of the query text (variables are bounded by the body limit). */
  documentChars: 100_000,
  /** Lexical tokens of the query text; parsing stops at the first one over. */
  tokens: 3_000,
  /** Nested selections (introspection excepted). */
  depth: 12,
  aliases: 20,
  directives: 20,
  /** The estimated cost: each field 1, list fields times their length (see cost.ts). */
  cost: 25_000,
  /** Selections the cost estimate visits, fragments expanded. */
  costNodes: 10_000,
} as const;

export type LimitReason = 'SIZE' | 'TOKENS' | 'DEPTH' | 'ALIASES' | 'DIRECTIVES' | 'COST';

export const tooComplex = (reason: LimitReason, message: string, details: Record<string, unknown> = {}) =>
  GraphQLRefusals.refuse(reason, message, details);

/** Refuses a query text over the size limit, before it is parsed. */
export function checkDocumentSize(query: string): void {
  if (query.length > OPERATION_LIMITS.documentChars) {
    throw tooComplex('SIZE', `The query text has ${query.length} characters; at most ${OPERATION_LIMITS.documentChars} are accepted.`, {
      limit: OPERATION_LIMITS.documentChars,
    });
  }
}

/** For graphql-js's parse: it stops at the first token past the limit. */
export const parseOptions: ParseOptions = { maxTokens: OPERATION_LIMITS.tokens };

/**
 * graphql-js reports the token limit as a syntax error ("Document contains more that N tokens.
 * Parsing aborted.", sic in 16.x); this turns it into our limit error, and leaves real syntax
 * errors alone.
 */
export function limitErrorOfParse(error: unknown) {
  if (!(error instanceof GraphQLError) || !/Document contains more th\w+ \d+ tokens/.test(error.message)) return null;
  return tooComplex('TOKENS', `The query has more than ${OPERATION_LIMITS.tokens} tokens.`, { limit: OPERATION_LIMITS.tokens });
}

/** graphql-armor's rules report a refusal to the validation context as our limit error. */
const report =
  (reason: LimitReason, limit: number) =>
  (context: ValidationContext | null, error: GraphQLError) =>
    context?.reportError(asGraphQLError(tooComplex(reason, error.message.replace(/^Syntax Error: /, ''), { limit })));

const armor = (reason: LimitReason, limit: number) => ({
  n: limit,
  propagateOnRejection: false,
  onReject: [report(reason, limit)],
});

/** Depth, aliases and directives: validation rules, run with GraphQL's own. */
export const limitRules: ValidationRule[] = [
  maxDepthRule({ ...armor('DEPTH', OPERATION_LIMITS.depth), ignoreIntrospection: true }),
  maxAliasesRule(armor('ALIASES', OPERATION_LIMITS.aliases)),
  maxDirectivesRule(armor('DIRECTIVES', OPERATION_LIMITS.directives)),
];

const estimators = [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })];

/**
 * Refuses an operation whose estimated cost is over the budget. It needs the variables (a list's
 * length is usually `first: $n`), so it runs once the operation is known, before execution.
 * Variables that do not fit the operation are left to execution, which refuses them anyway.
 *
 * The estimate is kept with the parsed document (Apollo reuses it for every request of the same
 * text), per value of the variables it reads: a device's reportFault, whose cost reads none, is
 * estimated once instead of on every report (~30 µs each, 2 % of a report's server CPU).
 */
export function checkCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
): void {
  let known = estimates.get(document);
  if (!known) {
    known = { reads: variablesTheCostReads(schema, document), costs: new Map() };
    estimates.set(document, known);
  }
  const key = [operationName ?? '', ...known.reads.map((name) => valueKey(variables?.[name]))].join('\u0000');
  let cost = known.costs.get(key);
  if (cost === undefined) {
    const estimated = estimate(schema, document, operationName, variables);
    if (estimated === null) return;
    cost = estimated;
    if (known.costs.size < MAX_ESTIMATES_PER_DOCUMENT) known.costs.set(key, cost);
  }
  if (cost > OPERATION_LIMITS.cost) {
    throw tooComplex(
      'COST',
      `The query's estimated cost is ${cost}, over the limit of ${OPERATION_LIMITS.cost}: ask for fewer items (first) or fewer fields.`,
      { cost, limit: OPERATION_LIMITS.cost },
    );
  }
}

const estimates = new WeakMap<DocumentNode, { reads: string[]; costs: Map<string, number> }>();
const MAX_ESTIMATES_PER_DOCUMENT = 64;

/** The estimate, or null when the variables do not fit the operation. */
function estimate(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
): number | null {
  try {
    return getComplexity({
      schema,
      query: document,
      operationName: operationName ?? undefined,
      variables: variables ?? {},
      estimators,
      maxQueryNodes: OPERATION_LIMITS.costNodes,
    });
  } catch (err) {
    if (err instanceof GraphQLError && /maximum allowed number of nodes/.test(err.message)) {
      throw tooComplex('COST', `The query expands to more than ${OPERATION_LIMITS.costNodes} selections.`, {
        limit: OPERATION_LIMITS.costNodes,
      });
    }
    return null;
  }
}

/**
 * The variables an estimate depends on: those in the arguments of fields whose cost is computed
 * from their arguments (cost.ts), and in @include/@skip.
 */
function variablesTheCostReads(schema: GraphQLSchema, document: DocumentNode): string[] {
  const typeInfo = new TypeInfo(schema);
  const names = new Set<string>();
  const collect = (node: ASTNode) => visit(node, { Variable: (v) => void names.add(v.name.value) });
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        if (typeof typeInfo.getFieldDef()?.extensions?.complexity === 'function') node.arguments?.forEach(collect);
      },
      Directive: (node) => void collect(node),
    }),
  );
  return [...names].sort();
}

/** What the estimators read of a variable: a list's length, any other value whole. */
const valueKey = (value: unknown): string => (Array.isArray(value) ? `#${value.length}` : (JSON.stringify(value) ?? ''));
