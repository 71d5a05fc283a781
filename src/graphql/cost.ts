import type { ComplexityEstimator, ComplexityEstimatorArgs } from 'graphql-query-complexity';

/** Items per page when `first` is absent, and the most a page holds. */
export const DEFAULT_PAGE = 20;
export const MAX_PAGE = 100;

/**
 * Options for a list field's decorator: its description, which states the cost, and the cost
 * estimator the operation limits use (limits.ts), so the two cannot disagree. Every field of a list
 * or connection type declares one (a test walks the schema); other fields cost 1.
 */
export interface ListFieldOptions {
  description: string;
  complexity: ComplexityEstimator;
}

/** The page a `first` argument asks for, as the estimate sees it (the resolver refuses bad values). */
function pageOf(first: unknown, fallback: number, max: number): number {
  return typeof first === 'number' && Number.isFinite(first) ? Math.min(Math.max(Math.trunc(first), 0), max) : fallback;
}

/** A list or connection paged with `first` (and `after` for connections). */
export function pagedList(description: string, fallback = DEFAULT_PAGE, max = MAX_PAGE): ListFieldOptions {
  return {
    description: `${description} \`first\`: 0 to ${max} items (default ${fallback}). Cost: 1 + first × the cost of the selection.`,
    complexity: ({ args, childComplexity }) => 1 + pageOf(args.first, fallback, max) * childComplexity,
  };
}

/** A list returned whole; `items` is its usual length, the estimate's multiplier. */
export function wholeList(description: string, items: number): ListFieldOptions {
  return {
    description: `${description} Cost: 1 + ${items} × the cost of the selection (an estimate of its length).`,
    complexity: ({ childComplexity }) => 1 + items * childComplexity,
  };
}

/** A list whose length follows from its arguments (`items` reads them; `rule` says how, for the description). */
export function countedList(
  description: string,
  rule: string,
  items: (args: ComplexityEstimatorArgs['args']) => number,
): ListFieldOptions {
  return {
    description: `${description} Cost: 1 + ${rule} × the cost of the selection.`,
    complexity: ({ args, childComplexity }) => 1 + items(args) * childComplexity,
  };
}
