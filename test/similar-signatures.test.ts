import { gql, ok } from './harness/client';
import { faultInput, registerDevice, REPORT } from './harness/factories';
import { TestServer } from './harness/server';

/**
 * FaultSignature.similar over HTTP (issue 15): where a fingerprint cannot decide, suggest. Four
 * signatures of one application and one of another; the suggestions for the first are ranked by
 * the documented measure (docs/grouping.md, Similar signatures), with a score and a reason.
 */
let server: TestServer;
let technician: string;
const ids: Record<string, string> = {};

const trace = (type: string, message: string, ...frames: string[]) =>
  [`${type}: ${message}`, ...frames.map((f) => `\tat com.acme.${f}(X.java:7)`), '\tat java.lang.Thread.run(Thread.java:833)'].join('\n');

const FAULTS: Record<string, { app: string; type: string; message: string; frames: string[] }> = {
  closed: { app: 'Similar', type: 'java.lang.IllegalStateException', message: 'pool closed', frames: ['pool.Pool.take', 'app.Worker.run'] },
  // The same place and message, another type: the fingerprint keeps them apart; a technician may not.
  npe: { app: 'Similar', type: 'java.lang.NullPointerException', message: 'pool closed', frames: ['pool.Pool.take', 'app.Worker.run'] },
  // Reached from the same worker, crashing elsewhere.
  cache: { app: 'Similar', type: 'java.lang.IllegalStateException', message: 'cache closed', frames: ['cache.Cache.get', 'app.Worker.run'] },
  // Nothing in common.
  http: { app: 'Similar', type: 'java.io.IOException', message: 'reset by peer', frames: ['net.Http.send'] },
  // The very same fault in another application: never suggested.
  otherApp: { app: 'Elsewhere', type: 'java.lang.IllegalStateException', message: 'pool closed', frames: ['pool.Pool.take', 'app.Worker.run'] },
};

beforeAll(async () => {
  server = await TestServer.start();
  technician = ok(await gql(server.url, server.adminToken, `mutation { createUser(input: { email: "similar@example.com", name: "S" }) { token } }`)).createUser.token;
  const device = await registerDevice(server.url, server.adminToken);
  for (const [name, f] of Object.entries(FAULTS)) {
    const input = faultInput({ errorCode: 'E_SIMILAR', exceptionType: f.type, message: f.message, application: { name: f.app, version: '1.0' }, stackTrace: trace(f.type, f.message, ...f.frames) });
    ids[name] = ok(await gql(server.url, device.token, REPORT, { i: input })).reportFault.signature.id;
  }
});
afterAll(() => server?.stop());

const SIMILAR = `query($id: ID!, $first: Int) { signature(id: $id) { similar(first: $first) { score reason signature { id } } } }`;

it('ranks the signatures of the same application by the measure, with score and reason, and leaves out what shares nothing', async () => {
  const { similar } = ok(await gql(server.url, technician, SIMILAR, { id: ids.closed })).signature;
  expect(similar).toEqual([
    { signature: { id: ids.npe }, score: 0.75, reason: 'another exception type; crashes in the same place (Pool.take); 1 more frame shared; same message' },
    { signature: { id: ids.cache }, score: 0.548, reason: 'same exception type; 1 frame shared, not the crashing one; message partly alike' },
  ]);
});

it('first limits the suggestions, within 0 to 20', async () => {
  expect(ok(await gql(server.url, technician, SIMILAR, { id: ids.closed, first: 1 })).signature.similar).toHaveLength(1);
  const refused = await gql(server.url, technician, SIMILAR, { id: ids.closed, first: 21 });
  expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
});

it('a suggestion is merged with one action, and then suggested no more', async () => {
  const MERGE = `mutation($t: ID!, $s: [ID!]!) { mergeSignatures(targetId: $t, sourceIds: $s) { id } }`;
  ok(await gql(server.url, technician, MERGE, { t: ids.closed, s: [ids.npe] }));
  const { similar } = ok(await gql(server.url, technician, SIMILAR, { id: ids.closed })).signature;
  expect(similar.map((s: { signature: { id: string } }) => s.signature.id)).toEqual([ids.cache]);
});
