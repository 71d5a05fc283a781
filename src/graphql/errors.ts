import { randomUUID } from 'node:crypto';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from '../config/logger';

/** Stable `extensions.code` values that clients may switch on; `extensions.reason` refines some. */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  RATE_LIMITED = 'RATE_LIMITED',
  /** The operation is over a limit checked before it runs (reason: SIZE, TOKENS, DEPTH, ALIASES, DIRECTIVES, COST). */
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  /** A per-connection or per-caller resource limit (reason: SUBSCRIPTIONS_PER_CONNECTION, …). */
  LIMIT_EXCEEDED = 'LIMIT_EXCEEDED',
  SUBSCRIBER_TOO_SLOW = 'SUBSCRIBER_TOO_SLOW',
  GRAPHQL_PARSE_FAILED = 'GRAPHQL_PARSE_FAILED',
  GRAPHQL_VALIDATION_FAILED = 'GRAPHQL_VALIDATION_FAILED',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/**
 * A failure the caller can act on. Domains throw these; they are GraphQL errors whose
 * `extensions` are exactly what the client sees: a stable `code` and the details given here.
 */
export class DomainError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message, { extensions: { code, ...details } });
    this.name = 'DomainError';
  }
}

export interface FieldProblem {
  path: (string | number)[];
  message: string;
}

export class InputError extends DomainError {
  constructor(readonly problems: FieldProblem[]) {
    const first = problems[0];
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    super(ErrorCode.BAD_USER_INPUT, `${first ? `${first.path.join('.')}: ${first.message}` : 'invalid input'}${more}`, {
      fields: problems.map((p) => ({ path: p.path, message: p.message })),
    });
  }
}

export const unauthenticated = (message = 'A valid bearer token is required.') =>
  new DomainError(ErrorCode.UNAUTHENTICATED, message);
export const forbidden = (message = 'You are not allowed to do this.') => new DomainError(ErrorCode.FORBIDDEN, message);
export const notFound = (what: string, id: string) => new DomainError(ErrorCode.NOT_FOUND, `${what} ${id} was not found.`);
export const conflict = (message: string) => new DomainError(ErrorCode.CONFLICT, message);

/** Codes GraphQL servers give to the request errors of the spec (syntax, validation, variables). */
const REQUEST_ERROR_CODES = new Set<string>([
  ErrorCode.GRAPHQL_PARSE_FAILED,
  ErrorCode.GRAPHQL_VALIDATION_FAILED,
  ErrorCode.BAD_USER_INPUT,
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/**
 * The one place where errors become what clients see, over HTTP and WebSocket alike:
 * - a DomainError (thrown by us anywhere, or reported by a validation rule) keeps its code and details;
 * - the request errors of GraphQL itself keep their code (Apollo's, or the one the WebSocket gate
 *   gives), and graphql-js's own errors without a path or a cause are variable coercion: BAD_USER_INPUT;
 * - anything else is a bug or an outage: logged in full with a correlation id, shown as
 *   INTERNAL_SERVER_ERROR with only that id. No stack traces, SQL or driver messages, and no
 *   transport detail (`extensions.http`) reach a client, unless `debug` (FAULTBASE_DEBUG_ERRORS).
 */
export function createErrorFormatter(logger: Logger, { debug = false } = {}) {
  return function clientError(error: GraphQLError): GraphQLFormattedError {
    const place = { ...(error.locations ? { locations: error.locations } : {}), ...(error.path ? { path: error.path } : {}) };
    const domain = domainErrorOf(error);
    if (domain) return { message: domain.message, ...place, extensions: { code: domain.code, ...domain.details } };
    const code = error.extensions?.code;
    if (typeof code === 'string' && REQUEST_ERROR_CODES.has(code)) {
      return { message: error.message, ...place, extensions: { code } };
    }
    if (code === undefined && !error.originalError && !error.path) {
      return { message: error.message, ...place, extensions: { code: ErrorCode.BAD_USER_INPUT } };
    }
    const errorId = randomUUID();
    const cause = error.originalError ?? error;
    logger.error({ err: cause, errorId, path: error.path }, 'unexpected error');
    return {
      message: `Internal server error (reference ${errorId}).`,
      ...place,
      extensions: {
        code: ErrorCode.INTERNAL_SERVER_ERROR,
        errorId,
        // FAULTBASE_DEBUG_ERRORS, for development: what the log has, in the response.
        ...(debug ? { debug: { message: cause.message, stack: cause.stack?.split('\n') } } : {}),
      },
    };
  };
}

export type ErrorFormatter = ReturnType<typeof createErrorFormatter>;

/** The DomainError behind an error, through the wrappers of graphql-js, Apollo and type-graphql. */
function domainErrorOf(error: unknown): DomainError | null {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    if (e instanceof DomainError) return e;
    e = (e as { originalError?: unknown }).originalError;
  }
  return null;
}
