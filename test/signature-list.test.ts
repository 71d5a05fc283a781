import { codeOf, gql, ok, type GqlResponse } from './harness/client';
import { faultInput, registerDevice, REPORT, REPORT_BATCH } from './harness/factories';
import { TestServer } from './harness/server';

let server: TestServer;
let technician: { token: string; id: string };
const ids: Record<'A' | 'B' | 'C', string> = { A: '', B: '', C: '' };
const DAY = 86_400_000;
const now = Date.now();

const CREATE_USER = `mutation($i: CreateUserInput!) { createUser(input: $i) { token user { id } } }`;
const POLICY = `mutation($id: ID!) { setReportingPolicy(deviceId: $id, input: { maxReportsPerHour: 100000 }) { id } }`;
const UPDATE = `mutation($id: ID!, $i: UpdateSignatureInput!) { updateSignature(id: $id, input: $i) { id } }`;
const LIST = `query($f: SignatureFilter, $o: SignatureOrder, $first: Int, $after: String) {
  signatures(filter: $f, orderBy: $o, first: $first, after: $after) {
    totalCount edges { cursor node { id errorCode lastSeenAt firstSeenAt reportCount } } pageInfo { hasNextPage endCursor }
  }
}`;

const trace = (...frames: string[]) => ['java.lang.IllegalStateException', ...frames.map((f) => `\tat ${f}`)].join('\n');

async function report(token: string, fields: Record<string, unknown>) {
  return ok(await gql(server.url, token, REPORT, { i: faultInput({ application: { name: 'FilterApp', version: '1.0' }, ...fields }) })).reportFault;
}

/**
 * Three faults of one application, told apart by what reported them and when:
 * A: Nokia N95 (fw 21.0.0), version 1.0, first and last seen 30 days ago, Renderer.drawSprite;
 * B: Nokia E71 (fw 110.07), version 2.0, 10 days ago, Mixer.flush with "buffer underrun";
 * C: Sony K800 (fw R1EA037), version 1.0, 1 hour ago, Socket_Reader.read_frame.
 */
beforeAll(async () => {
  server = await TestServer.start();
  const tech = ok(await gql(server.url, server.adminToken, CREATE_USER, { i: { email: 'filters@example.com', name: 'Filter Tech' } }));
  technician = { token: tech.createUser.token, id: tech.createUser.user.id };
  const n95 = await registerDevice(server.url, server.adminToken, { model: 'N95', firmwareVersion: '21.0.0' });
  const e71 = await registerDevice(server.url, server.adminToken, { model: 'E71', firmwareVersion: '110.07' });
  const k800 = await registerDevice(server.url, server.adminToken, { manufacturer: 'Sony', model: 'K800', firmwareVersion: 'R1EA037' });
  const at = (ms: number) => new Date(now - ms).toISOString();
  ids.A = (await report(n95.token, { errorCode: 'E_FILTER_A', occurredAt: at(30 * DAY), stackTrace: trace('com.example.game.Renderer.drawSprite(Renderer.java:214)') })).signature.id;
  ids.B = (
    await report(e71.token, {
      errorCode: 'E_FILTER_B',
      occurredAt: at(10 * DAY),
      application: { name: 'FilterApp', version: '2.0' },
      message: 'buffer underrun at 0x1F',
      stackTrace: trace('com.example.audio.Mixer.flush(Mixer.java:88)'),
    })
  ).signature.id;
  ids.C = (await report(k800.token, { errorCode: 'E_FILTER_C', occurredAt: at(3_600_000), stackTrace: trace('com.example.net.Socket_Reader.read_frame(Socket_Reader.java:12)') })).signature.id;
});
afterAll(() => server?.stop());

async function find(filter: Record<string, unknown>): Promise<string[]> {
  const res = ok(await gql(server.url, technician.token, LIST, { f: { applicationName: 'FilterApp', ...filter }, first: 50 }));
  const names = Object.fromEntries(Object.entries(ids).map(([name, id]) => [id, name]));
  const found = res.signatures.edges.map((e: { node: { id: string } }) => names[e.node.id] ?? e.node.id).sort();
  expect(res.signatures.totalCount).toBe(found.length);
  return found;
}

describe('signatures(filter)', () => {
  it.each([
    [{ applicationVersion: '1.0' }, ['A', 'C']],
    [{ applicationVersion: '2.0' }, ['B']],
    [{ applicationVersion: '9.9' }, []],
    [{ model: 'E71' }, ['B']],
    [{ firmwareVersion: 'R1EA037' }, ['C']],
    [{ manufacturer: 'Sony' }, ['C']],
    [{ manufacturer: 'Nokia' }, ['A', 'B']],
    [{ manufacturer: 'Nokia', applicationVersion: '1.0' }, ['A']],
    [{ model: 'N95', firmwareVersion: '110.07' }, []],
  ])('by what reported it: %j', async (filter, expected) => {
    expect(await find(filter)).toEqual(expected);
  });

  it.each([
    [{ firstSeenFrom: -31 * DAY, firstSeenTo: -20 * DAY }, ['A']],
    [{ firstSeenFrom: -20 * DAY }, ['B', 'C']],
    [{ lastSeenFrom: -11 * DAY, lastSeenTo: -2 * 3_600_000 }, ['B']],
    [{ lastSeenTo: -11 * DAY }, ['A']],
    [{ lastSeenFrom: -2 * 3_600_000 }, ['C']],
  ])('by first and last seen (from inclusive, to exclusive): %j', async (range, expected) => {
    const filter = Object.fromEntries(Object.entries(range).map(([k, ms]) => [k, new Date(now + ms).toISOString()]));
    expect(await find(filter)).toEqual(expected);
  });

  it('by assignee, and unassigned', async () => {
    ok(await gql(server.url, technician.token, UPDATE, { id: ids.A, i: { assigneeId: technician.id } }));
    expect(await find({ assigneeId: technician.id })).toEqual(['A']);
    expect(await find({ unassigned: true })).toEqual(['B', 'C']);
    expect(await find({ unassigned: false })).toEqual(['A']);
  });

  it.each([
    [{ assigneeId: 'not-an-id' }, ['filter', 'assigneeId']],
    [{ assigneeId: '00000000-0000-4000-8000-000000000000', unassigned: true }, ['filter', 'unassigned']],
    [{ lastSeenFrom: '2026-02-01T00:00:00Z', lastSeenTo: '2026-01-01T00:00:00Z' }, ['filter', 'lastSeenFrom']],
  ])('refuses a contradictory or malformed filter %j with BAD_USER_INPUT', async (filter, path) => {
    const res = await gql(server.url, technician.token, LIST, { f: filter });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.fields).toEqual([expect.objectContaining({ path })]);
  });
});

describe('signatures(filter: { search })', () => {
  it.each([
    ['drawSprite', ['A']],
    ['RENDERER', ['A']],
    ['Renderer.draw', ['A']], // a dotted name is split into words; the last may be a prefix
    ['com.example.game', ['A']],
    ['mixer', ['B']],
    ['underrun', ['B']], // the normalised message
    ['NullPointerException mixer', ['B']], // the title; every word must match
    ['NullPointerException zzzz', []],
    ['read_frame', ['C']],
    ['socket reader', ['C']],
    ['com example', ['A', 'B', 'C']],
    ['zzzz', []],
    ["'); DROP TABLE fault_signature; --", []],
  ])('%s', async (search, expected) => {
    expect(await find({ search })).toEqual(expected);
  });

  it('ignores a search without letters or digits', async () => {
    expect(await find({ search: ' .:: ' })).toEqual(['A', 'B', 'C']);
  });
});

describe('keyset paging while reports arrive', () => {
  const orders = [
    ['LAST_SEEN', 'DESC', (n: { lastSeenAt: string }) => n.lastSeenAt],
    ['REPORT_COUNT', 'DESC', (n: { reportCount: number }) => String(n.reportCount)],
    ['FIRST_SEEN', 'ASC', (n: { firstSeenAt: string }) => n.firstSeenAt],
  ] as const;

  it.each(orders)(
    'ordered by %s %s with first=5 never skips or repeats a signature whose sort key held still',
    async (field, direction, sortKey) => {
      const app = `PagingApp-${field}`;
      const device = await registerDevice(server.url, server.adminToken);
      ok(await gql(server.url, server.adminToken, POLICY, { id: device.device.id }));
      const fault = (code: string) => faultInput({ errorCode: code, application: { name: app, version: '1.0' } });
      const seeded = ok(
        await gql(server.url, device.token, REPORT_BATCH, { i: Array.from({ length: 30 }, (_, k) => fault(`E_PAGE_${k}`)) }),
      ).reportFaults as { signature: { id: string } }[];
      const query = `query($f: SignatureFilter, $o: SignatureOrder, $after: String) {
        signatures(filter: $f, orderBy: $o, first: 5, after: $after) {
          edges { node { id lastSeenAt firstSeenAt reportCount } } pageInfo { hasNextPage endCursor } } }`;
      const vars = { f: { applicationName: app }, o: { field, direction } };
      const snapshot = async () => {
        const all = ok(await gql(server.url, technician.token, LIST, { ...vars, first: 100 }));
        return all.signatures.edges.map((e: { node: { id: string } }) => e.node) as { id: string; lastSeenAt: string; firstSeenAt: string; reportCount: number }[];
      };
      const before = await snapshot();

      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 20; page += 1) {
        // While the page is read, a new fault opens a signature and an old one is reported again.
        const [res]: GqlResponse[] = await Promise.all([
          gql(server.url, technician.token, query, { ...vars, after }),
          gql(server.url, device.token, REPORT, { i: fault(`E_PAGE_NEW_${page}`) }),
          gql(server.url, device.token, REPORT, { i: fault(`E_PAGE_${(page * 7) % 30}`) }),
        ]);
        const list: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } =
          ok(res).signatures;
        seen.push(...list.edges.map((e) => e.node.id));
        after = list.pageInfo.endCursor;
        if (!list.pageInfo.hasNextPage) break;
      }

      const keys = new Map((await snapshot()).map((n) => [n.id, sortKey(n as never)]));
      const held = before.filter((n) => keys.get(n.id) === sortKey(n as never)).map((n) => n.id);
      expect(held.length).toBeGreaterThanOrEqual(15);
      expect(seeded.every((r) => before.some((n) => n.id === r.signature.id))).toBe(true);
      for (const id of held) expect(seen.filter((s) => s === id)).toHaveLength(1);
      // …and in the order they had: paging neither reorders nor loses them.
      const heldSet = new Set(held);
      expect(seen.filter((id) => heldSet.has(id))).toEqual(held);
    },
  );

  it('refuses a cursor from elsewhere', async () => {
    const forged = Buffer.from(JSON.stringify(['yesterday', 'x'])).toString('base64url');
    const res = await gql(server.url, technician.token, LIST, { after: forged });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
  });
});

it('a device and an anonymous caller cannot list signatures', async () => {
  const device = await registerDevice(server.url, server.adminToken);
  expect(codeOf(await gql(server.url, device.token, LIST, { f: { search: 'x' } }))).toBe('FORBIDDEN');
  expect(codeOf(await gql(server.url, null, LIST, {}))).toBe('UNAUTHENTICATED');
});
