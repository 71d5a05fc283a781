import pg from 'pg';
import { deobfuscatorOf } from '../src/mappings/deobfuscator';
import { SNAKE_1_1_0_MAPPING, SNAKE_1_1_0_TRACE } from '../src/mappings/mapping.fixtures';
import { ProguardMapping } from '../src/mappings/proguard';
import { GROUPING_CONFIG_2026_11_25, groupFault } from '../src/signatures/grouping';
import { signatureIdFor } from '../src/signatures/signature-id';
import { gql, ok } from './harness/client';
import { eventually } from './harness/eventually';
import { createUser, faultInput, registerDevice, seedSignature } from './harness/factories';
import { TestServer } from './harness/server';

/**
 * regroupReports during a grouping config transition, over HTTP against a real server and database
 * seeded as the previous release left it: reports that came before their mapping file find their
 * place as ingest would file them now (the old config's signature, with the same-fingerprint rule
 * and the learnt redirect), so re-grouping never splits what technicians triage.
 *
 * The fault: SnakeME's mapped crash in Board.cellAt, called from Board.moveSnake. Variant A reaches
 * it from GameCanvas.tick (the fixture trace), variant B from GameCanvas.paint. faultbase:2026-11-25
 * fingerprints the callers, so A and B differ there; the current config fingerprints the crash site,
 * so they are one. Each test has an application of its own with a 2026-11-25 signature for A.
 */
const TRACE_A = SNAKE_1_1_0_TRACE;
const TRACE_B = SNAKE_1_1_0_TRACE.replace('\tat a.b(Unknown Source)', '\tat a.paint(Unknown Source)');
const APPS = ['Control', 'Together', 'Alone'] as const;
type App = (typeof APPS)[number] | 'Race';

const deobfuscator = deobfuscatorOf({ proguard: ProguardMapping.parse(SNAKE_1_1_0_MAPPING), sourceMaps: null });
const asFault = (app: App, stackTrace: string) => ({ errorCode: 'E_DEOB', applicationName: app, exceptionType: null, message: null, stackTrace });
const oldFingerprint = (app: App, trace: string) => groupFault(asFault(app, trace), GROUPING_CONFIG_2026_11_25, undefined, deobfuscator).fingerprint;
const newFingerprint = (app: App, trace: string) => groupFault(asFault(app, trace), undefined, undefined, deobfuscator).fingerprint;
const OLD_SIGNATURE = (app: App) => signatureIdFor(oldFingerprint(app, TRACE_A));

let server: TestServer;
let technician: string;
let device: string;

beforeAll(async () => {
  server = await TestServer.start(
    {},
    {
      seed: async (client) => {
        for (const app of APPS) {
          await seedSignature(client, {
            id: OLD_SIGNATURE(app),
            fingerprint: oldFingerprint(app, TRACE_A),
            config: GROUPING_CONFIG_2026_11_25.id,
            title: 'ArrayIndexOutOfBoundsException in Board.cellAt',
            errorCode: 'E_DEOB',
            exceptionType: 'java.lang.ArrayIndexOutOfBoundsException',
            applicationName: app,
          });
        }
      },
    },
  );
  technician = (await createUser(server.url, server.adminToken)).token;
  device = (await registerDevice(server.url, server.adminToken)).token;
});
afterAll(() => server?.stop());

const REPORT = `mutation($i: FaultReportInput!) { reportFault(input: $i) { newSignature signature { id } report { id } } }`;
const report = async (app: App, stackTrace: string) =>
  ok(
    await gql(server.url, device, REPORT, {
      i: faultInput({ errorCode: 'E_DEOB', application: { name: app, version: '1.2.0', type: 'MIDlet' }, exceptionType: null, message: null, stackTrace }),
    }),
  ).reportFault as { newSignature: boolean; signature: { id: string }; report: { id: string } };

async function upload(app: App) {
  const res = await fetch(`${server.url}/api/mappings/${app}/1.2.0?kind=proguard`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${technician}` },
    body: SNAKE_1_1_0_MAPPING,
  });
  expect(res.status).toBe(201);
}

const REGROUP = `mutation($a: String!, $v: String!) { regroupReports(applicationName: $a, applicationVersion: $v) { examined moved signatures { id reportCount } } }`;
const regroup = async (app: App) => ok(await gql(server.url, technician, REGROUP, { a: app, v: '1.2.0' })).regroupReports;
const SIGNATURE = `query($id: ID!) { signature(id: $id) { id fingerprint groupingConfig reportCount mergedInto { id } } }`;
const signature = async (id: string) => ok(await gql(server.url, technician, SIGNATURE, { id })).signature;

it('the fixture: the old config tells the variants apart, the current one does not', () => {
  for (const app of APPS) {
    expect(oldFingerprint(app, TRACE_B)).not.toBe(oldFingerprint(app, TRACE_A));
    expect(newFingerprint(app, TRACE_B)).toBe(newFingerprint(app, TRACE_A));
    expect(newFingerprint(app, TRACE_A)).not.toBe(oldFingerprint(app, TRACE_A));
  }
});

it('ingest after the upload files both variants in the old signature (what re-grouping must match)', async () => {
  await upload('Control');
  const ids = [(await report('Control', TRACE_A)).signature.id, (await report('Control', TRACE_B)).signature.id, (await report('Control', TRACE_A)).signature.id];
  expect(ids).toEqual([OLD_SIGNATURE('Control'), OLD_SIGNATURE('Control'), OLD_SIGNATURE('Control')]);
});

it('re-grouping variants that came before the mapping keeps them together in the old signature, which keeps collecting them', async () => {
  const early = [await report('Together', TRACE_A), await report('Together', TRACE_B)];
  // Obfuscated, the two are one signature of their own.
  expect(early[0]!.signature.id).toBe(early[1]!.signature.id);
  expect(early[0]!.signature.id).not.toBe(OLD_SIGNATURE('Together'));
  await upload('Together');

  expect(await regroup('Together')).toEqual({ examined: 2, moved: 2, signatures: [{ id: OLD_SIGNATURE('Together'), reportCount: 2 }] });
  expect(await signature(OLD_SIGNATURE('Together'))).toMatchObject({
    fingerprint: oldFingerprint('Together', TRACE_A),
    groupingConfig: GROUPING_CONFIG_2026_11_25.id,
    reportCount: 2,
  });
  // No signature was opened under the current fingerprint; the obfuscated one followed its reports.
  expect(await signature(signatureIdFor(newFingerprint('Together', TRACE_A)))).toBeNull();
  expect(await signature(early[0]!.signature.id)).toMatchObject({ reportCount: 0, mergedInto: { id: OLD_SIGNATURE('Together') } });

  // New reports of either variant land there too.
  expect((await report('Together', TRACE_B)).signature.id).toBe(OLD_SIGNATURE('Together'));
  expect((await report('Together', TRACE_A)).signature.id).toBe(OLD_SIGNATURE('Together'));
  expect((await signature(OLD_SIGNATURE('Together'))).reportCount).toBe(4);
  // Nothing left to move.
  expect(await regroup('Together')).toMatchObject({ examined: 4, moved: 0 });
});

it('a report re-grouped into the old signature teaches its current fingerprint, so a variant never seen lands there too', async () => {
  const early = await report('Alone', TRACE_A);
  await upload('Alone');
  expect(await regroup('Alone')).toEqual({ examined: 1, moved: 1, signatures: [{ id: OLD_SIGNATURE('Alone'), reportCount: 1 }] });
  expect(await signature(early.signature.id)).toMatchObject({ mergedInto: { id: OLD_SIGNATURE('Alone') } });

  // B's old-config fingerprint leads nowhere: only the redirect re-grouping learnt takes it there.
  expect(await report('Alone', TRACE_B)).toMatchObject({ newSignature: false, signature: { id: OLD_SIGNATURE('Alone') } });
  expect((await report('Alone', TRACE_A)).signature.id).toBe(OLD_SIGNATURE('Alone'));
  expect((await signature(OLD_SIGNATURE('Alone'))).reportCount).toBe(3);
});

/**
 * Re-grouping and ingest at once (PostgreSQL: the embedded database runs one transaction at a time).
 * Right after an upload, ingest opens the signature of the mapped fault while re-grouping, which
 * planned to open it, waits for the lock on the signature its report leaves. Re-grouping must then
 * lock the signature ingest opened before it moves a report into it, as every writer of a
 * signature's reports does (ingest's exact counts rest on it). The schedule is made with row locks
 * held from the test's own connections, and each step waits for the server's transaction to be
 * seen waiting (pg_blocking_pids), so no step depends on timing.
 */
(process.env.DATABASE_URL ? it : it.skip)('a signature ingest opens while re-grouping waits is locked by re-grouping before a report moves into it', async () => {
  const early = await report('Race', TRACE_A);
  await upload('Race');
  const target = signatureIdFor(newFingerprint('Race', TRACE_A));
  expect(await signature(target)).toBeNull();

  const connect = async () => {
    const client = new pg.Client({ connectionString: server.databaseUrl });
    await client.connect();
    return client;
  };
  const [holder, writer, monitor] = await Promise.all([connect(), connect(), connect()]);
  const pidOf = async (client: pg.Client) => (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
  const waitingFor = (pid: number) => async () =>
    (await monitor.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [pid])).rows[0]!.n > 0;
  try {
    // The early report's signature held (as a merge or an ingest holds it): re-grouping plans its
    // batch, in which the target does not exist yet, and waits for the lock.
    await holder.query('BEGIN');
    await holder.query('SELECT 1 FROM fault_signature WHERE id = $1 FOR UPDATE', [early.signature.id]);
    const regrouping = regroup('Race');
    regrouping.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
    await eventually(waitingFor(await pidOf(holder)), 're-grouping to wait for the early report\'s signature');

    // Meanwhile a report of the mapped fault opens the target.
    expect(await report('Race', TRACE_A)).toMatchObject({ newSignature: true, signature: { id: target } });

    // Another transaction holds the target, as ingest storing a report there holds it; re-grouping gets the early signature.
    await writer.query('BEGIN');
    await writer.query('SELECT 1 FROM fault_signature WHERE id = $1 FOR UPDATE', [target]);
    await holder.query('COMMIT');
    await eventually(waitingFor(await pidOf(writer)), 're-grouping to wait for the target');
    // It waits for the target before moving anything into it: the early report is not being written.
    expect((await writer.query('SELECT id FROM fault_report WHERE id = $1 FOR UPDATE NOWAIT', [early.report.id])).rows).toEqual([{ id: early.report.id }]);
    await writer.query('ROLLBACK');

    expect(await regrouping).toEqual({ examined: 1, moved: 1, signatures: [{ id: target, reportCount: 2 }] });
    expect(await signature(early.signature.id)).toMatchObject({ reportCount: 0, mergedInto: { id: target } });
  } finally {
    await Promise.all([holder, writer, monitor].map((c) => c.end()));
  }
});
