import http from 'node:http';

export interface GqlError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

export interface GqlResponse<T = Record<string, any>> {
  status: number;
  data?: T | null;
  errors?: GqlError[];
}

/** POST /graphql over real HTTP, with an optional bearer token. */
export function gql<T = Record<string, any>>(
  url: string,
  token: string | null,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GqlResponse<T>> {
  return gqlBody<T>(url, token, JSON.stringify({ query, variables }));
}

/** POST /graphql with a request body written by hand (JSON that JSON.stringify could not produce, e.g. nested 5,000 deep). */
export async function gqlBody<T = Record<string, any>>(url: string, token: string | null, body: string): Promise<GqlResponse<T>> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  const text = await res.text();
  try {
    return { status: res.status, ...(JSON.parse(text) as object) };
  } catch {
    return { status: res.status, errors: [{ message: text }] };
  }
}

/**
 * POST /graphql from another loopback address (127.0.0.2, …), for per-address behaviour: the whole
 * 127.0.0.0/8 reaches the server listening on 127.0.0.1. Also returns the response's headers.
 */
export function gqlFrom<T = Record<string, any>>(
  localAddress: string,
  url: string,
  token: string | null,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GqlResponse<T> & { headers: http.IncomingHttpHeaders }> {
  const body = JSON.stringify({ query, variables });
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${url}/graphql`,
      {
        method: 'POST',
        localAddress,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, ...(JSON.parse(text) as object) }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The data of a response that must have succeeded; fails the test with the errors otherwise. */
export function ok<R extends { data?: unknown; errors?: GqlError[]; status?: number }>(res: R): NonNullable<R['data']> {
  if (res.errors?.length || !res.data) {
    throw new Error(`expected success, got ${res.status ?? 'an error'}: ${JSON.stringify(res.errors ?? res)}`);
  }
  return res.data as NonNullable<R['data']>;
}

export const codeOf = (res: GqlResponse): string | undefined => res.errors?.[0]?.extensions?.code;
