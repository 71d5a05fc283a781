import { createClient } from 'graphql-ws';
import pg from 'pg';
import WebSocket from 'ws';
import { codeOf, gql, ok } from './harness/client';
import { faultInput, registerDevice, REPORT } from './harness/factories';
import { TestServer } from './harness/server';

let server: TestServer;
let technician: string;
let vendorUser: string;
let device: { token: string; device: { id: string } };
let signatureId: string;

const CREATE_USER = `mutation($i: CreateUserInput!) { createUser(input: $i) { token user { id email role } } }`;

beforeAll(async () => {
  server = await TestServer.start();
  const tech = ok(await gql(server.url, server.adminToken, CREATE_USER, { i: { email: 'Tess@Example.com', name: 'Tess', role: 'TECHNICIAN' } }));
  expect(tech.createUser.user).toMatchObject({ email: 'tess@example.com', role: 'TECHNICIAN' });
  technician = tech.createUser.token;
  const vendor = ok(await gql(server.url, server.adminToken, `mutation { createVendor(input: { name: "Example Games" }) { id } }`)).createVendor;
  vendorUser = ok(
    await gql(server.url, server.adminToken, `mutation($v: ID!) { createVendorUser(vendorId: $v, input: { email: "vic@example.com", name: "Vic" }) { token user { id } } }`, { v: vendor.id }),
  ).createVendorUser.token;
  device = await registerDevice(server.url, technician);
  signatureId = ok(await gql(server.url, device.token, REPORT, { i: faultInput() })).reportFault.signature.id;
});
afterAll(() => server?.stop());

type Caller = 'anonymous' | 'bad token' | 'admin' | 'technician' | 'vendor' | 'device';
const token = (caller: Caller): string | null =>
  ({ anonymous: null, 'bad token': 'fbu_not-a-real-token', admin: server.adminToken, technician, vendor: vendorUser, device: device.token })[caller];

const ops: Record<string, { query: string; vars?: () => Record<string, unknown>; allowed: Caller[] }> = {
  deviceConfig: { query: `{ deviceConfig { enabled } }`, allowed: ['device'] },
  signatures: { query: `{ signatures(first: 1) { totalCount } }`, allowed: ['admin', 'technician'] },
  signature: { query: `query($id: ID!) { signature(id: $id) { id } }`, vars: () => ({ id: signatureId }), allowed: ['admin', 'technician'] },
  device: { query: `query($id: ID!) { device(id: $id) { id } }`, vars: () => ({ id: device.device.id }), allowed: ['admin', 'technician'] },
  devices: { query: `{ devices(first: 1) { totalCount } }`, allowed: ['admin', 'technician'] },
  updateSignature: {
    query: `mutation($id: ID!) { updateSignature(id: $id, input: { note: "checked" }) { id } }`,
    vars: () => ({ id: signatureId }),
    allowed: ['admin', 'technician'],
  },
  vendors: { query: `{ vendors { id } }`, allowed: ['admin', 'technician'] },
  me: { query: `{ me { id } }`, allowed: ['admin', 'technician', 'vendor'] },
  registerDevice: {
    query: `mutation($i: RegisterDeviceInput!) { registerDevice(input: $i) { token } }`,
    vars: () => ({ i: { serialNumber: `S-${Math.random()}`, manufacturer: 'Nokia', model: 'N95' } }),
    allowed: ['admin', 'technician'],
  },
  setReportingPolicy: {
    query: `mutation($id: ID!) { setReportingPolicy(deviceId: $id, input: { maxReportsPerHour: 500 }) { id } }`,
    vars: () => ({ id: device.device.id }),
    allowed: ['admin', 'technician'],
  },
  reportFault: { query: REPORT, vars: () => ({ i: faultInput({ errorCode: 'E_AUTH_MATRIX' }) }), allowed: ['device'] },
  createUser: {
    query: CREATE_USER,
    vars: () => ({ i: { email: `u${Math.random()}@example.com`, name: 'U' } }),
    allowed: ['admin'],
  },
  createVendor: {
    query: `mutation($n: String!) { createVendor(input: { name: $n }) { id } }`,
    vars: () => ({ n: `Vendor ${Math.random()}` }),
    allowed: ['admin'],
  },
};

const callers: Caller[] = ['anonymous', 'bad token', 'admin', 'technician', 'vendor', 'device'];
const matrix = Object.entries(ops).flatMap(([name, op]) => callers.map((caller) => [name, caller, op] as const));

it.each(matrix)('%s as %s', async (_name, caller, op) => {
  const res = await gql(server.url, token(caller), op.query, op.vars?.() ?? {});
  if (op.allowed.includes(caller)) {
    expect(res.errors).toBeUndefined();
  } else if (caller === 'anonymous' || caller === 'bad token') {
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
    // 401 only when there is no data at all (a nullable root field answers { field: null } with 200).
    expect(res.status).toBe(res.data == null ? 401 : 200);
  } else {
    expect(codeOf(res)).toBe('FORBIDDEN');
  }
});

it('every root operation refuses an anonymous caller', async () => {
  const intro = ok(await gql(server.url, server.adminToken, `{ __schema { queryType { fields { name } } mutationType { fields { name } } } }`));
  const fields = [
    ...intro.__schema.queryType.fields.map((f: { name: string }) => ['query', f.name]),
    ...intro.__schema.mutationType.fields.map((f: { name: string }) => ['mutation', f.name]),
  ];
  expect(fields.length).toBeGreaterThan(10);
  for (const [kind, name] of fields) {
    // Arguments are omitted on purpose: authorisation must refuse before anything else would.
    const res = await gql(server.url, null, `${kind} { ${name} { __typename } }`);
    const code = codeOf(res);
    // Either refused as anonymous, or rejected earlier by GraphQL validation (missing required args).
    expect(['UNAUTHENTICATED', 'GRAPHQL_VALIDATION_FAILED']).toContain(code);
  }
});

it('a device cannot reach other devices through its receipt', async () => {
  const res = await gql(server.url, device.token, `mutation($i: FaultReportInput!) { reportFault(input: $i) { signature { reports(first: 5) { totalCount } } } }`, {
    i: faultInput({ errorCode: 'E_NAVIGATE' }),
  });
  expect(codeOf(res)).toBe('FORBIDDEN');
});

it('a revoked device is refused at once, and its report is not stored', async () => {
  const victim = await registerDevice(server.url, server.adminToken);
  expect(ok(await gql(server.url, victim.token, `{ deviceConfig { enabled } }`)).deviceConfig.enabled).toBe(true);
  const revoked = ok(await gql(server.url, technician, `mutation($id: ID!) { revokeDevice(id: $id) { status revokedAt } }`, { id: victim.device.id }));
  expect(revoked.revokeDevice.status).toBe('REVOKED');
  const res = await gql(server.url, victim.token, REPORT, { i: faultInput() });
  expect(codeOf(res)).toBe('UNAUTHENTICATED');
  expect(res.errors![0]!.message).toMatch(/revoked/);
});

it('tokens are shown once and only their hashes are stored', async () => {
  const created = ok(await gql(server.url, server.adminToken, CREATE_USER, { i: { email: 'hash@example.com', name: 'H' } })).createUser;
  expect(created.token).toMatch(/^fbu_[A-Za-z0-9_-]{43}$/);
  if (!server.databaseUrl) return; // the embedded folder belongs to the running server
  const client = new pg.Client({ connectionString: server.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT token_hash FROM app_user WHERE email = 'hash@example.com'`);
    expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    const all = await client.query(`SELECT count(*)::int AS n FROM app_user WHERE token_hash = $1`, [created.token]);
    expect(all.rows[0].n).toBe(0);
  } finally {
    await client.end();
  }
});

it('refuses a WebSocket connection without a valid token', async () => {
  const client = createClient({ url: server.url.replace('http', 'ws') + '/graphql', webSocketImpl: WebSocket, retryAttempts: 0, lazy: false, connectionParams: { authorization: 'Bearer nope' } });
  const closed = await new Promise<number>((resolve) => client.on('closed', (e) => resolve((e as { code: number }).code)));
  expect(closed).toBe(4403);
  await client.dispose();
});
