import { codeOf, gql, ok } from './harness/client';
import { faultInput, registerDevice, REPORT, REPORT_BATCH, SIGNATURE, JAVA_TRACE } from './harness/factories';
import { TestServer } from './harness/server';

let server: TestServer;
beforeAll(async () => {
  server = await TestServer.start();
});
afterAll(() => server?.stop());

const POLICY = `mutation($id: ID!, $p: ReportingPolicyInput!) {
  setReportingPolicy(deviceId: $id, input: $p) { id policy { enabled minSeverity maxReportsPerHour collectStackTrace collectAttributes } }
}`;
const CONFIG = `{ deviceConfig { enabled minSeverity maxReportsPerHour collectStackTrace collectAttributes } }`;

async function signature(id: string) {
  return ok(await gql(server.url, server.adminToken, SIGNATURE, { id })).signature;
}

async function reportsOf(signatureId: string) {
  const q = `query($id: ID!) { signature(id: $id) { reports(first: 100) { totalCount edges { node { id clientReportId stackTrace attributes } } } } }`;
  return ok(await gql(server.url, server.adminToken, q, { id: signatureId })).signature.reports;
}

describe('enrol and configure', () => {
  it('registers a device with a one-time token and a default policy', async () => {
    const device = await registerDevice(server.url, server.adminToken);
    expect(device.token).toMatch(/^fbd_[A-Za-z0-9_-]{43}$/);
    const config = ok(await gql(server.url, device.token, CONFIG)).deviceConfig;
    expect(config).toEqual({
      enabled: true,
      minSeverity: 'WARNING',
      maxReportsPerHour: 120,
      collectStackTrace: true,
      collectAttributes: true,
    });
  });

  it('lets a technician change the policy, and the device reads it', async () => {
    const device = await registerDevice(server.url, server.adminToken);
    const res = await gql(server.url, server.adminToken, POLICY, {
      id: device.device.id,
      p: { minSeverity: 'ERROR', maxReportsPerHour: 10 },
    });
    expect(ok(res).setReportingPolicy.policy).toMatchObject({ minSeverity: 'ERROR', maxReportsPerHour: 10, enabled: true });
    expect(ok(await gql(server.url, device.token, CONFIG)).deviceConfig).toMatchObject({ minSeverity: 'ERROR', maxReportsPerHour: 10 });
  });

  it('refuses a second active device with the same serial number (CONFLICT)', async () => {
    const first = await registerDevice(server.url, server.adminToken);
    const again = await gql(server.url, server.adminToken, `mutation($i: RegisterDeviceInput!) { registerDevice(input: $i) { token } }`, {
      i: { serialNumber: first.device.serialNumber, manufacturer: 'Nokia', model: 'N95' },
    });
    expect(codeOf(again)).toBe('CONFLICT');
  });
});

describe('reportFault', () => {
  it('stores a report, opens a signature and answers a retry with the stored receipt', async () => {
    const device = await registerDevice(server.url, server.adminToken);
    const input = faultInput({ errorCode: 'E_FLOW_1' });
    const first = ok(await gql(server.url, device.token, REPORT, { i: input })).reportFault;
    expect(first).toMatchObject({ status: 'STORED', duplicate: false, newSignature: true, resolutions: [] });
    expect(first.report.clientReportId).toBe(input.clientReportId);
    // Counts describe every device's reports: a technician reads them, the device sees id, title and status.
    expect(first.signature).toMatchObject({ status: 'NEW' });
    expect(await signature(first.signature.id)).toMatchObject({ reportCount: 1, deviceCount: 1, status: 'NEW' });

    const retry = ok(await gql(server.url, device.token, REPORT, { i: input })).reportFault;
    expect(retry).toMatchObject({ status: 'DUPLICATE', duplicate: true, newSignature: false });
    expect(retry.report.id).toBe(first.report.id);
    expect(retry.signature).toMatchObject({ id: first.signature.id });
    expect(await signature(first.signature.id)).toMatchObject({ reportCount: 1 });

    const second = ok(await gql(server.url, device.token, REPORT, { i: faultInput({ errorCode: 'E_FLOW_1' }) })).reportFault;
    expect(second).toMatchObject({ status: 'STORED', newSignature: false });
    expect(second.signature).toMatchObject({ id: first.signature.id });
    expect(await signature(first.signature.id)).toMatchObject({ reportCount: 2, deviceCount: 1 });
    // The hourly counters (recent occurrences, alert windows) counted the retry once too.
    const hours = ok(await gql(server.url, server.adminToken, `query($id: ID!) { signature(id: $id) { occurrences(bucket: HOUR) { count } } }`, { id: first.signature.id }));
    expect(hours.signature.occurrences.reduce((n: number, o: { count: number }) => n + o.count, 0)).toBe(2);
  });

  it('explains the grouping and breaks a signature down by version, model, firmware and runtime', async () => {
    const a = await registerDevice(server.url, server.adminToken, { model: 'N95', firmwareVersion: '21.0.0' });
    const b = await registerDevice(server.url, server.adminToken, { model: 'E71', firmwareVersion: '110.07', runtime: { name: 'MIDP', version: '2.1' } });
    const base = { errorCode: 'E_BREAKDOWN', runtime: null };
    const r1 = ok(await gql(server.url, a.token, REPORT, { i: faultInput({ ...base, application: { name: 'SpaceRacer', version: '1.4.2' } }) }));
    await gql(server.url, a.token, REPORT, { i: faultInput({ ...base, application: { name: 'SpaceRacer', version: '1.4.3' } }) });
    await gql(server.url, b.token, REPORT, { i: faultInput({ ...base, application: { name: 'SpaceRacer', version: '1.4.3' } }) });
    const sig = await signature(r1.reportFault.signature.id);
    expect(sig).toMatchObject({ reportCount: 3, deviceCount: 2, errorCode: 'E_BREAKDOWN', applicationName: 'SpaceRacer' });
    expect(sig.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(sig.groupingConfig).toMatch(/^faultbase:/);
    expect(sig.frames.map((f: { function: string }) => f.function)).toContain('com.example.game.Renderer.drawSprite');
    expect(sig.components.find((c: { id: string }) => c.id === 'frames').contributes).toBe(true);
    // faultbase:2026-12-02: the message template contributes beside the frames.
    expect(sig.components.find((c: { id: string }) => c.id === 'message')).toMatchObject({ value: 'null', contributes: true });
    expect(sig.breakdowns.byApplicationVersion).toEqual([
      { value: '1.4.3', reportCount: 2, deviceCount: 2 },
      { value: '1.4.2', reportCount: 1, deviceCount: 1 },
    ]);
    expect(sig.breakdowns.byModel).toEqual([
      { value: 'N95', reportCount: 2, deviceCount: 1 },
      { value: 'E71', reportCount: 1, deviceCount: 1 },
    ]);
    expect(sig.breakdowns.byFirmware).toEqual([
      { value: '21.0.0', reportCount: 2, deviceCount: 1 },
      { value: '110.07', reportCount: 1, deviceCount: 1 },
    ]);
    // The report carries no runtime: the device's enrolled runtime counts.
    expect(sig.breakdowns.byRuntime).toEqual([
      { value: 'MIDP 2.0', reportCount: 2, deviceCount: 1 },
      { value: 'MIDP 2.1', reportCount: 1, deviceCount: 1 },
    ]);
  });

  it('stores text PostgreSQL cannot hold (NUL, a lone surrogate) with U+FFFD instead of failing', async () => {
    const device = await registerDevice(server.url, server.adminToken);
    const input = faultInput({
      errorCode: 'E_UNSTORABLE',
      message: 'cut\u0000here \ud83d',
      stackTrace: `${JAVA_TRACE}\n\u0000`,
      attributes: { note: 'a\u0000b', path: 'C:\\u0000dir' },
    });
    const receipt = ok(await gql(server.url, device.token, REPORT, { i: input })).reportFault;
    expect(receipt.status).toBe('STORED');
    const q = `query($id: ID!) { signature(id: $id) { reports(first: 1) { edges { node { message stackTrace attributes } } } } }`;
    const stored = ok(await gql(server.url, server.adminToken, q, { id: receipt.signature.id })).signature.reports.edges[0].node;
    expect(stored.message).toBe('cut\ufffdhere \ufffd');
    expect(stored.stackTrace).toBe(`${JAVA_TRACE}\n\ufffd`);
    // A backslash followed by "u0000" is text, not an escape, and is kept as sent.
    expect(stored.attributes).toEqual({ note: 'a\ufffdb', path: 'C:\\u0000dir' });
  });

  it('keeps different faults apart', async () => {
    const device = await registerDevice(server.url, server.adminToken);
    const one = ok(await gql(server.url, device.token, REPORT, { i: faultInput({ errorCode: 'E_APART' }) })).reportFault;
    const other = ok(
      await gql(server.url, device.token, REPORT, {
        i: faultInput({ errorCode: 'E_APART', stackTrace: 'java.lang.NullPointerException\n\tat com.example.game.Sound.play(Sound.java:12)' }),
      }),
    ).reportFault;
    expect(other.newSignature).toBe(true);
    expect(other.signature.id).not.toBe(one.signature.id);
  });
});

describe('reportFaults', () => {
  it('stores a batch in order, counting a repeated clientReportId once', async () => {
    const device = await registerDevice(server.url, server.adminToken);
    const a = faultInput({ errorCode: 'E_BATCH' });
    const b = faultInput({ errorCode: 'E_BATCH' });
    const receipts = ok(await gql(server.url, device.token, REPORT_BATCH, { i: [a, b, a] })).reportFaults;
    expect(receipts.map((r: { status: string }) => r.status)).toEqual(['STORED', 'STORED', 'DUPLICATE']);
    expect(receipts[2].report.id).toBe(receipts[0].report.id);
    expect(receipts.map((r: { report: { clientReportId: string } }) => r.report.clientReportId)).toEqual([
      a.clientReportId,
      b.clientReportId,
      a.clientReportId,
    ]);
    expect((await signature(receipts[0].signature.id)).reportCount).toBe(2);
  });

  it('counts a batch over several signatures per signature, new and known, as single reports would', async () => {
    const device = await registerDevice(server.url, server.adminToken);
    const other = await registerDevice(server.url, server.adminToken);
    const known = faultInput({ errorCode: 'E_BATCH_KNOWN' });
    const first = ok(await gql(server.url, other.token, REPORT, { i: known })).reportFault;
    const v = (version: string) => ({ application: { name: 'SpaceRacer', version } });
    const inputs = [
      faultInput({ errorCode: 'E_BATCH_NEW_A', ...v('1.0') }),
      faultInput({ errorCode: 'E_BATCH_KNOWN', ...v('1.0') }),
      faultInput({ errorCode: 'E_BATCH_NEW_B' }),
      faultInput({ errorCode: 'E_BATCH_NEW_A', ...v('2.0') }),
      faultInput({ errorCode: 'E_BATCH_KNOWN', ...v('1.0') }),
      faultInput({ errorCode: 'E_BATCH_NEW_A', ...v('2.0') }),
    ];
    const receipts = ok(await gql(server.url, device.token, REPORT_BATCH, { i: inputs })).reportFaults;
    expect(receipts.map((r: { status: string }) => r.status)).toEqual(Array(6).fill('STORED'));
    // "New" on the first report of each signature the batch opened, never on a known one.
    expect(receipts.map((r: { newSignature: boolean }) => r.newSignature)).toEqual([true, false, true, false, false, false]);
    expect(receipts[1].signature.id).toBe(first.signature.id);
    const a = await signature(receipts[0].signature.id);
    expect(a).toMatchObject({ reportCount: 3, deviceCount: 1 });
    expect(a.breakdowns.byApplicationVersion).toEqual(
      expect.arrayContaining([
        { value: '2.0', reportCount: 2, deviceCount: 1 },
        { value: '1.0', reportCount: 1, deviceCount: 1 },
      ]),
    );
    expect(a.breakdowns.byApplicationVersion).toHaveLength(2);
    expect(await signature(receipts[2].signature.id)).toMatchObject({ reportCount: 1, deviceCount: 1 });
    const k = await signature(first.signature.id);
    expect(k).toMatchObject({ reportCount: 3, deviceCount: 2 });
    expect(k.breakdowns.byApplicationVersion).toEqual(
      expect.arrayContaining([
        { value: '1.0', reportCount: 2, deviceCount: 1 },
        { value: '1.4.2', reportCount: 1, deviceCount: 1 },
      ]),
    );
  });

  it('refuses a batch with one invalid item whole, naming the index, and stores nothing', async () => {
    const device = await registerDevice(server.url, server.adminToken);
    const good = faultInput({ errorCode: 'E_BATCH_ATOMIC' });
    const res = await gql(server.url, device.token, REPORT_BATCH, {
      i: [good, faultInput({ errorCode: 'E_BATCH_ATOMIC', application: { name: 'SpaceRacer', version: ' ' } })],
    });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.fields).toEqual([{ path: ['inputs', 1, 'application', 'version'], message: 'must not be empty' }]);
    expect(res.errors![0]!.message).toContain('inputs.1.application.version');
    // Sending the good one alone now opens the signature: nothing of the refused batch was stored.
    const alone = ok(await gql(server.url, device.token, REPORT, { i: good })).reportFault;
    expect(alone).toMatchObject({ status: 'STORED', newSignature: true });
  });

  it('refuses more than 100 reports', async () => {
    const device = await registerDevice(server.url, server.adminToken);
    const inputs = Array.from({ length: 101 }, () => faultInput({ errorCode: 'E_TOO_MANY' }));
    const res = await gql(server.url, device.token, REPORT_BATCH, { i: inputs });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.message).toContain('at most 100');
  });
});

describe('the reporting policy is enforced', () => {
  it('disabled: FORBIDDEN, nothing stored', async () => {
    const device = await registerDevice(server.url, server.adminToken);
    ok(await gql(server.url, server.adminToken, POLICY, { id: device.device.id, p: { enabled: false } }));
    const input = faultInput({ errorCode: 'E_DISABLED' });
    expect(codeOf(await gql(server.url, device.token, REPORT, { i: input }))).toBe('FORBIDDEN');
    ok(await gql(server.url, server.adminToken, POLICY, { id: device.device.id, p: { enabled: true } }));
    expect(ok(await gql(server.url, device.token, REPORT, { i: input })).reportFault.status).toBe('STORED');
  });

  it('below minSeverity: a FILTERED receipt, nothing stored', async () => {
    const device = await registerDevice(server.url, server.adminToken);
    ok(await gql(server.url, server.adminToken, POLICY, { id: device.device.id, p: { minSeverity: 'FATAL' } }));
    const input = faultInput({ errorCode: 'E_FILTERED', severity: 'WARNING' });
    const receipt = ok(await gql(server.url, device.token, REPORT, { i: input })).reportFault;
    expect(receipt).toEqual({ status: 'FILTERED', duplicate: false, newSignature: false, report: null, signature: null, resolutions: [] });
    ok(await gql(server.url, server.adminToken, POLICY, { id: device.device.id, p: { minSeverity: 'WARNING' } }));
    const stored = ok(await gql(server.url, device.token, REPORT, { i: input })).reportFault;
    expect(stored).toMatchObject({ status: 'STORED', newSignature: true });
  });

  it('over maxReportsPerHour: RATE_LIMITED with a retry-after hint; retries of stored reports are still answered', async () => {
    const device = await registerDevice(server.url, server.adminToken);
    ok(await gql(server.url, server.adminToken, POLICY, { id: device.device.id, p: { maxReportsPerHour: 3 } }));
    const sent = [1, 2, 3].map(() => faultInput({ errorCode: 'E_RATE' }));
    for (const input of sent) expect(ok(await gql(server.url, device.token, REPORT, { i: input })).reportFault.status).toBe('STORED');
    const refused = await gql(server.url, device.token, REPORT, { i: faultInput({ errorCode: 'E_RATE' }) });
    expect(codeOf(refused)).toBe('RATE_LIMITED');
    expect(refused.status).toBe(429);
    const retryAfter = refused.errors![0]!.extensions!.retryAfterSeconds as number;
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    const retry = ok(await gql(server.url, device.token, REPORT, { i: sent[0] })).reportFault;
    expect(retry.status).toBe('DUPLICATE');
    // A batch that would cross the limit is refused whole.
    const batch = await gql(server.url, device.token, REPORT_BATCH, { i: [sent[1], faultInput({ errorCode: 'E_RATE' })] });
    expect(codeOf(batch)).toBe('RATE_LIMITED');
    expect((await signature(retry.signature.id)).reportCount).toBe(3);
  });

  it('collectStackTrace and collectAttributes off: the server discards them', async () => {
    const device = await registerDevice(server.url, server.adminToken);
    ok(await gql(server.url, server.adminToken, POLICY, {
      id: device.device.id,
      p: { collectStackTrace: false, collectAttributes: false },
    }));
    const receipt = ok(await gql(server.url, device.token, REPORT, { i: faultInput({ errorCode: 'E_PRIVACY' }) })).reportFault;
    const reports = await reportsOf(receipt.signature.id);
    expect(reports.edges[0].node).toMatchObject({ stackTrace: null, attributes: null });
  });
});

describe('bad input: a clear BAD_USER_INPUT with the field path, nothing stored', () => {
  const cases: [string, Record<string, unknown>, (string | number)[]][] = [
    ['empty errorCode', { errorCode: '' }, ['input', 'errorCode']],
    ['blank clientReportId', { clientReportId: '   ' }, ['input', 'clientReportId']],
    ['clientReportId too long', { clientReportId: 'x'.repeat(129) }, ['input', 'clientReportId']],
    ['blank application name', { application: { name: '', version: '1' } }, ['input', 'application', 'name']],
    ['stack trace over 64 KiB', { stackTrace: 'a'.repeat(64 * 1024 + 1) }, ['input', 'stackTrace']],
    ['message over 4 KiB (bytes, not characters)', { message: 'é'.repeat(2049) }, ['input', 'message']],
    ['attributes over 64 keys', { attributes: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, i])) }, ['input', 'attributes']],
    ['attributes over 16 KiB', { attributes: { blob: 'x'.repeat(16 * 1024) } }, ['input', 'attributes']],
    ['occurredAt far in the future', { occurredAt: new Date(Date.now() + 3 * 86_400_000).toISOString() }, ['input', 'occurredAt']],
    ['occurredAt before 2000', { occurredAt: '1999-12-31T23:59:59Z' }, ['input', 'occurredAt']],
    ['runtime with blank version', { runtime: { name: 'MIDP', version: '' } }, ['input', 'runtime', 'version']],
  ];

  it.each(cases)('%s', async (_name, override, path) => {
    const device = await registerDevice(server.url, server.adminToken);
    const input = faultInput({ errorCode: 'E_BAD_INPUT', ...override });
    const res = await gql(server.url, device.token, REPORT, { i: input });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect((res.errors![0]!.extensions!.fields as { path: unknown }[]).map((f) => f.path)).toContainEqual(path);
    const me = `query($id: ID!) { device(id: $id) { lastSeenAt } }`;
    expect(ok(await gql(server.url, server.adminToken, me, { id: device.device.id })).device.lastSeenAt).toBeNull();
  });

  it.each([
    ['a malformed date', { occurredAt: 'yesterday' }],
    ['an unknown severity', { severity: 'CATASTROPHIC' }],
    ['attributes that are not an object', { attributes: [1, 2] }],
    ['a missing required field', { errorCode: undefined }],
  ])('GraphQL coercion: %s', async (_name, override) => {
    const device = await registerDevice(server.url, server.adminToken);
    const res = await gql(server.url, device.token, REPORT, { i: faultInput(override) });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.message).toMatch(/\$i/);
  });

  it('answers 413 with a JSON error for a body over the limit', async () => {
    const device = await registerDevice(server.url, server.adminToken);
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${device.token}` },
      body: JSON.stringify({ query: REPORT, variables: { i: faultInput({ message: 'x'.repeat(11 * 1024 * 1024) }) } }),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers 400 with a JSON error for a malformed body', async () => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
  });
});
