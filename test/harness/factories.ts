import { randomUUID } from 'node:crypto';
import { gql, ok } from './client';

export const REGISTER = `mutation($i: RegisterDeviceInput!) { registerDevice(input: $i) { token device { id serialNumber model } } }`;

export const REPORT = `mutation($i: FaultReportInput!) {
  reportFault(input: $i) {
    status duplicate newSignature
    report { id clientReportId }
    signature { id status title }
    resolutions { id }
  }
}`;

export const REPORT_BATCH = `mutation($i: [FaultReportInput!]!) {
  reportFaults(inputs: $i) { status duplicate newSignature report { id clientReportId } signature { id } }
}`;

export const SIGNATURE = `query($id: ID!) {
  signature(id: $id) {
    id fingerprint groupingConfig title errorCode exceptionType applicationName status
    reportCount deviceCount firstSeenAt lastSeenAt
    frames { function contributes }
    components { id value contributes hint }
    breakdowns {
      byApplicationVersion { value reportCount deviceCount }
      byModel { value reportCount deviceCount }
      byFirmware { value reportCount deviceCount }
      byRuntime { value reportCount deviceCount }
    }
  }
}`;

export interface DeviceFields {
  serialNumber?: string;
  manufacturer?: string;
  model?: string;
  firmwareVersion?: string;
  runtime?: { name: string; version: string };
  subscriberId?: string;
}

let serial = 0;

export async function registerDevice(url: string, adminToken: string, fields: DeviceFields = {}) {
  serial += 1;
  const input = {
    serialNumber: `IMEI-35693803${process.pid}${serial}`,
    manufacturer: 'Nokia',
    model: 'N95',
    firmwareVersion: '21.0.0',
    runtime: { name: 'MIDP', version: '2.0' },
    ...fields,
  };
  const data = ok(await gql(url, adminToken, REGISTER, { i: input }));
  return data.registerDevice as { token: string; device: { id: string; serialNumber: string; model: string } };
}

export const JAVA_TRACE = [
  'java.lang.NullPointerException',
  '\tat com.example.game.Renderer.drawSprite(Renderer.java:214)',
  '\tat com.example.game.GameCanvas.run(GameCanvas.java:142)',
  '\tat java.lang.Thread.run(Thread.java:619)',
].join('\n');

export function faultInput(overrides: Record<string, unknown> = {}) {
  return {
    clientReportId: randomUUID(),
    occurredAt: new Date().toISOString(),
    errorCode: 'E_APP_CRASH',
    severity: 'FATAL',
    application: { name: 'SpaceRacer', version: '1.4.2', type: 'MIDlet', vendor: 'Example Games' },
    runtime: { name: 'MIDP', version: '2.0' },
    exceptionType: 'java.lang.NullPointerException',
    message: 'null',
    stackTrace: JAVA_TRACE,
    attributes: { freeHeapBytes: 10_000, battery: 0.42 },
    ...overrides,
  };
}

let people = 0;

/** A new admin or technician; returns their token and id. */
export async function createUser(url: string, adminToken: string, role: 'ADMIN' | 'TECHNICIAN' = 'TECHNICIAN') {
  people += 1;
  const data = ok(
    await gql(url, adminToken, `mutation($i: CreateUserInput!) { createUser(input: $i) { token user { id } } }`, {
      i: { email: `user-${process.pid}-${people}@example.com`, name: `User ${people}`, role },
    }),
  );
  return { token: data.createUser.token as string, id: data.createUser.user.id as string };
}

/** A new vendor with one user; returns the user's token and the vendor's id. */
export async function createVendorUser(url: string, adminToken: string) {
  people += 1;
  const vendor = ok(await gql(url, adminToken, `mutation($n: String!) { createVendor(input: { name: $n }) { id } }`, { n: `Vendor ${process.pid}-${people}` }));
  const user = ok(
    await gql(url, adminToken, `mutation($v: ID!, $i: CreateVendorUserInput!) { createVendorUser(vendorId: $v, input: $i) { token user { id } } }`, {
      v: vendor.createVendor.id,
      i: { email: `vendor-${process.pid}-${people}@example.com`, name: `Vendor user ${people}` },
    }),
  );
  return { token: user.createVendorUser.token as string, id: user.createVendorUser.user.id as string, vendorId: vendor.createVendor.id as string };
}

/** A signature an earlier release made, with no reports yet: what seeds of grouping transitions start from. */
export interface SeededSignature {
  id: string;
  fingerprint: string;
  config: string;
  title: string;
  errorCode: string;
  exceptionType: string;
  applicationName: string;
}

/** Inserts it on a seed's connection (TestServer.start's `seed`), as the release that made it would have. */
export function seedSignature(client: { query: (text: string, values: unknown[]) => Promise<unknown> }, s: SeededSignature) {
  return client.query(
    `INSERT INTO fault_signature (id, fingerprint, grouping_config, title, error_code, exception_type, application_name,
                                  frames, components, report_count, device_count, first_seen_at, last_seen_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, '[]', '[]', 0, 0, now(), now())`,
    [s.id, s.fingerprint, s.config, s.title, s.errorCode, s.exceptionType, s.applicationName],
  );
}
