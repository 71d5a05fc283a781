import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { GraphQLError } from 'graphql';
import { DomainError } from '../errors/domain-error';
import { asGraphQLError, type ErrorFormatter } from '../graphql/errors';
import { refusalHead } from '../graphql/http-status';

/**
 * Codes of the failures express and body-parser raise before a handler runs, by HTTP status. They
 * are the transport's, not a domain's, so they are not ErrorCodes; clients switch on them as on
 * the rest of `extensions.code`.
 */
const TRANSPORT_CODES: Readonly<Record<number, string>> = {
  400: 'BAD_REQUEST',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

/** A refusal alone, in the GraphQL error shape, with the status its code has over GraphQL. */
export function sendRefusal(res: Response, err: DomainError, formatError: ErrorFormatter): void {
  const head = refusalHead(err);
  res
    .status(head?.status ?? 400)
    .set(Object.fromEntries(head?.headers ?? []))
    .json({ errors: [formatError(asGraphQLError(err))] });
}

/**
 * The last error handler of a plain HTTP endpoint and of the GraphQL admission. Without it, what
 * express and body-parser raise (a path segment that does not percent-decode, an unsupported
 * Content-Encoding, a body that does not inflate…) and any bug reach express's default handler,
 * which answers an HTML page with the stack and the server's file paths. Here:
 * - a DomainError is the refusal it is (sendRefusal);
 * - a client error of the transport (http-errors' `status` 4xx) keeps its status, with a stable
 *   code (BAD_REQUEST, UNSUPPORTED_MEDIA_TYPE, …) and its message only when the library marks it
 *   safe to show (`expose`);
 * - anything else goes through the formatter, the one place that logs an unexpected error with an
 *   errorId and answers INTERNAL_SERVER_ERROR with only that id (graphql/errors.ts).
 */
export function jsonErrors(formatError: ErrorFormatter): ErrorRequestHandler {
  return (err: unknown, _req, res, next) => {
    // Too late to answer: express's handler closes the connection, which is all there is left to do.
    if (res.headersSent) return next(err);
    res.set('cache-control', 'no-store');
    if (err instanceof DomainError) return sendRefusal(res, err, formatError);
    const status = clientStatusOf(err);
    if (status !== null) {
      const code = TRANSPORT_CODES[status] ?? 'BAD_REQUEST';
      const exposed = (err as { expose?: unknown }).expose === true && err instanceof Error;
      res.status(status).json({ errors: [{ message: exposed ? err.message : `The request was refused (HTTP ${status}).`, extensions: { code } }] });
      return;
    }
    const cause = err instanceof Error ? err : new Error(String(err));
    res.status(500).json({ errors: [formatError(new GraphQLError(cause.message, { originalError: cause }))] });
  };
}

/** The 4xx status an error of express or body-parser carries (http-errors), or null. */
function clientStatusOf(err: unknown): number | null {
  if (typeof err !== 'object' || err === null) return null;
  const { status, statusCode } = err as { status?: unknown; statusCode?: unknown };
  const value = typeof status === 'number' ? status : statusCode;
  return typeof value === 'number' && Number.isInteger(value) && value >= 400 && value < 500 ? value : null;
}

/**
 * The answer under /api to an address no endpoint took: JSON with NOT_FOUND like every other refusal
 * there, not express's HTML page (which the console's history fallback would otherwise follow).
 */
export const apiNotFound: RequestHandler = (_req, res) => {
  res.status(404).set('cache-control', 'no-store').json({ errors: [{ message: 'There is no such endpoint.', extensions: { code: TRANSPORT_CODES[404] } }] });
};
