import { randomUUID } from 'node:crypto';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from '../config/logger';
import { DomainError, refusals, type ErrorCode } from '../errors/domain-error';

/**
 * The GraphQL layer's own refusals: who may call, what an operation may ask for, what a
 * connection may hold, what input may look like before a domain sees it.
 */
export const GraphQLRefusals = refusals({
  TOKEN_REQUIRED: 'UNAUTHENTICATED',
  TOKEN_INVALID: 'UNAUTHENTICATED',
  ROLE_NOT_ALLOWED: 'FORBIDDEN',
  INTROSPECTION_NOT_ALLOWED: 'FORBIDDEN',
  /** Input refused before a domain sees it: class-validator's rules, unstorable text, nesting. */
  INVALID_INPUT: 'BAD_USER_INPUT',
  PAGE_SIZE_OUT_OF_RANGE: 'BAD_USER_INPUT',
  CURSOR_INVALID: 'BAD_USER_INPUT',
  // An operation over a limit checked before it runs (limits.ts).
  SIZE: 'QUERY_TOO_COMPLEX',
  TOKENS: 'QUERY_TOO_COMPLEX',
  DEPTH: 'QUERY_TOO_COMPLEX',
  ALIASES: 'QUERY_TOO_COMPLEX',
  DIRECTIVES: 'QUERY_TOO_COMPLEX',
  COST: 'QUERY_TOO_COMPLEX',
  SUBSCRIPTIONS_PER_CONNECTION: 'LIMIT_EXCEEDED',
  SUBSCRIBER_TOO_SLOW: 'SUBSCRIBER_TOO_SLOW',
});

export const unauthenticated = (message = 'A valid bearer token is required.', tokenPresented = false) =>
  GraphQLRefusals.refuse(tokenPresented ? 'TOKEN_INVALID' : 'TOKEN_REQUIRED', message);
export const forbidden = (message = 'You are not allowed to do this.') => GraphQLRefusals.refuse('ROLE_NOT_ALLOWED', message);

/** Codes of the GraphQL layer itself, besides the domains' (ErrorCode). */
export const INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR';
export const GRAPHQL_PARSE_FAILED = 'GRAPHQL_PARSE_FAILED';
export const GRAPHQL_VALIDATION_FAILED = 'GRAPHQL_VALIDATION_FAILED';

/**
 * The HTTP status of a code, when a response has no data (http-status.ts decides when): one
 * exhaustive map, so a new code cannot go without one.
 */
export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case 'BAD_USER_INPUT':
    case 'QUERY_TOO_COMPLEX':
      return 400;
    case 'UNAUTHENTICATED':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'NOT_FOUND':
      return 404;
    case 'CONFLICT':
      return 409;
    case 'RATE_LIMITED':
    case 'LIMIT_EXCEEDED':
      return 429;
    case 'PAYLOAD_TOO_LARGE':
      return 413;
    case 'SUBSCRIBER_TOO_SLOW':
      return 503;
    default:
      return assertUnreachable(code);
  }
}

function assertUnreachable(value: never): never {
  throw new Error(`no HTTP status for error code ${String(value)}`);
}

/**
 * A DomainError as GraphQL carries it, for the places that must hand graphql-js or graphql-ws a
 * GraphQLError (validation rules, graphql-ws's onSubscribe); the formatter finds the DomainError
 * behind it.
 */
export const asGraphQLError = (error: DomainError) => new GraphQLError(error.message, { originalError: error });

/** Codes GraphQL servers give to the request errors of the spec (syntax, validation, variables). */
const REQUEST_ERROR_CODES = new Set<string>([
  GRAPHQL_PARSE_FAILED,
  GRAPHQL_VALIDATION_FAILED,
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/**
 * The one place where errors become what clients see, over HTTP and WebSocket alike:
 * - a DomainError (thrown by a domain or the plumbing, anywhere behind graphql-js's, Apollo's or
 *   type-graphql's wrappers) becomes `extensions { code, reason, …details }`;
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
    if (domain) return { message: domain.message, ...place, extensions: { code: domain.code, reason: domain.reason, ...domain.details } };
    const code = error.extensions?.code;
    if (typeof code === 'string' && REQUEST_ERROR_CODES.has(code)) {
      return { message: error.message, ...place, extensions: { code } };
    }
    if (code === undefined && !error.originalError && !error.path) {
      return { message: error.message, ...place, extensions: { code: 'BAD_USER_INPUT' } };
    }
    const errorId = randomUUID();
    const cause = error.originalError ?? error;
    logger.error({ err: cause, errorId, path: error.path }, 'unexpected error');
    return {
      message: `Internal server error (reference ${errorId}).`,
      ...place,
      extensions: {
        code: INTERNAL_SERVER_ERROR,
        errorId,
        // FAULTBASE_DEBUG_ERRORS, for development: what the log has, in the response.
        ...(debug ? { debug: { message: cause.message, stack: cause.stack?.split('\n') } } : {}),
      },
    };
  };
}

export type ErrorFormatter = ReturnType<typeof createErrorFormatter>;

/** The DomainError behind an error, through the wrappers of graphql-js, Apollo and type-graphql. */
export function domainErrorOf(error: unknown): DomainError | null {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    if (e instanceof DomainError) return e;
    e = (e as { originalError?: unknown }).originalError;
  }
  return null;
}
