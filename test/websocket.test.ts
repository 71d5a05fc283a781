import WebSocket from 'ws';
import { gql, ok } from './harness/client';
import { createUser, faultInput, registerDevice, REPORT } from './harness/factories';
import { TestServer } from './harness/server';
import { openSocket } from './harness/subscriptions';
import { eventually } from './harness/eventually';

let server: TestServer;
let technician: string;

beforeAll(async () => {
  server = await TestServer.start({
    FAULTBASE_WS_MAX_SUBSCRIPTIONS: '3',
    FAULTBASE_WS_MAX_CONNECTIONS: '2',
    FAULTBASE_EXPOSE_SQL_COUNT: 'true',
  });
  technician = (await createUser(server.url, server.adminToken)).token;
});
afterAll(() => server?.stop());

const wsUrl = () => server.url.replace(/^http/, 'ws') + '/graphql';
const POLICY = `mutation($id: ID!, $p: ReportingPolicyInput!) { setReportingPolicy(deviceId: $id, input: $p) { id } }`;

it('refuses a message larger than an HTTP body before reading it as JSON', async () => {
  const socket = new WebSocket(wsUrl(), 'graphql-transport-ws');
  await new Promise((resolve) => socket.once('open', resolve));
  const closed = new Promise<number>((resolve) => socket.once('close', resolve));
  socket.send(JSON.stringify({ type: 'connection_init', payload: { filler: 'x'.repeat(11 * 1024 * 1024) } }));
  expect(await closed).toBe(1009); // Message Too Big
});

it('caps the subscriptions of one connection; ending one makes room', async () => {
  const socket = await openSocket(server.url, technician);
  const feed = (n: number) => socket.subscribe(`subscription { faultReported(filter: { errorCode: "E_CAP_${n}" }) { id } }`);
  const [first, , third] = [feed(1), feed(2), feed(3)];
  const fourth = feed(4);
  await fourth.ended;
  expect(fourth.errors).toMatchObject([{ extensions: { code: 'LIMIT_EXCEEDED', reason: 'SUBSCRIPTIONS_PER_CONNECTION', limit: 3 } }]);
  first!.unsubscribe();
  const fifth = feed(5);
  const d = await registerDevice(server.url, server.adminToken);
  const [toThird, toFifth] = [faultInput({ errorCode: 'E_CAP_3' }), faultInput({ errorCode: 'E_CAP_5' })];
  ok(await gql(server.url, d.token, `mutation($i: [FaultReportInput!]!) { reportFaults(inputs: $i) { status } }`, { i: [toThird, toFifth] }));
  expect(await fifth.waitFor(1)).toHaveLength(1);
  expect(await third!.waitFor(1)).toHaveLength(1);
  expect(fifth.errors).toEqual([]);
  await socket.dispose();
});

it('caps the connections of one caller; others are not affected, and a closed one makes room', async () => {
  const one = await openSocket(server.url, technician);
  const two = await openSocket(server.url, technician);
  const three = await openSocket(server.url, technician);
  expect([one.acknowledged, two.acknowledged, three.acknowledged]).toEqual([true, true, false]);
  expect(await three.closeCode()).toBe(4430);
  const admin = await openSocket(server.url, server.adminToken);
  expect(admin.acknowledged).toBe(true);
  await one.dispose();
  await one.closeCode();
  // The server forgets the closed connection when its close frame arrives: retry until it has.
  let again = await openSocket(server.url, technician);
  for (let i = 0; !again.acknowledged && i < 50; i++) again = await openSocket(server.url, technician);
  expect(again.acknowledged).toBe(true);
  await Promise.all([two.dispose(), again.dispose(), admin.dispose()]);
});

it("reads the device's reporting policy for every operation on an open socket", async () => {
  const d = await registerDevice(server.url, server.adminToken);
  const socket = await openSocket(server.url, d.token);
  const report = async () => {
    const op = socket.subscribe<{ reportFault: { status: string; report: { id: string }; signature: { id: string } } }>(
      `mutation($i: FaultReportInput!) { reportFault(input: $i) { status report { id } signature { id } } }`,
      { i: faultInput({ errorCode: 'E_WS_POLICY' }) },
    );
    await op.ended;
    return op;
  };
  const full = (await report()).events[0]!.reportFault;
  expect(full.status).toBe('STORED');

  ok(await gql(server.url, server.adminToken, POLICY, { id: d.device.id, p: { collectStackTrace: false, collectAttributes: false } }));
  const bare = (await report()).events[0]!.reportFault;
  // Without its trace the bare report groups elsewhere: read both signatures' reports.
  const stored = ok(
    await gql(
      server.url,
      technician,
      `query($a: ID!, $b: ID!) { a: signature(id: $a) { ...R } b: signature(id: $b) { ...R } }
       fragment R on FaultSignature { reports(first: 10) { edges { node { id stackTrace attributes } } } }`,
      { a: full.signature.id, b: bare.signature.id },
    ),
  );
  const byId = new Map(
    [stored.a, stored.b].flatMap((sig) => sig.reports.edges.map((e: { node: { id: string } }) => [e.node.id, e.node] as const)),
  );
  expect(byId.get(full.report.id)).toMatchObject({ stackTrace: expect.stringContaining('NullPointerException'), attributes: { battery: 0.42 } });
  expect(byId.get(bare.report.id)).toMatchObject({ stackTrace: null, attributes: null });

  ok(await gql(server.url, server.adminToken, POLICY, { id: d.device.id, p: { enabled: false } }));
  const refused = await report();
  expect(refused.errors).toMatchObject([{ extensions: { code: 'FORBIDDEN' } }]);
  await socket.dispose();
});

it('formats errors as HTTP does: a rate limit carries its code and hint, never transport detail', async () => {
  const d = await registerDevice(server.url, server.adminToken);
  ok(await gql(server.url, server.adminToken, POLICY, { id: d.device.id, p: { maxReportsPerHour: 1 } }));
  const socket = await openSocket(server.url, d.token);
  const send = async () => {
    const op = socket.subscribe(`mutation($i: FaultReportInput!) { reportFault(input: $i) { status } }`, { i: faultInput({ errorCode: 'E_WS_RATE' }) });
    await op.ended;
    return op;
  };
  expect((await send()).events).toEqual([{ reportFault: { status: 'STORED' } }]);
  const over = await send();
  const http = await gql(server.url, d.token, REPORT, { i: faultInput({ errorCode: 'E_WS_RATE' }) });
  expect(over.errors).toHaveLength(1);
  const [wsError] = over.errors as { message: string; extensions: Record<string, unknown> }[];
  const expected = { code: 'RATE_LIMITED', reason: 'REPORTS_PER_HOUR', limit: 1, retryAfterSeconds: expect.any(Number) };
  expect(wsError!.extensions).toEqual(expected);
  expect(http.errors![0]!.extensions).toEqual(expected);
  expect(http.status).toBe(429);
  await socket.dispose();
});

it('reads a changed signature once per event, however many subscribe', async () => {
  const CHANGES = `subscription { signatureChanged { kind signature { id errorCode reportCount } } }`;
  const sockets = [await openSocket(server.url, technician), await openSocket(server.url, server.adminToken)];
  const subscribers = sockets.flatMap((s) => [s.subscribe(CHANGES), s.subscribe(CHANGES)]);
  // Each subscription is live once it has seen an event: announce markers until all four have.
  const marker = await registerDevice(server.url, server.adminToken);
  for (let i = 0; subscribers.some((s) => s.events.length === 0) && i < 50; i++) {
    ok(await gql(server.url, marker.token, REPORT, { i: faultInput({ errorCode: `E_MARKER_${i}` }) }));
    await new Promise((r) => setTimeout(r, 20));
  }
  const d = await registerDevice(server.url, server.adminToken);
  const receipt = ok(await gql(server.url, d.token, REPORT, { i: faultInput({ errorCode: 'E_ONCE_PER_EVENT' }) })).reportFault;
  const ours = await Promise.all(
    subscribers.map(async (s) => {
      await eventually(() => s.results.some((r) => (r.data as any)?.signatureChanged.signature.id === receipt.signature.id), 'the signatureChanged event');
      return s.results.find((r) => (r.data as any)?.signatureChanged.signature.id === receipt.signature.id)!;
    }),
  );
  for (const result of ours) expect(result.data).toEqual({ signatureChanged: { kind: 'CREATED', signature: { id: receipt.signature.id, errorCode: 'E_ONCE_PER_EVENT', reportCount: 1 } } });
  const statements = ours.map((r) => r.extensions?.sqlStatements as number);
  expect(statements.reduce((a, b) => a + b, 0)).toBe(1);
  await Promise.all(sockets.map((s) => s.dispose()));
});
