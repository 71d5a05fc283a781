/**
 * The error model. A domain names its refusals as reasons (`SIGNATURE_ALREADY_MERGED`,
 * `TRANSITION_NOT_ALLOWED`, …) in one table in its `<domain>.errors.ts`, each mapped to the code
 * clients switch on; it throws DomainErrors made from that table, never ad hoc. They are plain
 * errors: the GraphQL layer turns them into `extensions { code, reason, … }` and, through the code,
 * an HTTP status (graphql/errors.ts, graphql/http-status.ts).
 */

/** The codes of `extensions.code` a refusal can carry. */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'QUERY_TOO_COMPLEX'
  | 'LIMIT_EXCEEDED'
  | 'PAYLOAD_TOO_LARGE'
  | 'SUBSCRIBER_TOO_SLOW';

export class DomainError extends Error {
  constructor(
    /** What was refused, in the domain's words (`extensions.reason`). */
    readonly reason: string,
    readonly code: ErrorCode,
    message: string,
    /** More for the client: field paths, limits, the allowed transitions… */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** A problem with one input field, by its path from the argument (`inputs.3.application.version`). */
export interface FieldProblem {
  path: (string | number)[];
  message: string;
}

type ReasonsWithCode<T, C> = { [K in keyof T]: T[K] extends C ? K : never }[keyof T] & string;

/**
 * A domain's refusals, from its table of reason → code: `refuse(reason, message, details)`, and
 * `invalid(reason, problems)` for BAD_USER_INPUT with the fields' paths (`extensions.fields`).
 */
export function refusals<const T extends Record<string, ErrorCode>>(codes: T) {
  return {
    refuse: (reason: keyof T & string, message: string, details: Record<string, unknown> = {}) =>
      new DomainError(reason, codes[reason]!, message, details),
    invalid: (reason: ReasonsWithCode<T, 'BAD_USER_INPUT'>, problems: FieldProblem[], details: Record<string, unknown> = {}) => {
      const [first] = problems;
      const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
      const message = `${first ? `${first.path.join('.')}: ${first.message}` : 'invalid input'}${more}`;
      return new DomainError(reason, 'BAD_USER_INPUT', message, { fields: problems, ...details });
    },
  };
}
