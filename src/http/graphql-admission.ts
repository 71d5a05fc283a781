import express, { type ErrorRequestHandler, type RequestHandler, type Response } from 'express';
import { bytesOf } from '../config/config';
import type { Caller, CallerContext } from '../graphql/caller';
import { DomainError } from '../errors/domain-error';
import type { ErrorFormatter } from '../graphql/errors';
import { bearerToken } from './bearer-token';
import type { ClientAddressOf } from './client-address';
import { jsonErrors, sendRefusal } from './json-errors';

/**
 * A body without a valid token can only carry a query (nothing is allowed to an anonymous caller
 * but `{ __typename }`), and a query text is at most 100,000 characters (limits.ts): this holds it
 * with room for its variables. Devices and users get FAULTBASE_BODY_LIMIT (batches of reports).
 */
export const ANONYMOUS_BODY_LIMIT = '128kb';

/** Who sent the request, known before its body is read; Apollo's context takes it from here. */
export const callerOf = (res: Response): CallerContext => res.locals.caller as CallerContext;

interface AdmissionOptions {
  /** The caller of a token (throws RATE_LIMITED while the address is throttled), or null. */
  authenticate(token: string, address: string): Promise<Caller | null>;
  clientAddress: ClientAddressOf;
  bodyLimit: string;
  formatError: ErrorFormatter;
}

/**
 * The GraphQL endpoint's first steps, before any body is read: the caller is resolved from the
 * Authorization header (refused at once while its address is throttled), then the body is read
 * under the caller's limit. A 10 MB body without a valid token is refused after 128 KB instead of
 * being parsed whole.
 */
export function graphqlAdmission({ authenticate, clientAddress, bodyLimit, formatError }: AdmissionOptions): express.Router {
  const signedIn = express.json({ limit: bodyLimit });
  const anonymous = express.json({ limit: ANONYMOUS_BODY_LIMIT });

  const identify: RequestHandler = async (req, res, next) => {
    const token = bearerToken(req.headers.authorization);
    try {
      const principal = token ? await authenticate(token, clientAddress(req)) : null;
      res.locals.caller = { principal, tokenPresented: token !== null } satisfies CallerContext;
      next();
    } catch (err) {
      if (!(err instanceof DomainError)) return next(err);
      sendRefusal(res, err, formatError);
    }
  };

  /**
   * A body declared larger than the caller's limit is refused before a byte of it is parsed. Without
   * a valid token the connection is closed too, so the rest is dropped unread: reading 10 MB costs
   * the server ~30 ms of CPU, refusing it unread ~1.5 ms (BENCHMARKS.md, abuse). A client still
   * sending then sees the connection close rather than the answer, unless it sent
   * `Expect: 100-continue` (curl does for large bodies). A device or user gets the answer after the
   * server has read past the body, as HTTP clients expect.
   */
  const readBody: RequestHandler = (req, res, next) => {
    const signedInCaller = callerOf(res).principal !== null;
    if (Number(req.headers['content-length']) > bytesOf(signedInCaller ? bodyLimit : ANONYMOUS_BODY_LIMIT)) {
      tooLarge(res, signedInCaller);
      return;
    }
    (signedInCaller ? signedIn : anonymous)(req, res, next);
  };

  const tooLarge = (res: Response, signedInCaller: boolean) => {
    const limit = signedInCaller ? bodyLimit : ANONYMOUS_BODY_LIMIT;
    if (!signedInCaller) res.set('connection', 'close');
    res.status(413).json({
      errors: [
        {
          message: `The request body exceeds ${limit}${signedInCaller ? '' : ' (the limit of a request without a valid token)'}.`,
          extensions: { code: 'PAYLOAD_TOO_LARGE', limit },
        },
      ],
    });
  };

  /** Body-parser failures (too large without a Content-Length, malformed JSON) as GraphQL-shaped JSON with a stable code. */
  const bodyErrors: ErrorRequestHandler = (err: { type?: string }, _req, res, next) => {
    if (err?.type === 'entity.too.large') {
      tooLarge(res, callerOf(res).principal !== null);
      return;
    }
    if (err?.type === 'entity.parse.failed') {
      res.status(400).json({ errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
      return;
    }
    next(err);
  };

  // Last: the body-parser failures without a case above (an unsupported Content-Encoding, a body
  // that does not inflate) and anything unexpected, as JSON rather than express's HTML page.
  return express.Router().use(identify, readBody, bodyErrors, jsonErrors(formatError));
}
