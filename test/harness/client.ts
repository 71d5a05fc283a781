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
export async function gql<T = Record<string, any>>(
  url: string,
  token: string | null,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GqlResponse<T>> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  try {
    return { status: res.status, ...(JSON.parse(text) as object) };
  } catch {
    return { status: res.status, errors: [{ message: text }] };
  }
}

/** The data of a response that must have succeeded; fails the test with the errors otherwise. */
export function ok<T>(res: GqlResponse<T>): T {
  if (res.errors?.length || !res.data) {
    throw new Error(`expected success, got ${res.status}: ${JSON.stringify(res.errors ?? res)}`);
  }
  return res.data;
}

export const codeOf = (res: GqlResponse): string | undefined => res.errors?.[0]?.extensions?.code;
