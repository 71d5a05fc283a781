import { connect } from 'node:net';
import { getIntrospectionQuery } from 'graphql';
import { gql, ok } from './harness/client';
import { createUser, createVendorUser, faultInput, registerDevice, REPORT } from './harness/factories';
import { TestServer } from './harness/server';
import { openSocket } from './harness/subscriptions';
import { runOperation, TRANSPORTS, type Transport } from './harness/transports';

let server: TestServer;
let technician: string;
let vendorUser: string;
let device: string;
let signatureId: string;

beforeAll(async () => {
  server = await TestServer.start();
  technician = (await createUser(server.url, server.adminToken)).token;
  vendorUser = (await createVendorUser(server.url, server.adminToken)).token;
  const d = await registerDevice(server.url, server.adminToken);
  device = d.token;
  signatureId = ok(await gql(server.url, device, REPORT, { i: faultInput({ errorCode: 'E_LIMITS' }) })).reportFault.signature.id;
});
afterAll(() => server?.stop());

const repeat = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join(' ');
const nested = (depth: number): string => (depth === 0 ? 'id' : `mergedInto { ${nested(depth - 1)} }`);

/** `anyone`: no token over HTTP; a device over WebSocket, which refuses a connection without one. */
type Who = 'anyone' | 'technician';
const tokenOf = (who: Who, transport: Transport) => (who === 'technician' ? technician : transport === 'http' ? null : device);

/** Operations over a limit: each is refused before it runs, with the same code and reason on both transports. */
const refused: { name: string; who: Who; query: () => string; variables?: Record<string, unknown>; reason: string }[] = [
  { name: '400,000 aliases in 8 MB', who: 'technician', query: () => `{ ${repeat(400_000, (i) => `a${i}: __typename`)} }`, reason: 'SIZE' },
  { name: 'more tokens than allowed', who: 'anyone', query: () => `{ ${repeat(4_000, () => '__typename')} }`, reason: 'TOKENS' },
  {
    name: 'nesting deeper than allowed',
    who: 'technician',
    query: () => `query($id: ID!) { signature(id: $id) { ${nested(14)} } }`,
    variables: { id: '00000000-0000-4000-8000-000000000000' },
    reason: 'DEPTH',
  },
  { name: 'more aliases than allowed', who: 'technician', query: () => `{ ${repeat(21, (i) => `m${i}: me { id }`)} }`, reason: 'ALIASES' },
  { name: 'more directives than allowed', who: 'technician', query: () => `{ me { ${repeat(21, () => 'id @include(if: true)')} } }`, reason: 'DIRECTIVES' },
  {
    // The technician's query of the review, in one alias: 100 signatures × 100 reports with their traces.
    name: 'a list of lists over the cost budget',
    who: 'technician',
    query: () => `query($n: Int) { signatures(first: $n) { edges { node { id reports(first: $n) { edges { node { id stackTrace attributes } } } } } } }`,
    variables: { n: 100 },
    reason: 'COST',
  },
  {
    name: '50 aliases of signatures × reports',
    who: 'technician',
    query: () => `{ ${repeat(50, (i) => `s${i}: signatures(first: 100) { edges { node { reports(first: 100) { edges { node { stackTrace } } } } } }`)} }`,
    reason: 'ALIASES',
  },
];

describe.each(TRANSPORTS)('over %s', (transport: Transport) => {
  it.each(refused)('refuses $name with QUERY_TOO_COMPLEX ($reason)', async ({ who, query, variables, reason }) => {
    const res = await runOperation(transport, server.url, tokenOf(who, transport), query(), variables);
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', reason });
    if (transport === 'http') expect(res.status).toBe(400);
  });

  it('runs the same list with a small page, and the full introspection query for a user', async () => {
    const list = await runOperation(
      transport,
      server.url,
      technician,
      `query($n: Int) { signatures(first: $n) { edges { node { id reports(first: $n) { edges { node { id stackTrace attributes } } } } } } }`,
      { n: 5 },
    );
    expect(list.errors).toBeUndefined();
    expect(list.data!.signatures.edges.length).toBeGreaterThan(0);
    const schema = await runOperation(transport, server.url, vendorUser, getIntrospectionQuery({ descriptions: true }));
    expect(schema.errors).toBeUndefined();
    expect(schema.data!.__schema.queryType.name).toBe('Query');
  });

  it('shows the schema to signed-in users only: introspection and spelling hints', async () => {
    const introspect = `{ __schema { types { name } } }`;
    if (transport === 'http') {
      const anonymous = await runOperation(transport, server.url, null, introspect);
      expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(anonymous.status).toBe(401);
      const typeByAnonymous = await runOperation(transport, server.url, null, `{ __type(name: "FaultSignature") { fields { name } } }`);
      expect(typeByAnonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      // __typename is not introspection.
      expect(ok(await gql(server.url, null, `{ __typename }`))).toEqual({ __typename: 'Query' });
      // Spelling hints would name the fields one by one.
      const typo = await runOperation(transport, server.url, null, `{ signaturs { totalCount } }`);
      expect(typo.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(typo.errors?.[0]?.message).not.toMatch(/Did you mean/);
    }
    const byDevice = await runOperation(transport, server.url, device, `fragment F on Query { __schema { queryType { name } } } { ...F }`);
    expect(byDevice.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    if (transport === 'http') expect(byDevice.status).toBe(403);
    const deviceTypo = await runOperation(transport, server.url, device, `{ deviceConfg { enabled } }`);
    expect(deviceTypo.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(deviceTypo.errors?.[0]?.message).not.toMatch(/Did you mean/);
    const technicianTypo = await runOperation(transport, server.url, technician, `{ signaturs { totalCount } }`);
    expect(technicianTypo.errors?.[0]?.message).toMatch(/Did you mean .*"signatures"/);
    expect(ok(await runOperation(transport, server.url, technician, introspect)).__schema.types.length).toBeGreaterThan(20);
  });
});

/**
 * Sends a request's head and only the first bytes of a larger body it declares, then reads what
 * the server answers: whether it refuses without waiting for (or reading) the rest.
 */
function sendHeadOnly(url: string, declaredLength: number, firstBytes: string): Promise<{ status: number; headers: string; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(`POST /graphql HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\nContent-Length: ${declaredLength}\r\n\r\n${firstBytes}`);
    });
    let raw = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (raw += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = raw.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(head)?.[1]), headers: head.toLowerCase(), body });
    });
  });
}

it("refuses the review's 10 MB of 520,000 aliases without a token before reading it, and closes the connection", async () => {
  const bomb = JSON.stringify({ query: `{ ${repeat(520_000, (i) => `a${i}: __typename`)} }` });
  // Only 64 KB of the 10 MB are ever sent: the answer comes anyway, and the server hangs up.
  const res = await sendHeadOnly(server.url, Buffer.byteLength(bomb), bomb.slice(0, 65_536));
  expect(res.status).toBe(413);
  expect(res.headers).toContain('connection: close');
  expect(JSON.parse(res.body).errors[0]).toMatchObject({
    message: 'The request body exceeds 128kb (the limit of a request without a valid token).',
    extensions: { code: 'PAYLOAD_TOO_LARGE', limit: '128kb' },
  });
  // With a valid token the body limit is FAULTBASE_BODY_LIMIT, and the query is refused for its size.
  const signedIn = await gql(server.url, device, `{ ${repeat(200_000, (i) => `a${i}: __typename`)} }`);
  expect([signedIn.status, signedIn.errors?.[0]?.extensions]).toEqual([400, { code: 'QUERY_TOO_COMPLEX', reason: 'SIZE', limit: 100_000 }]);
});

it('answers a bad subscription with an error for it alone: the socket and its other subscriptions live on', async () => {
  const socket = await openSocket(server.url, technician);
  const feed = socket.subscribe(`subscription { faultReported(filter: { errorCode: "E_AFTER_BAD" }) { id } }`);
  const syntax = socket.subscribe(`subscription { faultReported { id `);
  const tooDeep = socket.subscribe(`query($id: ID!) { signature(id: $id) { ${nested(14)} } }`, { id: signatureId });
  const unknown = socket.subscribe(`subscription { nothingHere }`);
  await Promise.all([syntax.ended, tooDeep.ended, unknown.ended]);
  expect(syntax.errors).toMatchObject([{ extensions: { code: 'GRAPHQL_PARSE_FAILED' } }]);
  expect(tooDeep.errors).toMatchObject([{ extensions: { code: 'QUERY_TOO_COMPLEX', reason: 'DEPTH' } }]);
  expect(unknown.errors).toMatchObject([{ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }]);
  // Still open: a report reaches the first subscription, and a new operation runs.
  const d = await registerDevice(server.url, server.adminToken);
  const stored = ok(await gql(server.url, d.token, REPORT, { i: faultInput({ errorCode: 'E_AFTER_BAD' }) })).reportFault;
  expect((await feed.waitFor(1))[0]).toEqual({ faultReported: { id: stored.report.id } });
  const me = socket.subscribe(`{ me { role } }`);
  await me.ended;
  expect(me.events).toEqual([{ me: { role: 'TECHNICIAN' } }]);
  await socket.dispose();
});
