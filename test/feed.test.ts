import { gql, ok } from './harness/client';
import { faultInput, registerDevice, REPORT } from './harness/factories';
import { TestServer } from './harness/server';
import { subscribe } from './harness/subscriptions';

let server: TestServer;
let technician: string;
let technicianId: string;
let vendorUser: string;

beforeAll(async () => {
  // A small per-subscription buffer lets the slow-subscriber test overflow it with little traffic.
  server = await TestServer.start({ FAULTBASE_SUBSCRIPTION_BUFFER: '60' });
  const created = ok(await gql(server.url, server.adminToken, `mutation { createUser(input: { email: "feed@example.com", name: "Feed", role: TECHNICIAN }) { token user { id } } }`)).createUser;
  technician = created.token;
  technicianId = created.user.id;
  const vendor = ok(await gql(server.url, server.adminToken, `mutation { createVendor(input: { name: "FeedVendor" }) { id } }`)).createVendor;
  vendorUser = ok(
    await gql(server.url, server.adminToken, `mutation($v: ID!) { createVendorUser(vendorId: $v, input: { email: "fv@example.com", name: "V" }) { token } }`, { v: vendor.id }),
  ).createVendorUser.token;
});
afterAll(() => server?.stop());

const FEED = `subscription($f: FaultFilter) { faultReported(filter: $f) { id clientReportId errorCode severity receivedAt application { name version } device { id model } signature { id reportCount } } }`;
const CHANGES = `subscription { signatureChanged { kind signature { id errorCode reportCount } } }`;

it('a technician receives every accepted report once, after commit, and no duplicate retry', async () => {
  const feed = await subscribe(server.url, technician, FEED, { f: { errorCode: 'E_LIVE' } });
  const d = await registerDevice(server.url, server.adminToken);
  const input = faultInput({ errorCode: 'E_LIVE' });
  const receipt = ok(await gql(server.url, d.token, REPORT, { i: input })).reportFault;
  ok(await gql(server.url, d.token, REPORT, { i: input })); // a retry: no event
  ok(await gql(server.url, d.token, REPORT, { i: faultInput({ errorCode: 'E_OTHER' }) })); // filtered out
  const second = ok(await gql(server.url, d.token, REPORT, { i: faultInput({ errorCode: 'E_LIVE', severity: 'WARNING' }) })).reportFault;
  const events = [...(await feed.waitFor(2))];
  // Events arrive in the order their reports were committed: once a marker sent last arrives,
  // anything the retry had wrongly announced would be before it.
  const marker = ok(await gql(server.url, d.token, REPORT, { i: faultInput({ errorCode: 'E_LIVE' }) })).reportFault;
  await feed.waitFor(3);
  expect(feed.events.map((e) => e.faultReported.id)).toEqual([receipt.report.id, second.report.id, marker.report.id]);
  expect(events[0]!.faultReported).toMatchObject({
    id: receipt.report.id,
    clientReportId: input.clientReportId,
    errorCode: 'E_LIVE',
    severity: 'FATAL',
    application: { name: 'SpaceRacer', version: '1.4.2' },
    device: { id: d.device.id, model: 'N95' },
    signature: { id: receipt.signature.id },
  });
  expect(new Date(events[0]!.faultReported.receivedAt).getTime()).not.toBeNaN();
  expect(events[1]!.faultReported.id).toBe(second.report.id);
  // Each event is answered from a fresh context: the second sees the signature's new count.
  expect(events[1]!.faultReported.signature.reportCount).toBe(2);
  await feed.dispose();
});

it('filters by severity, application and signature', async () => {
  const d = await registerDevice(server.url, server.adminToken);
  const first = ok(await gql(server.url, d.token, REPORT, { i: faultInput({ errorCode: 'E_FILTERS' }) })).reportFault;
  const feed = await subscribe(server.url, technician, FEED, {
    f: { severity: ['ERROR'], applicationName: 'SpaceRacer', signatureId: first.signature.id },
  });
  ok(await gql(server.url, d.token, REPORT, { i: faultInput({ errorCode: 'E_FILTERS', severity: 'FATAL' }) }));
  ok(await gql(server.url, d.token, REPORT, { i: faultInput({ errorCode: 'E_FILTERS', severity: 'ERROR', application: { name: 'Other', version: '1' } }) }));
  ok(await gql(server.url, d.token, REPORT, { i: faultInput({ errorCode: 'E_FILTERS_ELSEWHERE', severity: 'ERROR' }) }));
  const match = ok(await gql(server.url, d.token, REPORT, { i: faultInput({ errorCode: 'E_FILTERS', severity: 'ERROR' }) })).reportFault;
  await feed.waitFor(1);
  // A marker that matches, sent last: anything the filter wrongly let through would come before it.
  const marker = ok(await gql(server.url, d.token, REPORT, { i: faultInput({ errorCode: 'E_FILTERS', severity: 'ERROR' }) })).reportFault;
  await feed.waitFor(2);
  expect(feed.events.map((e) => e.faultReported.id)).toEqual([match.report.id, marker.report.id]);
  await feed.dispose();
});

it('announces a new signature as CREATED', async () => {
  const changes = await subscribe(server.url, server.adminToken, CHANGES);
  const d = await registerDevice(server.url, server.adminToken);
  const receipt = ok(await gql(server.url, d.token, REPORT, { i: faultInput({ errorCode: 'E_CREATED_EVENT' }) })).reportFault;
  ok(await gql(server.url, d.token, REPORT, { i: faultInput({ errorCode: 'E_CREATED_EVENT' }) }));
  // A new signature opened last: once its CREATED arrives, a second CREATED of the first would have too.
  const marker = ok(await gql(server.url, d.token, REPORT, { i: faultInput({ errorCode: 'E_CREATED_MARKER' }) })).reportFault;
  const sawMarker = () => changes.events.some((e: any) => e.signatureChanged.signature.id === marker.signature.id);
  for (let n = 1; !sawMarker(); n++) await changes.waitFor(n);
  const created = changes.events.filter((e: any) => e.signatureChanged.signature.errorCode === 'E_CREATED_EVENT');
  expect(created.map((e: any) => e.signatureChanged)).toEqual([
    { kind: 'CREATED', signature: { id: receipt.signature.id, errorCode: 'E_CREATED_EVENT', reportCount: expect.any(Number) } },
  ]);
  await changes.dispose();
});

it('refuses devices and vendors (FORBIDDEN) and connections without a valid token', async () => {
  const d = await registerDevice(server.url, server.adminToken);
  for (const token of [d.token, vendorUser]) {
    for (const query of [FEED, CHANGES]) {
      const sub = await subscribe(server.url, token, query);
      await sub.waitForError();
      expect(sub.events).toHaveLength(0);
      expect(JSON.stringify(sub.errors)).toContain('FORBIDDEN');
      await sub.dispose();
    }
  }
  const anonymous = await subscribe(server.url, null, FEED);
  expect(await anonymous.closeCode()).toBe(4403);
});

it("closes a user's open subscriptions when the token is revoked", async () => {
  const created = ok(await gql(server.url, server.adminToken, `mutation { createUser(input: { email: "gone@example.com", name: "Gone", role: TECHNICIAN }) { token user { id } } }`)).createUser;
  const sub = await subscribe(server.url, created.token, FEED);
  ok(await gql(server.url, server.adminToken, `mutation($id: ID!) { revokeUser(id: $id) { revokedAt } }`, { id: created.user.id }));
  expect(await sub.closeCode()).toBe(4403);
  expect((await gql(server.url, created.token, `{ me { id } }`)).errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
  // Other technicians are not affected.
  expect(ok(await gql(server.url, technician, `{ me { id } }`)).me.id).toBe(technicianId);
});

it('cuts off a subscriber that stops reading, without holding back ingest or other subscribers', async () => {
  const d = await registerDevice(server.url, server.adminToken);
  ok(await gql(server.url, server.adminToken, `mutation($id: ID!) { setReportingPolicy(deviceId: $id, input: { maxReportsPerHour: 100000 }) { id } }`, { id: d.device.id }));
  const slow = await subscribe(server.url, technician, `subscription { faultReported(filter: { errorCode: "E_FLOOD" }) { id stackTrace } }`);
  const healthy = await subscribe(server.url, technician, `subscription { faultReported(filter: { errorCode: "E_FLOOD" }) { id } }`);
  slow.pause();
  // 300 reports of 60 KiB: 18 MiB, more than socket buffers hold, so the paused subscriber falls
  // far more than 60 events behind, while a reading one keeps up with batches of 25.
  const big = 'x'.repeat(60 * 1024);
  const total = 300;
  for (let i = 0; i < total; i += 25) {
    const batch = Array.from({ length: 25 }, () => faultInput({ errorCode: 'E_FLOOD', stackTrace: `java.lang.OutOfMemoryError\n${big}` }));
    const receipts = ok(await gql(server.url, d.token, `mutation($i: [FaultReportInput!]!) { reportFaults(inputs: $i) { status } }`, { i: batch }));
    expect(receipts.reportFaults.every((r: { status: string }) => r.status === 'STORED')).toBe(true);
  }
  await healthy.waitFor(total, 30_000);
  expect(healthy.events).toHaveLength(total);
  slow.resume();
  await slow.waitForError();
  expect(JSON.stringify(slow.errors)).toContain('SUBSCRIBER_TOO_SLOW');
  expect(slow.events.length).toBeLessThan(total);
  await healthy.dispose();
});
