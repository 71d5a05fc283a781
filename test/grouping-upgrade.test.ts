import { GROUPING_CONFIG_2026_11_25, GROUPING_CONFIG_2026_12_02, groupFault, type FaultInput } from '../src/signatures/grouping';
import { signatureIdFor } from '../src/signatures/signature-id';
import { gql, ok } from './harness/client';
import { faultInput, registerDevice, REPORT, REPORT_BATCH, seedSignature, SIGNATURE } from './harness/factories';
import { TestServer } from './harness/server';

/**
 * Issue 15: a new grouping config (faultbase:2026-12-02) must not split what technicians already
 * triage. The database holds a signature the previous release made with faultbase:2026-11-25; the
 * server, running the new config in transition, must file reports of that fault there, over HTTP
 * against the real database, and keep doing so by the fingerprint it learnt. faultbase:2026-12-03
 * changes only cause chains: the transition from 2026-11-25 goes on for the other reports, a chain
 * 2026-12-02 made a signature for keeps landing there, and so does one 2026-11-25 made (an upgrade
 * may skip a config).
 */
const OLD_CONFIG = GROUPING_CONFIG_2026_11_25.id;
const fault = (caller: string, site = 'com.acme.pool.Pool.take') =>
  faultInput({
    errorCode: 'E_UPGRADE',
    exceptionType: 'java.lang.IllegalStateException',
    message: 'pool closed after 3 retries',
    stackTrace: `java.lang.IllegalStateException: pool closed after 3 retries\n\tat ${site}(Pool.java:41)\n\tat ${caller}(Caller.java:12)\n\tat java.lang.Thread.run(Thread.java:833)`,
  });
const asFault = (i: ReturnType<typeof faultInput>): FaultInput => ({
  errorCode: i.errorCode,
  applicationName: i.application.name,
  exceptionType: i.exceptionType,
  message: i.message,
  stackTrace: i.stackTrace,
});
const oldFingerprint = (i: ReturnType<typeof faultInput>) => groupFault(asFault(i), GROUPING_CONFIG_2026_11_25).fingerprint;
const newFingerprint = (i: ReturnType<typeof faultInput>) => groupFault(asFault(i)).fingerprint;

// The signature the previous release made for the fault reached from the worker.
const FROM_WORKER = fault('com.acme.app.Worker.run');
const FROM_SCHEDULER = fault('com.acme.app.Scheduler.tick');
const OLD_FINGERPRINT = oldFingerprint(FROM_WORKER);
const OLD_SIGNATURE = signatureIdFor(OLD_FINGERPRINT);

// A second fault the previous release knew, reached from the worker; its variants come in one batch below.
const GIVE_FROM_WORKER = fault('com.acme.app.Worker.run', 'com.acme.pool.Pool.give');
const GIVE_FROM_SCHEDULER = fault('com.acme.app.Scheduler.tick', 'com.acme.pool.Pool.give');
const OLD_GIVE_FINGERPRINT = oldFingerprint(GIVE_FROM_WORKER);
const OLD_GIVE_SIGNATURE = signatureIdFor(OLD_GIVE_FINGERPRINT);

// A cause chain the release before this one (faultbase:2026-12-02) made a signature for, by its root cause alone.
const CHAIN = faultInput({
  errorCode: 'E_UPGRADE',
  exceptionType: null,
  message: null,
  stackTrace: [
    'com.acme.billing.ImportException: could not import line 4',
    '\tat com.acme.billing.InvoiceImport.readLine(InvoiceImport.java:88)',
    '\tat java.lang.Thread.run(Thread.java:833)',
    'Caused by: java.lang.NumberFormatException: For input string: "4x1"',
    '\tat java.lang.Integer.parseInt(Integer.java:652)',
    '\tat com.acme.text.Numbers.parse(Numbers.java:15)',
    '\tat com.acme.billing.InvoiceImport.readLine(InvoiceImport.java:85)',
    '\t... 1 more',
  ].join('\n'),
});
const CHAIN_FINGERPRINT = groupFault(asFault(CHAIN), GROUPING_CONFIG_2026_12_02).fingerprint;
const CHAIN_SIGNATURE = signatureIdFor(CHAIN_FINGERPRINT);

// A cause chain the landed release (faultbase:2026-11-25) made a signature for: a deployment that
// upgrades from it straight to faultbase:2026-12-03 never had 2026-12-02's fingerprint stored.
const OLD_CHAIN = faultInput({
  errorCode: 'E_UPGRADE',
  exceptionType: null,
  message: null,
  stackTrace: [
    'com.acme.billing.ExportException: could not export invoice 17',
    '\tat com.acme.billing.InvoiceExport.write(InvoiceExport.java:40)',
    '\tat com.acme.app.Nightly.run(Nightly.java:9)',
    'Caused by: java.lang.ArithmeticException: / by zero',
    '\tat com.acme.billing.Totals.average(Totals.java:22)',
    '\tat com.acme.billing.InvoiceExport.write(InvoiceExport.java:37)',
    '\t... 1 more',
  ].join('\n'),
});
const OLD_CHAIN_FINGERPRINT = oldFingerprint(OLD_CHAIN);
const OLD_CHAIN_SIGNATURE = signatureIdFor(OLD_CHAIN_FINGERPRINT);

// A cause chain the landed release (2026-11-25) made a signature for, and the redirect a release on
// 2026-12-02 learnt for it during its own transition (its 2026-12-02 fingerprint leads there, with
// the signature's own fingerprint as origin): a deployment that ran 2026-12-02 for a while.
const LEARNT_CHAIN = faultInput({
  errorCode: 'E_UPGRADE',
  exceptionType: null,
  message: null,
  stackTrace: [
    'com.acme.billing.ArchiveException: could not archive invoice 17',
    '\tat com.acme.billing.InvoiceArchive.store(InvoiceArchive.java:61)',
    '\tat com.acme.app.Nightly.run(Nightly.java:14)',
    'Caused by: java.lang.ArithmeticException: / by zero',
    '\tat com.acme.billing.Totals.median(Totals.java:31)',
    '\tat com.acme.billing.InvoiceArchive.store(InvoiceArchive.java:58)',
    '\t... 1 more',
  ].join('\n'),
});
const LEARNT_CHAIN_FINGERPRINT = oldFingerprint(LEARNT_CHAIN);
const LEARNT_CHAIN_SIGNATURE = signatureIdFor(LEARNT_CHAIN_FINGERPRINT);
const LEARNT_CHAIN_2026_12_02 = groupFault(asFault(LEARNT_CHAIN), GROUPING_CONFIG_2026_12_02).fingerprint;

let server: TestServer;
let technician: string;
let device: string;

beforeAll(async () => {
  server = await TestServer.start(
    {},
    {
      seed: async (client) => {
        const SEEDED = { config: OLD_CONFIG, errorCode: 'E_UPGRADE', applicationName: 'SpaceRacer' };
        await seedSignature(client, { ...SEEDED, id: OLD_SIGNATURE, fingerprint: OLD_FINGERPRINT, title: 'IllegalStateException in Pool.take', exceptionType: 'java.lang.IllegalStateException' });
        await seedSignature(client, { ...SEEDED, id: OLD_GIVE_SIGNATURE, fingerprint: OLD_GIVE_FINGERPRINT, title: 'IllegalStateException in Pool.give', exceptionType: 'java.lang.IllegalStateException' });
        await seedSignature(client, { ...SEEDED, id: CHAIN_SIGNATURE, fingerprint: CHAIN_FINGERPRINT, config: GROUPING_CONFIG_2026_12_02.id, title: 'NumberFormatException in Numbers.parse', exceptionType: 'java.lang.NumberFormatException' });
        await seedSignature(client, { ...SEEDED, id: OLD_CHAIN_SIGNATURE, fingerprint: OLD_CHAIN_FINGERPRINT, title: 'ArithmeticException in Totals.average', exceptionType: 'java.lang.ArithmeticException' });
        await seedSignature(client, { ...SEEDED, id: LEARNT_CHAIN_SIGNATURE, fingerprint: LEARNT_CHAIN_FINGERPRINT, title: 'ArithmeticException in Totals.median', exceptionType: 'java.lang.ArithmeticException' });
        await client.query(`INSERT INTO fingerprint_redirect (fingerprint, signature_id, upgraded_from) VALUES ($1, $2, $3)`, [
          LEARNT_CHAIN_2026_12_02,
          LEARNT_CHAIN_SIGNATURE,
          LEARNT_CHAIN_FINGERPRINT,
        ]);
      },
    },
  );
  technician = ok(await gql(server.url, server.adminToken, `mutation { createUser(input: { email: "upgrade@example.com", name: "U" }) { token } }`)).createUser.token;
  device = (await registerDevice(server.url, server.adminToken)).token;
});
afterAll(() => server?.stop());

const send = async (input: ReturnType<typeof faultInput>) => ok(await gql(server.url, device, REPORT, { i: { ...input, clientReportId: `${Math.random()}` } })).reportFault;
const signature = async (id: string) => ok(await gql(server.url, technician, SIGNATURE, { id })).signature;

it('the fixture is a case the configs fingerprint differently: the old one by its callers, the new one by its crash site', () => {
  expect(newFingerprint(FROM_WORKER)).not.toBe(OLD_FINGERPRINT);
  expect(newFingerprint(FROM_SCHEDULER)).toBe(newFingerprint(FROM_WORKER));
  expect(oldFingerprint(FROM_SCHEDULER)).not.toBe(OLD_FINGERPRINT);
});

it('a report whose old-config fingerprint has a signature lands there, which keeps its config', async () => {
  const receipt = await send(FROM_WORKER);
  expect(receipt).toMatchObject({ status: 'STORED', newSignature: false, signature: { id: OLD_SIGNATURE } });
  expect(await signature(OLD_SIGNATURE)).toMatchObject({ fingerprint: OLD_FINGERPRINT, groupingConfig: OLD_CONFIG, reportCount: 1 });
  // No signature was opened for the new fingerprint.
  expect(ok(await gql(server.url, technician, SIGNATURE, { id: signatureIdFor(newFingerprint(FROM_WORKER)) })).signature).toBeNull();
});

it('the new fingerprint it learnt keeps leading there, also for a variant the old config would have split', async () => {
  const receipt = await send(FROM_SCHEDULER);
  expect(receipt).toMatchObject({ newSignature: false, signature: { id: OLD_SIGNATURE } });
  expect((await signature(OLD_SIGNATURE)).reportCount).toBe(2);
});

it('variants sent in one batch go together: one of them finding the old signature takes the others along', async () => {
  // The scheduler's variant comes first, and its old-config fingerprint matches nothing.
  expect(oldFingerprint(GIVE_FROM_SCHEDULER)).not.toBe(OLD_GIVE_FINGERPRINT);
  const batch = [GIVE_FROM_SCHEDULER, GIVE_FROM_WORKER].map((i) => ({ ...i, clientReportId: `${Math.random()}` }));
  const receipts = ok(await gql(server.url, device, REPORT_BATCH, { i: batch })).reportFaults;
  expect(receipts.map((r: { newSignature: boolean; signature: { id: string } }) => [r.newSignature, r.signature.id])).toEqual([
    [false, OLD_GIVE_SIGNATURE],
    [false, OLD_GIVE_SIGNATURE],
  ]);
  expect((await signature(OLD_GIVE_SIGNATURE)).reportCount).toBe(2);
});

it('a fault no signature knows opens one under the new config', async () => {
  const other = fault('com.acme.app.Worker.run', 'com.acme.cache.Cache.get');
  const receipt = await send(other);
  expect(receipt).toMatchObject({ newSignature: true, signature: { id: signatureIdFor(newFingerprint(other)) } });
  expect(await signature(receipt.signature.id)).toMatchObject({ fingerprint: newFingerprint(other), groupingConfig: 'faultbase:2026-12-03', reportCount: 1 });
});

it('a cause chain faultbase:2026-12-02 made a signature for keeps landing there, and learns its new fingerprint', async () => {
  expect(newFingerprint(CHAIN)).not.toBe(CHAIN_FINGERPRINT);
  const receipt = await send(CHAIN);
  expect(receipt).toMatchObject({ newSignature: false, signature: { id: CHAIN_SIGNATURE } });
  expect(await signature(CHAIN_SIGNATURE)).toMatchObject({ fingerprint: CHAIN_FINGERPRINT, groupingConfig: GROUPING_CONFIG_2026_12_02.id, reportCount: 1 });
  expect((await send(CHAIN)).signature.id).toBe(CHAIN_SIGNATURE);
});

it('a cause chain the landed release (2026-11-25) made a signature for lands there too, past 2026-12-02, whose fingerprint no database holds', async () => {
  const between = groupFault(asFault(OLD_CHAIN), GROUPING_CONFIG_2026_12_02).fingerprint;
  expect(new Set([OLD_CHAIN_FINGERPRINT, between, newFingerprint(OLD_CHAIN)]).size).toBe(3);
  const receipt = await send(OLD_CHAIN);
  expect(receipt).toMatchObject({ newSignature: false, signature: { id: OLD_CHAIN_SIGNATURE } });
  expect(await signature(OLD_CHAIN_SIGNATURE)).toMatchObject({ fingerprint: OLD_CHAIN_FINGERPRINT, groupingConfig: OLD_CONFIG, reportCount: 1 });
  // The new fingerprint was learnt: it leads there by itself now.
  expect((await send(OLD_CHAIN)).signature.id).toBe(OLD_CHAIN_SIGNATURE);
  expect((await signature(OLD_CHAIN_SIGNATURE)).reportCount).toBe(2);
});

it('merge and unmerge take the upgraded reports and the learnt fingerprint with the old signature', async () => {
  const target = (await send(fault('com.acme.app.Worker.run', 'com.acme.net.Socket.read'))).signature.id as string;
  const MERGE = `mutation($t: ID!, $s: [ID!]!) { mergeSignatures(targetId: $t, sourceIds: $s) { id reportCount } }`;
  expect(ok(await gql(server.url, technician, MERGE, { t: target, s: [OLD_SIGNATURE] })).mergeSignatures.reportCount).toBe(3);
  expect((await send(FROM_SCHEDULER)).signature.id).toBe(target);

  const UNMERGE = `mutation($id: ID!) { unmergeSignature(id: $id) { id reportCount } }`;
  // All three reports of the fault were filed under the old fingerprint, so all three come back.
  expect(ok(await gql(server.url, technician, UNMERGE, { id: OLD_SIGNATURE })).unmergeSignature.reportCount).toBe(3);
  expect((await signature(target)).reportCount).toBe(1);
  expect((await send(FROM_SCHEDULER)).signature.id).toBe(OLD_SIGNATURE);
  expect((await send(FROM_WORKER)).signature.id).toBe(OLD_SIGNATURE);
  expect((await signature(OLD_SIGNATURE)).reportCount).toBe(5);
});

it('a report found through a redirect an earlier release learnt goes back with its signature on unmerge, and so does the fingerprint it learns', async () => {
  expect(new Set([LEARNT_CHAIN_FINGERPRINT, LEARNT_CHAIN_2026_12_02, newFingerprint(LEARNT_CHAIN)]).size).toBe(3);
  expect((await send(LEARNT_CHAIN)).signature.id).toBe(LEARNT_CHAIN_SIGNATURE);
  const target = (await send(fault('com.acme.app.Worker.run', 'com.acme.net.Socket.write'))).signature.id as string;
  const MERGE = `mutation($t: ID!, $s: [ID!]!) { mergeSignatures(targetId: $t, sourceIds: $s) { id reportCount } }`;
  expect(ok(await gql(server.url, technician, MERGE, { t: target, s: [LEARNT_CHAIN_SIGNATURE] })).mergeSignatures.reportCount).toBe(2);
  expect((await send(LEARNT_CHAIN)).signature.id).toBe(target);

  const UNMERGE = `mutation($id: ID!) { unmergeSignature(id: $id) { id reportCount } }`;
  // Both reports of the chain come back: each was filed under the signature's own fingerprint.
  expect(ok(await gql(server.url, technician, UNMERGE, { id: LEARNT_CHAIN_SIGNATURE })).unmergeSignature.reportCount).toBe(2);
  expect((await signature(target)).reportCount).toBe(1);
  // The current fingerprint the first report taught came back too.
  expect((await send(LEARNT_CHAIN)).signature.id).toBe(LEARNT_CHAIN_SIGNATURE);
  expect((await signature(LEARNT_CHAIN_SIGNATURE)).reportCount).toBe(3);
});
