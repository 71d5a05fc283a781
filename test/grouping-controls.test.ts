import { codeOf, gql, ok } from './harness/client';
import { faultInput, registerDevice, REPORT, SIGNATURE } from './harness/factories';
import { TestServer } from './harness/server';

let server: TestServer;
let technician: string;
beforeAll(async () => {
  server = await TestServer.start();
  technician = ok(await gql(server.url, server.adminToken, `mutation { createUser(input: { email: "gc@example.com", name: "GC" }) { token } }`)).createUser.token;
});
afterAll(() => server?.stop());

const MERGE = `mutation($t: ID!, $s: [ID!]!) { mergeSignatures(targetId: $t, sourceIds: $s) { id reportCount deviceCount } }`;
const UNMERGE = `mutation($id: ID!) { unmergeSignature(id: $id) { id reportCount deviceCount mergedInto { id } } }`;
const MERGED_INTO = `query($id: ID!) { signature(id: $id) { reportCount deviceCount mergedInto { id } } }`;

const trace = (method: string) => `java.lang.IllegalStateException\n\tat com.example.app.${method}(App.java:10)\n\tat com.example.app.Main.run(Main.java:5)`;

async function device() {
  const d = await registerDevice(server.url, server.adminToken);
  ok(await gql(server.url, server.adminToken, `mutation($id: ID!) { setReportingPolicy(deviceId: $id, input: { maxReportsPerHour: 100000 }) { id } }`, { id: d.device.id }));
  return d;
}

async function report(token: string, code: string, method: string) {
  return ok(await gql(server.url, token, REPORT, { i: faultInput({ errorCode: code, stackTrace: trace(method) }) })).reportFault;
}

const sig = async (id: string) => ok(await gql(server.url, technician, SIGNATURE, { id })).signature;

describe('mergeSignatures and unmergeSignature', () => {
  it('counts and breakdowns after a merge and an unmerge are what ingest counted, dimension by dimension', async () => {
    const n95 = await registerDevice(server.url, server.adminToken, { model: 'N95', firmwareVersion: '21.0.0', runtime: { name: 'MIDP', version: '2.0' } });
    const e71 = await registerDevice(server.url, server.adminToken, { model: 'E71', firmwareVersion: '110.07', runtime: { name: 'MIDP', version: '2.1' } });
    const send = (token: string, method: string, version: string, runtime: { name: string; version: string } | null) =>
      gql(server.url, token, REPORT, {
        i: faultInput({ errorCode: 'E_RECOUNT', stackTrace: trace(method), application: { name: 'SpaceRacer', version }, runtime }),
      }).then((r) => ok(r).reportFault.signature.id as string);
    // Alpha: N95 twice (1.0 with the device's runtime, 1.1 naming CLDC 1.1), E71 once (1.0). Beta: E71 twice (1.1).
    const a = await send(n95.token, 'Alpha.run', '1.0', null);
    await send(n95.token, 'Alpha.run', '1.1', { name: 'CLDC', version: '1.1' });
    await send(e71.token, 'Alpha.run', '1.0', null);
    const b = await send(e71.token, 'Beta.run', '1.1', null);
    await send(e71.token, 'Beta.run', '1.1', null);
    const COUNTS = `query($id: ID!) { signature(id: $id) { reportCount deviceCount breakdowns {
      byApplicationVersion { value reportCount deviceCount } byModel { value reportCount deviceCount }
      byFirmware { value reportCount deviceCount } byRuntime { value reportCount deviceCount } } } }`;
    const counts = async (id: string) => ok(await gql(server.url, technician, COUNTS, { id })).signature;
    const alpha = {
      reportCount: 3,
      deviceCount: 2,
      breakdowns: {
        byApplicationVersion: [{ value: '1.0', reportCount: 2, deviceCount: 2 }, { value: '1.1', reportCount: 1, deviceCount: 1 }],
        byModel: [{ value: 'N95', reportCount: 2, deviceCount: 1 }, { value: 'E71', reportCount: 1, deviceCount: 1 }],
        byFirmware: [{ value: '21.0.0', reportCount: 2, deviceCount: 1 }, { value: '110.07', reportCount: 1, deviceCount: 1 }],
        byRuntime: [
          { value: 'CLDC 1.1', reportCount: 1, deviceCount: 1 },
          { value: 'MIDP 2.0', reportCount: 1, deviceCount: 1 },
          { value: 'MIDP 2.1', reportCount: 1, deviceCount: 1 },
        ],
      },
    };
    const beta = {
      reportCount: 2,
      deviceCount: 1,
      breakdowns: {
        byApplicationVersion: [{ value: '1.1', reportCount: 2, deviceCount: 1 }],
        byModel: [{ value: 'E71', reportCount: 2, deviceCount: 1 }],
        byFirmware: [{ value: '110.07', reportCount: 2, deviceCount: 1 }],
        byRuntime: [{ value: 'MIDP 2.1', reportCount: 2, deviceCount: 1 }],
      },
    };
    const sorted = (c: typeof alpha) => ({
      ...c,
      breakdowns: Object.fromEntries(
        Object.entries(c.breakdowns).map(([k, rows]) => [k, [...rows].sort((x, y) => y.reportCount - x.reportCount || x.value.localeCompare(y.value))]),
      ),
    });
    expect(sorted(await counts(a))).toEqual(sorted(alpha));
    expect(sorted(await counts(b))).toEqual(sorted(beta));
    // The hourly counters (what occurrences read for recent hours, and alert rules' windows) follow too.
    const lastDay = async (id: string) =>
      ok(await gql(server.url, technician, `query($id: ID!) { signature(id: $id) { occurrences(bucket: HOUR) { count } } }`, { id })).signature.occurrences.reduce(
        (n: number, o: { count: number }) => n + o.count,
        0,
      );
    expect([await lastDay(a), await lastDay(b)]).toEqual([3, 2]);

    ok(await gql(server.url, technician, MERGE, { t: a, s: [b] }));
    expect([await lastDay(a), await lastDay(b)]).toEqual([5, 0]);
    expect(sorted(await counts(a))).toEqual(
      sorted({
        reportCount: 5,
        deviceCount: 2,
        breakdowns: {
          byApplicationVersion: [{ value: '1.1', reportCount: 3, deviceCount: 2 }, { value: '1.0', reportCount: 2, deviceCount: 2 }],
          byModel: [{ value: 'E71', reportCount: 3, deviceCount: 1 }, { value: 'N95', reportCount: 2, deviceCount: 1 }],
          byFirmware: [{ value: '110.07', reportCount: 3, deviceCount: 1 }, { value: '21.0.0', reportCount: 2, deviceCount: 1 }],
          byRuntime: [
            { value: 'MIDP 2.1', reportCount: 3, deviceCount: 1 },
            { value: 'CLDC 1.1', reportCount: 1, deviceCount: 1 },
            { value: 'MIDP 2.0', reportCount: 1, deviceCount: 1 },
          ],
        },
      }),
    );
    expect(await counts(b)).toEqual({
      reportCount: 0,
      deviceCount: 0,
      breakdowns: { byApplicationVersion: [], byModel: [], byFirmware: [], byRuntime: [] },
    });

    ok(await gql(server.url, technician, UNMERGE, { id: b }));
    expect(sorted(await counts(a))).toEqual(sorted(alpha));
    expect(sorted(await counts(b))).toEqual(sorted(beta));
    expect([await lastDay(a), await lastDay(b)]).toEqual([3, 2]);
  });

  it('moves reports and counts into the target, redirects new reports, and undoes it exactly', async () => {
    const [d1, d2] = [await device(), await device()];
    const a = (await report(d1.token, 'E_MERGE', 'Alpha.run')).signature.id;
    await report(d1.token, 'E_MERGE', 'Alpha.run');
    const b = (await report(d1.token, 'E_MERGE', 'Beta.run')).signature.id;
    await report(d2.token, 'E_MERGE', 'Beta.run');
    await report(d2.token, 'E_MERGE', 'Beta.run');
    expect(a).not.toBe(b);

    const merged = ok(await gql(server.url, technician, MERGE, { t: a, s: [b] })).mergeSignatures;
    expect(merged).toEqual({ id: a, reportCount: 5, deviceCount: 2 });
    expect(ok(await gql(server.url, technician, MERGED_INTO, { id: b })).signature).toEqual({ reportCount: 0, deviceCount: 0, mergedInto: { id: a } });
    const LIST = `query($m: Boolean) { signatures(first: 50, filter: { errorCode: "E_MERGE", includeMerged: $m }) { edges { node { id } } } }`;
    const ids = async (m: boolean | null) => ok(await gql(server.url, technician, LIST, { m })).signatures.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(await ids(null)).toEqual([a]);
    expect((await ids(true)).sort()).toEqual([a, b].sort());
    const target = await sig(a);
    expect(target.breakdowns.byModel).toEqual([{ value: 'N95', reportCount: 5, deviceCount: 2 }]);

    // A new report of the merged fault lands in the target.
    const later = await report(d2.token, 'E_MERGE', 'Beta.run');
    expect(later).toMatchObject({ newSignature: false, signature: { id: a } });
    expect(await sig(a)).toMatchObject({ reportCount: 6 });

    const restored = ok(await gql(server.url, technician, UNMERGE, { id: b })).unmergeSignature;
    expect(restored).toEqual({ id: b, reportCount: 4, deviceCount: 2, mergedInto: null });
    expect(await sig(a)).toMatchObject({ reportCount: 2, deviceCount: 1 });
    expect((await report(d1.token, 'E_MERGE', 'Beta.run')).signature).toMatchObject({ id: b });
    expect(await sig(b)).toMatchObject({ reportCount: 5 });
  });

  it('keeps counts exact when reports of the source arrive during the merge', async () => {
    const d = await device();
    const a = (await report(d.token, 'E_MERGE_RACE', 'Gamma.run')).signature.id;
    const b = (await report(d.token, 'E_MERGE_RACE', 'Delta.run')).signature.id;
    const sends = Array.from({ length: 40 }, () => report(d.token, 'E_MERGE_RACE', 'Delta.run'));
    const merge = gql(server.url, technician, MERGE, { t: a, s: [b] });
    const receipts = await Promise.all(sends);
    ok(await merge);
    expect(receipts.every((r) => r.status === 'STORED')).toBe(true);
    const [target, source] = [await sig(a), ok(await gql(server.url, technician, MERGED_INTO, { id: b })).signature];
    expect(source.reportCount).toBe(0);
    expect(target.reportCount).toBe(42);
    const reports = ok(await gql(server.url, technician, `query($id: ID!) { signature(id: $id) { reports(first: 1) { totalCount } } }`, { id: a }));
    expect(reports.signature.reports.totalCount).toBe(42);
  });

  it('refuses bad merges with clear codes', async () => {
    const d = await device();
    const a = (await report(d.token, 'E_MERGE_BAD', 'Eps.run')).signature.id;
    const b = (await report(d.token, 'E_MERGE_BAD', 'Zeta.run')).signature.id;
    const c = (await report(d.token, 'E_MERGE_BAD', 'Eta.run')).signature.id;
    expect(codeOf(await gql(server.url, technician, MERGE, { t: a, s: [a] }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await gql(server.url, technician, MERGE, { t: a, s: [] }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await gql(server.url, technician, MERGE, { t: a, s: ['00000000-0000-4000-8000-000000000000'] }))).toBe('NOT_FOUND');
    expect(codeOf(await gql(server.url, technician, MERGE, { t: 'nope', s: [b] }))).toBe('NOT_FOUND');
    ok(await gql(server.url, technician, MERGE, { t: a, s: [b] }));
    // One code, and a reason that tells the cases apart without reading the message.
    const refusal = async (q: string, v: Record<string, unknown>) => (await gql(server.url, technician, q, v)).errors?.[0]?.extensions;
    expect(await refusal(MERGE, { t: c, s: [b] })).toEqual({ code: 'CONFLICT', reason: 'SIGNATURE_ALREADY_MERGED', mergedInto: a });
    expect(await refusal(MERGE, { t: b, s: [c] })).toEqual({ code: 'CONFLICT', reason: 'TARGET_IS_MERGED', mergedInto: a });
    expect(await refusal(UNMERGE, { id: a })).toEqual({ code: 'CONFLICT', reason: 'SIGNATURE_NOT_MERGED' });
    expect(await refusal(MERGE, { t: a, s: [a] })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'MERGE_SOURCES_INVALID' });
    expect(codeOf(await gql(server.url, d.token, MERGE, { t: c, s: [a] }))).toBe('FORBIDDEN');
    expect(codeOf(await gql(server.url, d.token, UNMERGE, { id: b }))).toBe('FORBIDDEN');
    expect(codeOf(await gql(server.url, null, UNMERGE, { id: b }))).toBe('UNAUTHENTICATED');
  });
});

describe('grouping rules', () => {
  const CREATE = `mutation($i: CreateGroupingRuleInput!) { createGroupingRule(input: $i) { id kind enabled } }`;
  const utilTrace = (util: string) =>
    `java.lang.IllegalStateException\n\tat com.vendor.util.Checks.${util}(Checks.java:3)\n\tat com.example.app.Worker.step(Worker.java:9)`;

  it('IGNORE_FRAMES: frames matching the pattern no longer split signatures, from the next report on', async () => {
    const d = await device();
    const send = async (util: string) =>
      ok(await gql(server.url, d.token, REPORT, { i: faultInput({ errorCode: 'E_RULE_IGNORE', stackTrace: utilTrace(util) }) })).reportFault;
    const before = [await send('require'), await send('ensure')];
    expect(before[0].signature.id).not.toBe(before[1].signature.id);
    const rule = ok(await gql(server.url, server.adminToken, CREATE, {
      i: { kind: 'IGNORE_FRAMES', framePattern: 'com.vendor.util.*', description: 'vendor checks wrap every crash' },
    })).createGroupingRule;
    const after = [await send('require'), await send('ensure')];
    expect(after[0].signature.id).toBe(after[1].signature.id);
    expect(after[0].newSignature).toBe(true);
    const explained = await sig(after[0].signature.id);
    expect(explained.components.find((c: { id: string }) => c.id === 'frames').value).toBe('com.example.app.Worker.step');

    ok(await gql(server.url, server.adminToken, `mutation($id: ID!) { setGroupingRuleEnabled(id: $id, enabled: false) { enabled } }`, { id: rule.id }));
    expect((await send('require')).signature.id).toBe(before[0].signature.id);
  });

  it('GROUP_TOGETHER: every report of an error code in an application lands in one signature', async () => {
    const d = await device();
    ok(await gql(server.url, server.adminToken, CREATE, {
      i: { kind: 'GROUP_TOGETHER', errorCode: 'E_OOM', applicationName: 'SpaceRacer', description: 'out of memory is one problem' },
    }));
    const one = await report(d.token, 'E_OOM', 'Theta.run');
    const two = await report(d.token, 'E_OOM', 'Iota.run');
    const other = ok(await gql(server.url, d.token, REPORT, { i: faultInput({ errorCode: 'E_OOM', application: { name: 'Other', version: '1' }, stackTrace: trace('Theta.run') }) })).reportFault;
    expect(two.signature.id).toBe(one.signature.id);
    expect(other.signature.id).not.toBe(one.signature.id);
    const explained = await sig(one.signature.id);
    expect(explained.components[0]).toMatchObject({ id: 'rule', contributes: true });
    expect(explained.components.filter((c: { contributes: boolean }) => c.contributes)).toHaveLength(1);
  });

  it('validates rules, and only admins write them', async () => {
    expect(codeOf(await gql(server.url, server.adminToken, CREATE, { i: { kind: 'GROUP_TOGETHER', description: 'x' } }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await gql(server.url, server.adminToken, CREATE, { i: { kind: 'IGNORE_FRAMES', framePattern: '**', description: 'x' } }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await gql(server.url, technician, CREATE, { i: { kind: 'GROUP_TOGETHER', errorCode: 'E', description: 'x' } }))).toBe('FORBIDDEN');
    const list = ok(await gql(server.url, technician, `{ groupingRules { kind description } }`)).groupingRules;
    expect(list.length).toBeGreaterThanOrEqual(2);
    const d = await device();
    expect(codeOf(await gql(server.url, d.token, `{ groupingRules { id } }`))).toBe('FORBIDDEN');
  });
});
