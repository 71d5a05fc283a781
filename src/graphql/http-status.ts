import type { ApolloServerPlugin } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { DomainError, ErrorCode } from '../errors/domain-error';
import { httpStatusOf } from './errors';

interface ResultShape {
  data?: unknown;
  errors?: readonly { extensions?: Record<string, unknown> }[];
}

interface HttpHead {
  status: number;
  headers: [string, string][];
}

const DOMAIN_CODES = new Set<string>([
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'QUERY_TOO_COMPLEX',
  'LIMIT_EXCEEDED',
  'PAYLOAD_TOO_LARGE',
  'SUBSCRIBER_TOO_SLOW',
] satisfies ErrorCode[]);

/**
 * The HTTP status of a GraphQL response, decided in this one place. The GraphQL-over-HTTP spec and
 * clients (Apollo Client drops partial data on a non-2xx) want any response carrying data to be
 * 2xx, so 401 and 429 are used only when `data` is null or absent; 429 says when to come back
 * (Retry-After). A request refused before execution (no `data` key) gets a 4xx for its cause.
 * Returns null to keep the status the server chose.
 */
export function httpHeadFor(result: ResultShape): HttpHead | null {
  if (result.data !== undefined && result.data !== null) return null;
  const codes = (result.errors ?? []).map((e) => e.extensions?.code);
  if (codes.includes('RATE_LIMITED')) {
    const seconds = Math.max(
      1,
      ...(result.errors ?? []).map((e) => Number(e.extensions?.retryAfterSeconds)).filter((n) => Number.isFinite(n)),
    );
    return { status: 429, headers: [['retry-after', String(Math.ceil(seconds))]] };
  }
  if (codes.includes('UNAUTHENTICATED')) return { status: 401, headers: [] };
  if (result.data === undefined) {
    const code = codes.find((c): c is ErrorCode => DOMAIN_CODES.has(String(c)));
    if (code) return { status: httpStatusOf(code), headers: [] };
  }
  return null;
}

/** Applies httpHeadFor to every single-result response Apollo sends. */
export const httpStatusPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single') return;
        const head = httpHeadFor(response.body.singleResult);
        if (!head) return;
        response.http.status = head.status;
        for (const [name, value] of head.headers) response.http.headers.set(name, value);
      },
    };
  },
};

/** The status and headers of a response that is this refusal alone. */
export const refusalHead = (error: DomainError) => httpHeadFor({ errors: [{ extensions: { code: error.code, ...error.details } }] });

/**
 * A refusal raised while the request context is built (before Apollo's plugins run, so the status
 * travels with the error, the way Apollo reads it there): same decision as httpHeadFor.
 */
export function withHttpHead(error: DomainError): GraphQLError {
  const head = refusalHead(error);
  return new GraphQLError(error.message, {
    originalError: error,
    extensions: head ? { http: { status: head.status, headers: new HeaderMap(head.headers) } } : {},
  });
}
