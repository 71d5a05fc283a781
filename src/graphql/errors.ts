import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { Logger } from '../config/logger';

/** Stable `extensions.code` values that clients may switch on. */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  RATE_LIMITED = 'RATE_LIMITED',
  SUBSCRIBER_TOO_SLOW = 'SUBSCRIBER_TOO_SLOW',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.RATE_LIMITED]: 429,
};

/**
 * A failure the caller can act on. Domains throw these; they are GraphQL errors with a stable
 * `extensions.code` (and the HTTP status Apollo should answer with, which it strips from the body).
 */
export class DomainError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    const status = HTTP_STATUS[code];
    super(message, { extensions: { code, ...details, ...(status ? { http: { status } } : {}) } });
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

/**
 * The one place where errors become what clients see. Domain errors keep their code and details;
 * GraphQL's own errors keep Apollo's code; anything else is a bug or an outage:
 * logged in full, shown as INTERNAL_SERVER_ERROR without internals.
 */
export function formatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof DomainError) {
      return { ...formatted, message: original.message, extensions: { code: original.code, ...original.details } };
    }
    // GraphQL's own errors (syntax, validation, variable coercion) already carry Apollo's code.
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && code !== ErrorCode.INTERNAL_SERVER_ERROR) return formatted;
    logger.error({ err: original, path: formatted.path }, 'unexpected error');
    return {
      message: 'Internal server error.',
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}
