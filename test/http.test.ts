import { auditServer } from 'graphql-http';
import { gql, ok } from './harness/client';
import { createUser, faultInput, registerDevice, REPORT } from './harness/factories';
import { TestServer } from './harness/server';

const CONSOLE_ORIGIN = 'https://console.example.com';
let server: TestServer;
let technician: string;

beforeAll(async () => {
  server = await TestServer.start({ FAULTBASE_CORS_ORIGINS: `${CONSOLE_ORIGIN},https://other-console.example.com` });
  technician = (await createUser(server.url, server.adminToken)).token;
});
afterAll(() => server?.stop());

const get = (query: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/graphql?query=${encodeURIComponent(query)}`, { headers });

it("passes the graphql-http server audit with no MUST failures", async () => {
  // Every request carries a token: this API has nothing for anonymous callers but { __typename }.
  const fetchFn = (input: string, init: RequestInit = {}) =>
    fetch(input, { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${server.adminToken}` } });
  const results = await auditServer({ url: `${server.url}/graphql`, fetchFn });
  const failedMusts = results.filter((r) => r.name.startsWith('MUST') && r.status !== 'ok').map((r) => `${r.name}: ${'reason' in r ? r.reason : ''}`);
  expect(failedMusts).toEqual([]);
  expect(results.filter((r) => r.name.startsWith('MUST')).length).toBeGreaterThan(10);
});

it('answers a GET query that carries a token (urql and browsers send one), and refuses a GET without any header that forces a preflight', async () => {
  const withToken = await get(`{ me { role } }`, { authorization: `Bearer ${technician}` });
  expect(withToken.status).toBe(200);
  expect(await withToken.json()).toEqual({ data: { me: { role: 'TECHNICIAN' } } });
  const bare = await get(`{ __typename }`);
  expect(bare.status).toBe(400);
  const mutation = await get(`mutation { revokeUser(id: "x") { id } }`, { authorization: `Bearer ${technician}` });
  expect(mutation.status).toBe(405);
});

it('sends security headers everywhere and no-store on every GraphQL answer', async () => {
  const answers = [
    await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${technician}` }, body: JSON.stringify({ query: '{ me { id } }' }) }),
    await get(`{ me { id } }`, { authorization: `Bearer ${technician}` }),
    await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{ not json' }),
    await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ me { id } }' }) }),
  ];
  for (const res of answers) {
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(res.headers.get('x-powered-by')).toBeNull();
  }
  const health = await fetch(`${server.url}/healthz`);
  expect(health.headers.get('x-content-type-options')).toBe('nosniff');
});

it('allows browser calls from the configured origins only (FAULTBASE_CORS_ORIGINS)', async () => {
  const preflight = (origin: string) =>
    fetch(`${server.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
  const allowed = await preflight(CONSOLE_ORIGIN);
  expect(allowed.status).toBe(204);
  expect(allowed.headers.get('access-control-allow-origin')).toBe(CONSOLE_ORIGIN);
  expect(allowed.headers.get('access-control-allow-headers')).toMatch(/authorization/);
  expect(allowed.headers.get('access-control-allow-methods')).toMatch(/POST/);
  const stranger = await preflight('https://evil.example.net');
  expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
  const actual = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { origin: CONSOLE_ORIGIN, 'content-type': 'application/json', authorization: `Bearer ${technician}` },
    body: JSON.stringify({ query: '{ me { role } }' }),
  });
  expect(actual.headers.get('access-control-allow-origin')).toBe(CONSOLE_ORIGIN);
});

it('answers 401 and 429 only when there is no data, and 429 says when to retry', async () => {
  // A nullable root field: data is { signature: null }, so the status stays 200.
  const partial = await gql(server.url, null, `{ signature(id: "00000000-0000-4000-8000-000000000000") { id } }`);
  expect([partial.status, partial.data, partial.errors?.[0]?.extensions?.code]).toEqual([200, { signature: null }, 'UNAUTHENTICATED']);
  const none = await gql(server.url, null, `{ me { id } }`);
  expect([none.status, none.data, none.errors?.[0]?.extensions?.code]).toEqual([401, null, 'UNAUTHENTICATED']);

  const device = await registerDevice(server.url, server.adminToken);
  ok(await gql(server.url, server.adminToken, `mutation($id: ID!) { setReportingPolicy(deviceId: $id, input: { maxReportsPerHour: 1 }) { id } }`, { id: device.device.id }));
  ok(await gql(server.url, device.token, REPORT, { i: faultInput() }));
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${device.token}` },
    body: JSON.stringify({ query: REPORT, variables: { i: faultInput() } }),
  });
  expect(res.status).toBe(429);
  const body = (await res.json()) as { errors: { extensions: { retryAfterSeconds: number } }[] };
  expect(Number(res.headers.get('retry-after'))).toBe(body.errors[0]!.extensions.retryAfterSeconds);
});

it('pages with a Relay-complete PageInfo', async () => {
  const device = await registerDevice(server.url, server.adminToken);
  for (const code of ['E_PAGE_1', 'E_PAGE_2', 'E_PAGE_3']) {
    ok(await gql(server.url, device.token, REPORT, { i: faultInput({ errorCode: code, application: { name: 'PageApp', version: '1' } }) }));
  }
  const PAGE = `query($after: String) { signatures(first: 2, after: $after, filter: { applicationName: "PageApp" }) {
    edges { cursor } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;
  const first = ok(await gql(server.url, technician, PAGE, { after: null })).signatures;
  expect(first.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false, startCursor: first.edges[0].cursor, endCursor: first.edges[1].cursor });
  const second = ok(await gql(server.url, technician, PAGE, { after: first.pageInfo.endCursor })).signatures;
  expect(second.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true, startCursor: second.edges[0].cursor, endCursor: second.edges[0].cursor });
  const empty = ok(await gql(server.url, technician, PAGE, { after: second.pageInfo.endCursor })).signatures;
  expect(empty).toEqual({ edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null } });
});

it('answers what the body parser refuses on /graphql as JSON with a stable code, never a page with a stack', async () => {
  const post = async (headers: Record<string, string>) => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${technician}`, ...headers },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    const text = await res.text();
    expect(text).not.toMatch(/node_modules|\.js:\d+|\bat [\w.<>]+ \(/);
    return { status: res.status, type: res.headers.get('content-type'), body: JSON.parse(text) as unknown };
  };
  expect(await post({ 'content-encoding': 'compress' })).toEqual({
    status: 415,
    type: expect.stringMatching(/^application\/json/),
    body: { errors: [{ message: expect.any(String), extensions: { code: 'UNSUPPORTED_MEDIA_TYPE' } }] },
  });
  expect(await post({ 'content-encoding': 'gzip' })).toEqual({
    status: 400,
    type: expect.stringMatching(/^application\/json/),
    body: { errors: [{ message: expect.any(String), extensions: { code: 'BAD_REQUEST' } }] },
  });
});

it('answers an address under /api that no endpoint takes, and a file that is not there, as JSON 404s', async () => {
  const read = async (res: Response) => ({ status: res.status, type: res.headers.get('content-type'), body: JSON.parse(await res.text()) as unknown });
  const notFound = { status: 404, type: expect.stringMatching(/^application\/json/), body: { errors: [{ message: expect.any(String), extensions: { code: 'NOT_FOUND' } }] } };
  const auth = { authorization: `Bearer ${technician}` };
  expect(await read(await fetch(`${server.url}/api/nothing-here`, { method: 'PUT', headers: auth, body: 'x' }))).toEqual(notFound);
  // A page request under /api is not the console's either.
  expect(await read(await fetch(`${server.url}/api/nothing-here`, { headers: { ...auth, accept: 'text/html' } }))).toEqual(notFound);
  expect(await read(await fetch(`${server.url}/assets/nothing-here.js`))).toEqual(notFound);
});
