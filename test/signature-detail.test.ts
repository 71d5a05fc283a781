import { codeOf, gql, ok } from './harness/client';
import { faultInput, registerDevice, REPORT } from './harness/factories';
import { TestServer } from './harness/server';

let server: TestServer;
let signatureId: string;
let n95: { token: string; device: { id: string } };
let e71: { token: string; device: { id: string } };
/** Client report ids, oldest first: n95 sends 1.0, 1.1, 1.0; e71 sends 1.1, 1.1. */
const sent: string[] = [];

const REPORTS = `query($id: ID!, $first: Int, $after: String, $f: FaultReportFilter) {
  signature(id: $id) {
    reportCount
    reports(first: $first, after: $after, filter: $f) {
      totalCount edges { cursor node { clientReportId application { version } device { id } } } pageInfo { hasNextPage endCursor }
    }
  }
}`;

beforeAll(async () => {
  server = await TestServer.start();
  n95 = await registerDevice(server.url, server.adminToken, { model: 'N95' });
  e71 = await registerDevice(server.url, server.adminToken, { model: 'E71' });
  const plan: [typeof n95, string][] = [
    [n95, '1.0'],
    [n95, '1.1'],
    [e71, '1.1'],
    [n95, '1.0'],
    [e71, '1.1'],
  ];
  for (const [device, version] of plan) {
    const input = faultInput({ errorCode: 'E_DETAIL', application: { name: 'DetailApp', version } });
    const receipt = ok(await gql(server.url, device.token, REPORT, { i: input })).reportFault;
    signatureId = receipt.signature.id;
    sent.push(input.clientReportId);
  }
});
afterAll(() => server?.stop());

async function reports(vars: Record<string, unknown>) {
  return ok(await gql(server.url, server.adminToken, REPORTS, { id: signatureId, ...vars })).signature.reports;
}

/** All pages of a list, `first` at a time: the first page from the batch loader, the rest after a cursor. */
async function allPages(vars: Record<string, unknown>, first: number) {
  const ids: string[] = [];
  const totals: number[] = [];
  let after: string | null = null;
  do {
    const page = await reports({ ...vars, first, after });
    ids.push(...page.edges.map((e: { node: { clientReportId: string } }) => e.node.clientReportId));
    totals.push(page.totalCount);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return { ids, totals };
}

describe('signature.reports', () => {
  it('pages newest first, continuing from the first page with its cursor', async () => {
    const { ids, totals } = await allPages({}, 2);
    expect(ids).toEqual([...sent].reverse());
    expect(new Set(totals)).toEqual(new Set([5]));
  });

  it.each([
    ['deviceId', () => ({ deviceId: e71.device.id }), [2, 4]],
    ['applicationVersion', () => ({ applicationVersion: '1.0' }), [0, 3]],
    ['both', () => ({ deviceId: n95.device.id, applicationVersion: '1.1' }), [1]],
    ['nothing that matches', () => ({ applicationVersion: '9.9' }), []],
  ])('filters by %s, counting the matches', async (_name, filter, indexes) => {
    const expected = indexes.map((i) => sent[i]).reverse();
    const { ids, totals } = await allPages({ f: filter() }, 1);
    expect(ids).toEqual(expected);
    expect(new Set(totals)).toEqual(new Set([expected.length]));
  });

  it('refuses a device id that is not one', async () => {
    const res = await gql(server.url, server.adminToken, REPORTS, { id: signatureId, f: { deviceId: 'N95' } });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.fields).toEqual([{ path: ['filter', 'deviceId'], message: 'not a device id' }]);
  });

  it('refuses a page size out of bounds', async () => {
    expect(codeOf(await gql(server.url, server.adminToken, REPORTS, { id: signatureId, first: 101 }))).toBe('BAD_USER_INPUT');
  });
});

describe('signature.sample', () => {
  it('is the newest report, its frames marking the ones that identify the fault', async () => {
    const q = `query($id: ID!) { signature(id: $id) { sample { clientReportId frames { function inApp contributes hint } } } }`;
    const { sample } = ok(await gql(server.url, server.adminToken, q, { id: signatureId })).signature;
    expect(sample.clientReportId).toBe(sent.at(-1));
    // faultbase:2026-12-02: the crashing class identifies the fault; a caller in another class does not.
    expect(sample.frames.filter((f: { contributes: boolean }) => f.contributes).map((f: { function: string }) => f.function)).toEqual([
      'com.example.game.Renderer.drawSprite',
    ]);
    expect(sample.frames.find((f: { function: string }) => f.function === 'com.example.game.GameCanvas.run')).toMatchObject({
      inApp: true,
      contributes: false,
      hint: 'ignored: a caller outside the crashing unit',
    });
    const runtime = sample.frames.find((f: { function: string }) => f.function === 'java.lang.Thread.run');
    expect(runtime).toMatchObject({ inApp: false, contributes: false, hint: expect.stringMatching(/\S/) });
  });
});

describe('signature.occurrences', () => {
  const OCCURRENCES = `query($id: ID!, $b: OccurrenceBucketSize!, $from: DateTimeISO, $to: DateTimeISO) {
    signature(id: $id) { occurrences(bucket: $b, from: $from, to: $to) { start count } }
  }`;
  const occurrences = (vars: Record<string, unknown>) => gql(server.url, server.adminToken, OCCURRENCES, { id: signatureId, ...vars });
  const HOUR = 3_600_000;

  it('counts reports per UTC hour, with a zero in every empty hour', async () => {
    const now = Date.now();
    const res = ok(await occurrences({ b: 'HOUR', from: new Date(now - 5 * HOUR).toISOString(), to: new Date(now + 1).toISOString() }));
    const buckets: { start: string; count: number }[] = res.signature.occurrences;
    const first = Math.floor((now - 5 * HOUR) / HOUR) * HOUR;
    expect(buckets.map((b) => Date.parse(b.start))).toEqual(Array.from({ length: buckets.length }, (_, i) => first + i * HOUR));
    expect(buckets.length).toBeGreaterThanOrEqual(6);
    expect(buckets.reduce((n, b) => n + b.count, 0)).toBe(5);
    // Everything was received within the last minute or so: in the last one or two buckets.
    expect(buckets.slice(0, -2).every((b) => b.count === 0)).toBe(true);
  });

  it('counts per UTC day, buckets starting at midnight UTC', async () => {
    const res = ok(await occurrences({ b: 'DAY', from: new Date(Date.now() - 3 * 24 * HOUR).toISOString() }));
    const buckets: { start: string; count: number }[] = res.signature.occurrences;
    expect(buckets).toHaveLength(4);
    expect(buckets.every((b) => b.start.endsWith('T00:00:00.000Z'))).toBe(true);
    expect(buckets.reduce((n, b) => n + b.count, 0)).toBe(5);
  });

  it('defaults to the last 24 hours', async () => {
    const buckets = ok(await occurrences({ b: 'HOUR' })).signature.occurrences;
    // 24 hours back from now overlap 25 whole hours (24 when now is exactly on the hour).
    expect([24, 25]).toContain(buckets.length);
    expect(buckets.reduce((n: number, b: { count: number }) => n + b.count, 0)).toBe(5);
  });

  it.each([
    ['more than 1000 buckets', { b: 'HOUR', from: '2020-01-01T00:00:00Z', to: '2020-03-01T00:00:00Z' }, 'to'],
    ['from after to', { b: 'DAY', from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' }, 'from'],
  ])('refuses %s with BAD_USER_INPUT', async (_name, vars, field) => {
    const res = await occurrences(vars);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.fields).toEqual([expect.objectContaining({ path: [field] })]);
  });

  it('accepts exactly 1000 buckets', async () => {
    const from = Date.UTC(2026, 0, 1);
    const res = await occurrences({ b: 'HOUR', from: new Date(from).toISOString(), to: new Date(from + 1000 * HOUR).toISOString() });
    expect(ok(res).signature.occurrences).toHaveLength(1000);
  });
});

it('a device reaching a signature through its receipt cannot read its reports, sample, occurrences or activity', async () => {
  for (const field of ['sample { id }', 'occurrences(bucket: DAY) { count }', 'activity { totalCount }']) {
    const res = await gql(server.url, n95.token, `mutation($i: FaultReportInput!) { reportFault(input: $i) { signature { ${field} } } }`, {
      i: faultInput({ errorCode: 'E_DETAIL_DEVICE' }),
    });
    expect(codeOf(res)).toBe('FORBIDDEN');
  }
});

it('answers without statement counts unless FAULTBASE_EXPOSE_SQL_COUNT is set', async () => {
  const res = await gql(server.url, server.adminToken, REPORTS, { id: signatureId });
  expect((res as { extensions?: Record<string, unknown> }).extensions?.sqlStatements).toBeUndefined();
});
