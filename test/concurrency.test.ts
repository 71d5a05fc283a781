import { gql, ok } from './harness/client';
import { faultInput, registerDevice, REPORT, REPORT_BATCH, SIGNATURE } from './harness/factories';
import { TestServer } from './harness/server';

let server: TestServer;
beforeAll(async () => {
  server = await TestServer.start();
});
afterAll(() => server?.stop());

const POLICY = `mutation($id: ID!) { setReportingPolicy(deviceId: $id, input: { maxReportsPerHour: 100000 }) { id } }`;

async function device(fields = {}) {
  const d = await registerDevice(server.url, server.adminToken, fields);
  ok(await gql(server.url, server.adminToken, POLICY, { id: d.device.id }));
  return d;
}

it('many parallel copies of one report store it once', async () => {
  const d = await device();
  const input = faultInput({ errorCode: 'E_PARALLEL_COPIES' });
  const receipts = await Promise.all(
    Array.from({ length: 40 }, async () => ok(await gql(server.url, d.token, REPORT, { i: input })).reportFault),
  );
  const stored = receipts.filter((r) => r.status === 'STORED');
  expect(stored).toHaveLength(1);
  expect(receipts.filter((r) => r.status === 'DUPLICATE')).toHaveLength(39);
  expect(new Set(receipts.map((r) => r.report.id)).size).toBe(1);
  expect(stored[0].newSignature).toBe(true);
  const sig = ok(await gql(server.url, server.adminToken, SIGNATURE, { id: stored[0].signature.id })).signature;
  expect(sig).toMatchObject({ reportCount: 1, deviceCount: 1 });
});

it('many parallel reports of one fault from many devices give exact counts', async () => {
  const devices = await Promise.all(
    Array.from({ length: 8 }, (_, i) => device({ model: i % 2 ? 'E71' : 'N95', firmwareVersion: `fw-${i % 4}` })),
  );
  const perDevice = 15;
  const sends = devices.flatMap((d, di) =>
    Array.from({ length: perDevice }, (_, k) => async () =>
      ok(
        await gql(server.url, d.token, REPORT, {
          i: faultInput({ errorCode: 'E_PARALLEL_FAULT', application: { name: 'SpaceRacer', version: `1.${(di + k) % 3}` } }),
        }),
      ).reportFault,
    ),
  );
  const receipts = await Promise.all(sends.map((send) => send()));
  expect(receipts.every((r) => r.status === 'STORED')).toBe(true);
  expect(receipts.filter((r) => r.newSignature)).toHaveLength(1);
  const ids = new Set(receipts.map((r) => r.signature.id));
  expect(ids.size).toBe(1);
  const sig = ok(await gql(server.url, server.adminToken, SIGNATURE, { id: [...ids][0] })).signature;
  expect(sig.reportCount).toBe(devices.length * perDevice);
  expect(sig.deviceCount).toBe(devices.length);
  const sum = (list: { reportCount: number }[]) => list.reduce((n, e) => n + e.reportCount, 0);
  expect(sum(sig.breakdowns.byApplicationVersion)).toBe(devices.length * perDevice);
  expect(sig.breakdowns.byModel).toEqual(
    expect.arrayContaining([
      { value: 'N95', reportCount: 4 * perDevice, deviceCount: 4 },
      { value: 'E71', reportCount: 4 * perDevice, deviceCount: 4 },
    ]),
  );
  expect(sig.breakdowns.byFirmware).toHaveLength(4);
  expect(sig.breakdowns.byFirmware.every((e: { deviceCount: number }) => e.deviceCount === 2)).toBe(true);
});

it('concurrent batches over the same signatures neither deadlock nor double count', async () => {
  const devices = await Promise.all(Array.from({ length: 4 }, () => device()));
  const codes = ['E_BATCH_A', 'E_BATCH_B', 'E_BATCH_C'];
  // Each batch touches the three signatures in a different order; a retry of the same batch is sent too.
  const batches = devices.flatMap((d, i) => {
    const inputs = Array.from({ length: 12 }, (_, k) => faultInput({ errorCode: codes[(k + i) % 3] }));
    return [inputs, inputs].map((b) => () => gql(server.url, d.token, REPORT_BATCH, { i: b }));
  });
  const results = await Promise.all(batches.map((send) => send()));
  const receipts = results.flatMap((r) => ok(r).reportFaults);
  expect(receipts.filter((r: { status: string }) => r.status === 'STORED')).toHaveLength(4 * 12);
  expect(receipts.filter((r: { status: string }) => r.status === 'DUPLICATE')).toHaveLength(4 * 12);
  const list = ok(
    await gql(server.url, server.adminToken, `{ signatures(first: 50, filter: { applicationName: "SpaceRacer" }) { edges { node { errorCode reportCount deviceCount } } } }`),
  ).signatures.edges.map((e: { node: { errorCode: string } }) => e.node);
  for (const code of codes) {
    expect(list.find((s: { errorCode: string }) => s.errorCode === code)).toEqual({ errorCode: code, reportCount: 16, deviceCount: 4 });
  }
});
