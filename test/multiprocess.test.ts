import { codeOf, gql, ok } from './harness/client';
import { faultInput, registerDevice, REPORT } from './harness/factories';
import { startProcess, type ServerProcess } from './harness/process';
import { TestServer } from './harness/server';
import { subscribe } from './harness/subscriptions';

// Several stateless processes share one PostgreSQL; an embedded database belongs to one process,
// so this file runs in the PostgreSQL pass of the suite (`DATABASE_URL=… npm test`, as .ci/run does).
const onPostgres = process.env.DATABASE_URL ? describe : describe.skip;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

onPostgres('two server processes on one PostgreSQL with Redis', () => {
  let a: TestServer;
  let b: ServerProcess;

  beforeAll(async () => {
    // Principals are remembered far longer than any test runs: only the bus can make B forget them.
    a = await TestServer.start({ REDIS_URL, FAULTBASE_AUTH_CACHE_MS: '300000' });
    b = await startProcess({ ...a.env, FAULTBASE_ADMIN_TOKEN: a.adminToken });
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  const FEED = `subscription($code: String!) { faultReported(filter: { errorCode: $code }) { id clientReportId } }`;

  it('a report sent to process A reaches a technician subscribed on process B exactly once', async () => {
    const onB = await subscribe(b.url, a.adminToken, FEED, { code: 'E_CROSS' });
    const d = await registerDevice(a.url, a.adminToken);
    const receipt = ok(await gql(a.url, d.token, REPORT, { i: faultInput({ errorCode: 'E_CROSS' }) })).reportFault;
    await onB.waitFor(1);
    // A second report sent last: a duplicate of the first would arrive before it.
    const marker = ok(await gql(a.url, d.token, REPORT, { i: faultInput({ errorCode: 'E_CROSS' }) })).reportFault;
    await onB.waitFor(2);
    expect(onB.events.map((e) => e.faultReported.id)).toEqual([receipt.report.id, marker.report.id]);
    await onB.dispose();
  });

  it('200 parallel reports sent to both processes give exactly 200 events on each subscriber', async () => {
    const onA = await subscribe(a.url, a.adminToken, FEED, { code: 'E_FANOUT' });
    const onB = await subscribe(b.url, a.adminToken, FEED, { code: 'E_FANOUT' });
    const devices = await Promise.all(Array.from({ length: 4 }, () => registerDevice(a.url, a.adminToken)));
    for (const d of devices) {
      ok(await gql(a.url, a.adminToken, `mutation($id: ID!) { setReportingPolicy(deviceId: $id, input: { maxReportsPerHour: 10000 }) { id } }`, { id: d.device.id }));
    }
    const sends = Array.from({ length: 200 }, (_, i) => {
      const target = i % 2 ? a.url : b.url;
      return gql(target, devices[i % 4]!.token, REPORT, { i: faultInput({ errorCode: 'E_FANOUT' }) });
    });
    const receipts = (await Promise.all(sends)).map((r) => ok(r).reportFault);
    expect(receipts.every((r) => r.status === 'STORED')).toBe(true);
    await Promise.all([onA.waitFor(200, 30_000), onB.waitFor(200, 30_000)]);
    // One marker through each process, sent after everything: each process's events reach a
    // subscriber in the order they were published, so a duplicate would arrive before its marker.
    const markers = [
      ok(await gql(a.url, devices[0]!.token, REPORT, { i: faultInput({ errorCode: 'E_FANOUT' }) })).reportFault.report.id,
      ok(await gql(b.url, devices[1]!.token, REPORT, { i: faultInput({ errorCode: 'E_FANOUT' }) })).reportFault.report.id,
    ];
    await Promise.all([onA.waitFor(202, 30_000), onB.waitFor(202, 30_000)]);
    for (const sub of [onA, onB]) {
      const ids = sub.events.map((e) => e.faultReported.id as string);
      expect(ids).toHaveLength(202);
      expect(new Set(ids).size).toBe(202);
      expect(ids.filter((id) => !markers.includes(id)).sort()).toEqual(receipts.map((r) => r.report.id).sort());
    }
    await Promise.all([onA.dispose(), onB.dispose()]);
  });

  it('revoking a token on one process closes its subscriptions on the other', async () => {
    const tech = ok(await gql(a.url, a.adminToken, `mutation { createUser(input: { email: "mp@example.com", name: "MP" }) { token user { id } } }`)).createUser;
    const onB = await subscribe(b.url, tech.token, FEED, { code: 'E_NONE' });
    ok(await gql(a.url, a.adminToken, `mutation($id: ID!) { revokeUser(id: $id) { id } }`, { id: tech.user.id }));
    expect(await onB.closeCode()).toBe(4403);
  });

  it('a policy change or revocation on one process reaches the principal the other remembers', async () => {
    const device = await registerDevice(a.url, a.adminToken);
    const report = () => gql(b.url, device.token, REPORT, { i: faultInput({ errorCode: 'E_MP_POLICY' }) });
    expect(ok(await report()).reportFault.status).toBe('STORED'); // B now remembers the device
    const policy = `mutation($id: ID!, $p: ReportingPolicyInput!) { setReportingPolicy(deviceId: $id, input: $p) { id } }`;
    ok(await gql(a.url, a.adminToken, policy, { id: device.device.id, p: { enabled: false } }));
    expect(await eventually(async () => codeOf(await report()))).toBe('FORBIDDEN');
    ok(await gql(a.url, a.adminToken, `mutation($id: ID!) { revokeDevice(id: $id) { id } }`, { id: device.device.id }));
    expect(await eventually(async () => codeOf(await report()))).toBe('UNAUTHENTICATED');
  });
});

/**
 * The bus delivers across processes in milliseconds, not synchronously: poll for the new answer
 * for up to 2 s (the remembered principal would otherwise live for 5 minutes).
 */
async function eventually<T>(read: () => Promise<T>): Promise<T | undefined> {
  let last: T | undefined;
  for (let i = 0; i < 40; i++) {
    last = await read();
    if (last !== undefined) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  return last;
}
