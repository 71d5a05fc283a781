import { codeOf, gql, ok } from './harness/client';
import { faultInput, registerDevice, REPORT } from './harness/factories';
import { TestServer } from './harness/server';

let server: TestServer;
type Enrolled = Awaited<ReturnType<typeof registerDevice>>;
/** Enrolled in this order; a, b and c report (c last), silent1 and silent2 never do. */
const d: Record<'a' | 'b' | 'c' | 'silent1' | 'silent2', Enrolled> = {} as never;
const signatures: Record<string, string> = {};

const DEVICES = `query($f: DeviceFilter, $first: Int, $after: String) {
  devices(filter: $f, first: $first, after: $after) {
    totalCount edges { cursor node { id model manufacturer status lastSeenAt } } pageInfo { hasNextPage endCursor }
  }
}`;

beforeAll(async () => {
  server = await TestServer.start();
  // Only devices of this file's manufacturers are looked at, so other data cannot interfere.
  d.silent1 = await registerDevice(server.url, server.adminToken, { manufacturer: 'DevA', model: 'Quiet' });
  d.a = await registerDevice(server.url, server.adminToken, { manufacturer: 'DevA', model: 'Alpha' });
  d.b = await registerDevice(server.url, server.adminToken, { manufacturer: 'DevB', model: 'Beta' });
  d.c = await registerDevice(server.url, server.adminToken, { manufacturer: 'DevB', model: 'Alpha' });
  d.silent2 = await registerDevice(server.url, server.adminToken, { manufacturer: 'DevB', model: 'Quiet' });
  for (const [device, code] of [
    [d.a, 'E_DEV_1'],
    [d.b, 'E_DEV_1'],
    [d.a, 'E_DEV_2'],
    [d.a, 'E_DEV_3'],
    [d.c, 'E_DEV_3'],
  ] as const) {
    const receipt = ok(await gql(server.url, device.token, REPORT, { i: faultInput({ errorCode: code }) })).reportFault;
    signatures[code] = receipt.signature.id;
  }
});
afterAll(() => server?.stop());

const name = (id: string) => Object.entries(d).find(([, e]) => e.device.id === id)?.[0] ?? id;

async function walk(filter: Record<string, unknown>, first: number) {
  const names: string[] = [];
  let after: string | null = null;
  do {
    const page: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } = ok(
      await gql(server.url, server.adminToken, DEVICES, { f: filter, first, after }),
    ).devices;
    names.push(...page.edges.map((e) => name(e.node.id)));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return names;
}

describe('devices', () => {
  it('lists the most recently reporting first and those that never reported last, newest enrolled first', async () => {
    const devA = await walk({ manufacturer: 'DevA' }, 50);
    const devB = await walk({ manufacturer: 'DevB' }, 50);
    expect(devA).toEqual(['a', 'silent1']);
    expect(devB).toEqual(['c', 'b', 'silent2']);
  });

  it('pages one at a time through reporting and silent devices alike without skipping or repeating', async () => {
    expect(await walk({ manufacturer: 'DevB' }, 1)).toEqual(['c', 'b', 'silent2']);
    expect(await walk({ model: 'Quiet' }, 1)).toEqual(['silent2', 'silent1']);
  });

  it.each([
    [{ model: 'Alpha' }, ['c', 'a']],
    [{ manufacturer: 'DevB', model: 'Alpha' }, ['c']],
    [{ model: 'Quiet', status: 'ACTIVE' }, ['silent2', 'silent1']],
    [{ model: 'Quiet', lastSeenFrom: '2000-01-01T00:00:00Z' }, []],
  ])('filters %j', async (filter, expected) => {
    expect(await walk(filter, 10)).toEqual(expected);
  });

  it('filters by last seen and by status', async () => {
    const { lastSeenAt } = ok(await gql(server.url, server.adminToken, `query($id: ID!) { device(id: $id) { lastSeenAt } }`, { id: d.b.device.id })).device;
    expect(await walk({ manufacturer: 'DevB', lastSeenTo: lastSeenAt }, 10)).toEqual([]);
    expect(await walk({ manufacturer: 'DevB', lastSeenFrom: lastSeenAt }, 10)).toEqual(['c', 'b']);
    const victim = await registerDevice(server.url, server.adminToken, { manufacturer: 'DevC', model: 'Gone' });
    ok(await gql(server.url, server.adminToken, `mutation($id: ID!) { revokeDevice(id: $id) { id } }`, { id: victim.device.id }));
    expect(await walk({ manufacturer: 'DevC', status: 'REVOKED' }, 10)).toEqual([victim.device.id]);
    expect(await walk({ manufacturer: 'DevC', status: 'ACTIVE' }, 10)).toEqual([]);
  });

  it('refuses a cursor with a null where the order allows none', async () => {
    const forged = Buffer.from(JSON.stringify([null, null, null])).toString('base64url');
    expect(codeOf(await gql(server.url, server.adminToken, DEVICES, { after: forged }))).toBe('BAD_USER_INPUT');
  });
});

describe('device(id)', () => {
  const DEVICE = `query($id: ID!, $n: Int) {
    device(id: $id) { recentReports(first: $n) { errorCode } signatures(first: $n) { id errorCode } }
  }`;

  it('shows its recent reports and the signatures it hit, newest first', async () => {
    const a = ok(await gql(server.url, server.adminToken, DEVICE, { id: d.a.device.id, n: 10 })).device;
    expect(a.recentReports.map((r: { errorCode: string }) => r.errorCode)).toEqual(['E_DEV_3', 'E_DEV_2', 'E_DEV_1']);
    expect(a.signatures.map((s: { errorCode: string }) => s.errorCode)).toEqual(['E_DEV_3', 'E_DEV_2', 'E_DEV_1']);
    expect(a.signatures[0].id).toBe(signatures.E_DEV_3);
    const limited = ok(await gql(server.url, server.adminToken, DEVICE, { id: d.a.device.id, n: 2 })).device;
    expect(limited.recentReports).toHaveLength(2);
    expect(limited.signatures).toHaveLength(2);
    const silent = ok(await gql(server.url, server.adminToken, DEVICE, { id: d.silent1.device.id })).device;
    expect(silent).toEqual({ recentReports: [], signatures: [] });
  });

  it('serves a page of devices with their reports and signatures', async () => {
    const q = `{ devices(filter: { model: "Alpha" }) { edges { node { model recentReports(first: 1) { errorCode } signatures { errorCode } } } } }`;
    const edges = ok(await gql(server.url, server.adminToken, q)).devices.edges;
    expect(edges.map((e: { node: unknown }) => e.node)).toEqual([
      { model: 'Alpha', recentReports: [{ errorCode: 'E_DEV_3' }], signatures: [{ errorCode: 'E_DEV_3' }] },
      {
        model: 'Alpha',
        recentReports: [{ errorCode: 'E_DEV_3' }],
        signatures: [{ errorCode: 'E_DEV_3' }, { errorCode: 'E_DEV_2' }, { errorCode: 'E_DEV_1' }],
      },
    ]);
  });

  it('refuses a page size out of bounds', async () => {
    expect(codeOf(await gql(server.url, server.adminToken, DEVICE, { id: d.a.device.id, n: 101 }))).toBe('BAD_USER_INPUT');
  });
});

it('only admins and technicians list devices', async () => {
  const vendor = ok(await gql(server.url, server.adminToken, `mutation { createVendor(input: { name: "Device Vendor" }) { id } }`)).createVendor;
  const vendorUser = ok(
    await gql(server.url, server.adminToken, `mutation($v: ID!) { createVendorUser(vendorId: $v, input: { email: "dv@example.com", name: "DV" }) { token } }`, { v: vendor.id }),
  ).createVendorUser.token;
  expect(codeOf(await gql(server.url, vendorUser, DEVICES))).toBe('FORBIDDEN');
  expect(codeOf(await gql(server.url, d.a.token, DEVICES))).toBe('FORBIDDEN');
  expect(codeOf(await gql(server.url, null, DEVICES))).toBe('UNAUTHENTICATED');
});
