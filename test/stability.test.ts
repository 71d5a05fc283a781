import { gql, ok } from './harness/client';
import { createVendorUser, faultInput, registerDevice, REPORT } from './harness/factories';
import { TestServer } from './harness/server';
import { runOperation, TRANSPORTS } from './harness/transports';

/**
 * Fleet stability against a small fleet enrolled, checked in and reporting through the API, in two
 * phases a few milliseconds apart: window A is [start, middle), window B [middle, end). Every
 * expected row below is counted by hand from the fleet described here, not read from the product.
 *
 *   device  model  firmware  checks in (A)        reports in A                                   in B
 *   d1      N95    21.0.0    SpaceRacer 1.4.2     FATAL npe, FATAL npe, ERROR io (SpaceRacer 1.4.2)  ERROR io (1.4.2)
 *   d2      N95    22.0.0    SpaceRacer 1.5.0     WARNING io (SpaceRacer 1.5.0)                  WARNING io (1.6.0: upgraded)
 *   d3      E71    21.0.0    SpaceRacer 1.5.0     —                                              — (checks in again)
 *   d4      E71    21.0.0    never                FATAL map (MapViewer 2.0)
 *   d5      N95    21.0.0    never                —                                              FATAL npe (SpaceRacer 1.5.0)
 */
const STABILITY = `query($from: DateTimeISO!, $to: DateTimeISO!, $by: StabilityDimension!, $app: String) {
  fleetStability(from: $from, to: $to, groupBy: $by, applicationName: $app) {
    value activeDevices faultyDevices faultFreeRate reports reportsPer1000Devices
  }
}`;
const TOP = `query($from: DateTimeISO!, $to: DateTimeISO!, $first: Int, $app: String) {
  topSignatures(from: $from, to: $to, first: $first, applicationName: $app) { signature { id title } devices reports }
}`;
const CHECK_IN = `mutation($i: DeviceCheckInInput!) { checkIn(input: $i) { policy { enabled } } }`;

const TRACES = {
  npe: ['java.lang.NullPointerException', '\tat com.example.race.Track.draw(Track.java:10)', '\tat com.example.race.Game.run(Game.java:20)'],
  io: ['java.io.IOException: closed', '\tat com.example.race.Net.send(Net.java:30)', '\tat com.example.race.Game.sync(Game.java:40)'],
  map: ['java.lang.ArrayIndexOutOfBoundsException', '\tat com.example.map.Tiles.get(Tiles.java:50)', '\tat com.example.map.View.paint(View.java:60)'],
} as const;
type Trace = keyof typeof TRACES;

let server: TestServer;
let tech: string;
const signatureOf: Partial<Record<Trace, string>> = {};
let start: string;
let middle: string;
let end: string;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function report(token: string, trace: Trace, severity: string, app: string, version: string) {
  const [exceptionType] = TRACES[trace][0].split(':');
  const data = ok(
    await gql(server.url, token, REPORT, {
      i: faultInput({ severity, exceptionType, stackTrace: TRACES[trace].join('\n'), errorCode: `E_${trace.toUpperCase()}`, application: { name: app, version } }),
    }),
  );
  signatureOf[trace] = data.reportFault.signature.id;
}

async function checkIn(token: string, firmwareVersion: string, version: string) {
  ok(await gql(server.url, token, CHECK_IN, { i: { firmwareVersion, applications: [{ name: 'SpaceRacer', version }] } }));
}

const stability = async (from: string, to: string, by: string, app?: string) =>
  ok(await gql(server.url, tech, STABILITY, { from, to, by, app })).fleetStability;

beforeAll(async () => {
  server = await TestServer.start();
  tech = server.adminToken;
  const d1 = await registerDevice(server.url, tech, { model: 'N95', firmwareVersion: '21.0.0' });
  const d2 = await registerDevice(server.url, tech, { model: 'N95', firmwareVersion: '22.0.0' });
  const d3 = await registerDevice(server.url, tech, { model: 'E71', firmwareVersion: '21.0.0' });
  const d4 = await registerDevice(server.url, tech, { model: 'E71', firmwareVersion: '21.0.0' });
  const d5 = await registerDevice(server.url, tech, { model: 'N95', firmwareVersion: '21.0.0' });
  await sleep(20);
  start = new Date().toISOString();
  await sleep(20);
  await checkIn(d1.token, '21.0.0', '1.4.2');
  await checkIn(d2.token, '22.0.0', '1.5.0');
  await checkIn(d3.token, '21.0.0', '1.5.0');
  await report(d1.token, 'npe', 'FATAL', 'SpaceRacer', '1.4.2');
  await report(d1.token, 'npe', 'FATAL', 'SpaceRacer', '1.4.2');
  await report(d1.token, 'io', 'ERROR', 'SpaceRacer', '1.4.2');
  await report(d2.token, 'io', 'WARNING', 'SpaceRacer', '1.5.0');
  await report(d4.token, 'map', 'FATAL', 'MapViewer', '2.0');
  await sleep(20);
  middle = new Date().toISOString();
  await sleep(20);
  await report(d1.token, 'io', 'ERROR', 'SpaceRacer', '1.4.2');
  await checkIn(d3.token, '21.0.0', '1.5.0');
  await report(d5.token, 'npe', 'FATAL', 'SpaceRacer', '1.5.0');
  await report(d2.token, 'io', 'WARNING', 'SpaceRacer', '1.6.0');
  await sleep(20);
  end = new Date().toISOString();
});

afterAll(() => server?.stop());

const row = (value: string, activeDevices: number, faultyDevices: number, reports: number) => ({
  value,
  activeDevices,
  faultyDevices,
  faultFreeRate: expect.closeTo(1 - faultyDevices / activeDevices, 9),
  reports,
  reportsPer1000Devices: expect.closeTo((reports / activeDevices) * 1000, 9),
});

describe('fleetStability', () => {
  it('by model: active devices (checked in or reported), those with a FATAL report, reports', async () => {
    // N95: d1 d2 active (d5 not yet); d1 FATAL; 3 + 1 reports. E71: d3 (check-in) d4 (report); d4 FATAL; 1 report.
    expect(await stability(start, middle, 'MODEL')).toEqual([row('E71', 2, 1, 1), row('N95', 2, 1, 4)]);
    expect(await stability(start, middle, 'MODEL')).toEqual([
      { value: 'E71', activeDevices: 2, faultyDevices: 1, faultFreeRate: 0.5, reports: 1, reportsPer1000Devices: 500 },
      { value: 'N95', activeDevices: 2, faultyDevices: 1, faultFreeRate: 0.5, reports: 4, reportsPer1000Devices: 2000 },
    ]);
    // Both windows: N95 gains d5 (FATAL in B) and the reports of d1 and d2 in B; most active devices first.
    expect(await stability(start, end, 'MODEL')).toEqual([row('N95', 3, 2, 7), row('E71', 2, 1, 1)]);
    // Window B alone: N95 d1 d2 d5 (d5 FATAL), 3 reports; E71 only d3, which checked in again.
    expect(await stability(middle, end, 'MODEL')).toEqual([row('N95', 3, 1, 3), row('E71', 1, 0, 0)]);
  });

  it('by model for one application: every active device counts, only its reports and FATAL reports', async () => {
    // d4 is active but its FATAL report is MapViewer's.
    expect(await stability(start, middle, 'MODEL', 'SpaceRacer')).toEqual([row('E71', 2, 0, 0), row('N95', 2, 1, 4)]);
  });

  it('by firmware', async () => {
    // 21.0.0: d1 d3 d4, d1 and d4 FATAL, 3 + 1 reports. 22.0.0: d2, 1 report.
    expect(await stability(start, middle, 'FIRMWARE')).toEqual([
      { value: '21.0.0', activeDevices: 3, faultyDevices: 2, faultFreeRate: expect.closeTo(1 / 3, 9), reports: 4, reportsPer1000Devices: expect.closeTo(4000 / 3, 9) },
      { value: '22.0.0', activeDevices: 1, faultyDevices: 0, faultFreeRate: 1, reports: 1, reportsPer1000Devices: 1000 },
    ]);
  });

  it('by application version: from the reports in the window, else from the check-in; without the application, not counted', async () => {
    // 1.5.0: d2 (its report), d3 (installed, no report; it checked in again in B, and its check-in in A
    // still counts here). 1.4.2: d1. d4 runs no SpaceRacer.
    expect(await stability(start, middle, 'APPLICATION_VERSION', 'SpaceRacer')).toEqual([row('1.5.0', 2, 0, 1), row('1.4.2', 1, 1, 3)]);
    // Window B: d1 on 1.4.2 (an ERROR), d5 on 1.5.0 (a FATAL, no check-in) and d3 (its check-in), d2 on 1.6.0.
    expect(await stability(middle, end, 'APPLICATION_VERSION', 'SpaceRacer')).toEqual([row('1.5.0', 2, 1, 1), row('1.4.2', 1, 0, 1), row('1.6.0', 1, 0, 1)]);
    // Both: d2 upgraded within the window and counts under 1.5.0 (d2 d3 d5) and 1.6.0, each with its own reports.
    expect(await stability(start, end, 'APPLICATION_VERSION', 'SpaceRacer')).toEqual([row('1.5.0', 3, 1, 2), row('1.4.2', 1, 1, 4), row('1.6.0', 1, 0, 1)]);
    expect(await stability(middle, end, 'APPLICATION_VERSION', 'MapViewer')).toEqual([]);
  });

  it('a window with nothing in it has no rows', async () => {
    expect(await stability('2020-01-01T00:00:00Z', '2020-01-08T00:00:00Z', 'MODEL')).toEqual([]);
  });
});

describe('topSignatures', () => {
  it('by devices affected in the window, then reports', async () => {
    const top = ok(await gql(server.url, tech, TOP, { from: start, to: middle })).topSignatures;
    // io: d1 d2 (2 reports); npe: d1 (2 reports); map: d4 (1 report).
    expect(top.map((t: any) => [t.signature.id, t.devices, t.reports])).toEqual([
      [signatureOf.io, 2, 2],
      [signatureOf.npe, 1, 2],
      [signatureOf.map, 1, 1],
    ]);
    const spaceRacer = ok(await gql(server.url, tech, TOP, { from: start, to: middle, app: 'SpaceRacer', first: 1 })).topSignatures;
    expect(spaceRacer.map((t: any) => [t.signature.id, t.devices, t.reports])).toEqual([[signatureOf.io, 2, 2]]);
  });
});

describe('bad input', () => {
  const refusal = async (query: string, vars: Record<string, unknown>) => (await gql(server.url, tech, query, vars)).errors?.[0]?.extensions;
  it.each([
    ['to before from', { from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' }, 'STABILITY_WINDOW_INVALID'],
    ['an empty window', { from: '2026-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }, 'STABILITY_WINDOW_INVALID'],
    ['a window over 366 days', { from: '2025-01-01T00:00:00Z', to: '2026-01-03T00:00:00Z' }, 'STABILITY_WINDOW_TOO_LONG'],
  ])('%s is refused', async (_, window, reason) => {
    expect(await refusal(STABILITY, { ...window, by: 'MODEL' })).toMatchObject({ code: 'BAD_USER_INPUT', reason });
    expect(await refusal(TOP, window)).toMatchObject({ code: 'BAD_USER_INPUT', reason });
  });

  it('APPLICATION_VERSION without an application is refused', async () => {
    expect(await refusal(STABILITY, { from: start, to: end, by: 'APPLICATION_VERSION' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'STABILITY_APPLICATION_REQUIRED',
    });
  });

  it('a page over 100 signatures is refused', async () => {
    expect(await refusal(TOP, { from: start, to: end, first: 101 })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PAGE_SIZE_OUT_OF_RANGE' });
  });
});

describe('denials', () => {
  it('vendors, devices and anonymous callers are refused, on both transports', async () => {
    const vendor = await createVendorUser(server.url, server.adminToken);
    const device = await registerDevice(server.url, server.adminToken);
    for (const transport of TRANSPORTS) {
      for (const [token, codes] of [
        [vendor.token, ['FORBIDDEN']],
        [device.token, ['FORBIDDEN']],
        [null, ['UNAUTHENTICATED', undefined]],
      ] as const) {
        for (const [query, vars] of [
          [STABILITY, { from: start, to: end, by: 'MODEL' }],
          [TOP, { from: start, to: end }],
        ] as const) {
          const result = await runOperation(transport, server.url, token, query, vars);
          expect(result.data?.fleetStability ?? result.data?.topSignatures ?? null).toBeNull();
          expect([transport, codes]).toEqual([transport, expect.arrayContaining([result.errors?.[0]?.extensions?.code])]);
        }
      }
    }
  });
});
