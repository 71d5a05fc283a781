import { gql, ok, type GqlResponse } from './harness/client';
import { faultInput, registerDevice, REPORT_BATCH } from './harness/factories';
import { TestServer } from './harness/server';

let server: TestServer;
const SIGNATURES = 60;
const MODELS = ['N95', 'E71', 'K800', '6300'];

/** The console's list view: every relation a row shows, for a whole page. */
const LIST = `query($first: Int!) {
  signatures(first: $first, filter: { applicationName: "CountApp" }) {
    totalCount
    edges { node {
      id
      reports(first: 3) { totalCount edges { node { id device { model } } } }
      breakdowns { byModel { value reportCount deviceCount } }
      sample { id frames { function contributes hint } }
      assignee { id name }
    } }
  }
}`;

beforeAll(async () => {
  server = await TestServer.start({ FAULTBASE_EXPOSE_SQL_COUNT: 'true' });
  const users = await Promise.all(
    ['count-a', 'count-b'].map(async (name) =>
      ok(await gql(server.url, server.adminToken, `mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } } }`, {
        i: { email: `${name}@example.com`, name },
      })).createUser.user.id as string,
    ),
  );
  // Every device reports every signature once (60 signatures, 240 reports from 4 models).
  let ids: string[] = [];
  for (const model of MODELS) {
    const device = await registerDevice(server.url, server.adminToken, { model });
    const batch = Array.from({ length: SIGNATURES }, (_, k) =>
      faultInput({ errorCode: `E_COUNT_${k}`, application: { name: 'CountApp', version: `1.${k % 3}` } }),
    );
    ids = ok(await gql(server.url, device.token, REPORT_BATCH, { i: batch })).reportFaults.map((r: { signature: { id: string } }) => r.signature.id);
  }
  // Every third signature is assigned, alternating between two users, so both pages load assignees.
  for (const [k, id] of ids.entries()) {
    if (k % 3) continue;
    ok(await gql(server.url, server.adminToken, `mutation($id: ID!, $a: ID) { updateSignature(id: $id, input: { assigneeId: $a }) { id } }`, {
      id,
      a: users[(k / 3) % 2],
    }));
  }
});
afterAll(() => server?.stop());

const statements = (res: GqlResponse) => (res as { extensions?: { sqlStatements?: number } }).extensions?.sqlStatements;

it('a page of 10 and a page of 50 signatures with reports, devices, breakdowns, sample and assignee cost the same few statements', async () => {
  const ten = await gql(server.url, server.adminToken, LIST, { first: 10 });
  const fifty = await gql(server.url, server.adminToken, LIST, { first: 50 });
  const page = ok(fifty).signatures;
  expect(page.totalCount).toBe(SIGNATURES);
  expect(page.edges).toHaveLength(50);
  for (const { node } of page.edges) {
    expect(node.reports.totalCount).toBe(MODELS.length);
    expect(node.reports.edges).toHaveLength(3);
    expect(MODELS).toEqual(expect.arrayContaining(node.reports.edges.map((e: { node: { device: { model: string } } }) => e.node.device.model)));
    expect(node.breakdowns.byModel).toHaveLength(MODELS.length);
    expect(node.sample.id).toBe(node.reports.edges[0].node.id);
  }
  expect(page.edges.filter((e: { node: { assignee: unknown } }) => e.node.assignee).length).toBeGreaterThan(10);
  expect(ok(ten).signatures.edges.some((e: { node: { assignee: unknown } }) => e.node.assignee)).toBe(true);

  // token lookup, signatures + count, reports (with sample), devices, breakdowns, assignees
  expect(statements(ten)).toBeLessThanOrEqual(12);
  expect(statements(fifty)).toBe(statements(ten));
});

it('a device list with recent reports and signatures is as cheap for 4 devices as for 1', async () => {
  const q = `query($first: Int!) { devices(first: $first) { edges { node { model recentReports(first: 3) { id signature { id } } signatures(first: 5) { id } } } } }`;
  const one = await gql(server.url, server.adminToken, q, { first: 1 });
  const all = await gql(server.url, server.adminToken, q, { first: 4 });
  expect(ok(all).devices.edges).toHaveLength(4);
  expect(statements(all)).toBe(statements(one));
});

it('a signature page asking for activity and occurrences too stays constant', async () => {
  const q = `query($first: Int!) { signatures(first: $first, filter: { applicationName: "CountApp" }) {
    edges { node { activity(first: 2) { totalCount edges { node { kind actor { name } assignee { name } } } } occurrences(bucket: DAY) { count } } } } }`;
  const ten = await gql(server.url, server.adminToken, q, { first: 10 });
  const fifty = await gql(server.url, server.adminToken, q, { first: 50 });
  expect(ok(fifty).signatures.edges.filter((e: { node: { activity: { totalCount: number } } }) => e.node.activity.totalCount > 0).length).toBeGreaterThan(10);
  expect(statements(fifty)).toBe(statements(ten));
});

it('a signature page asking for similar signatures (and theirs) stays constant', async () => {
  const q = `query($first: Int!) { signatures(first: $first, filter: { applicationName: "CountApp" }) {
    edges { node { similar(first: 3) { score reason signature { id title } } } } } }`;
  const ten = await gql(server.url, server.adminToken, q, { first: 10 });
  const fifty = await gql(server.url, server.adminToken, q, { first: 50 });
  expect(ok(fifty).signatures.edges.every((e: { node: { similar: unknown[] } }) => e.node.similar.length === 3)).toBe(true);
  expect(statements(fifty)).toBe(statements(ten));
});

it('counts the statements of a mutation too', async () => {
  const device = await registerDevice(server.url, server.adminToken);
  const res = await gql(server.url, device.token, REPORT_BATCH, { i: [faultInput({ errorCode: 'E_COUNT_MUTATION' })] });
  expect(statements(res)).toBe(3); // the token lookup (a new device), the one ingest statement, the receipt's report
});

it("vendors and a vendor's users, every field, cost one statement each however many there are", async () => {
  const VENDORS = `{ vendors { id name webhookUrl webhookSecretSet disabled disabledAt createdAt } }`;
  const USERS = `query($v: ID!) { vendorUsers(vendorId: $v) { id email name createdAt disabled disabledAt } }`;
  const addVendor = async (k: number) =>
    ok(await gql(server.url, server.adminToken, `mutation($i: CreateVendorInput!) { createVendor(input: $i) { id } }`, {
      i: { name: `Count vendor ${k}`, webhookUrl: 'https://93.184.215.14/hook', webhookSecret: `count-secret-${k}-0123456789` },
    })).createVendor.id as string;
  const vendorIds: string[] = [];
  for (let k = 0; k < 6; k++) vendorIds.push(await addVendor(k));
  for (let k = 0; k < 5; k++) {
    ok(await gql(server.url, server.adminToken, `mutation($v: ID!, $i: CreateVendorUserInput!) { createVendorUser(vendorId: $v, input: $i) { user { id } } }`, {
      v: vendorIds[0],
      i: { email: `count-vendor-user-${k}@example.com`, name: `Count ${k}` },
    }));
  }
  const vendors = await gql(server.url, server.adminToken, VENDORS);
  const users = await gql(server.url, server.adminToken, USERS, { v: vendorIds[0] });
  expect(ok(vendors).vendors.length).toBeGreaterThanOrEqual(6);
  expect(ok(users).vendorUsers).toHaveLength(5);
  expect(statements(vendors)).toBeLessThanOrEqual(2); // (the token lookup, when not remembered) and the vendors
  expect(statements(users)).toBeLessThanOrEqual(3); // (the token lookup), the vendor, its users
});

it('a page of vendor tickets with vendor, assignee, evidence and thread authors costs the same for 2 tickets as for 10', async () => {
  // No webhook URL: this test is about reads, not deliveries.
  const vendorId = ok(await gql(server.url, server.adminToken, `mutation { createVendor(input: { name: "Count ticket vendor" }) { id } }`)).createVendor.id;
  const page = ok(await gql(server.url, server.adminToken, `{ signatures(first: 10, filter: { applicationName: "CountApp" }) { edges { node { id } } } }`));
  for (const { node } of page.signatures.edges) {
    ok(await gql(server.url, server.adminToken, `mutation($s: ID!, $v: ID!) { escalateSignature(signatureId: $s, vendorId: $v, message: "count") { id } }`, { s: node.id, v: vendorId }));
  }
  const TICKETS = `query($first: Int!, $v: ID!) {
    vendorTickets(first: $first, filter: { vendorId: $v }) {
      totalCount
      edges { node { id signatureId vendor { name } assignee { name } evidence { title samples { device { pseudonym } } } thread { kind author { name side } } allowedStatuses } }
    }
  }`;
  const two = await gql(server.url, server.adminToken, TICKETS, { first: 2, v: vendorId });
  const ten = await gql(server.url, server.adminToken, TICKETS, { first: 10, v: vendorId });
  expect(ok(ten).vendorTickets.edges).toHaveLength(10);
  expect(ok(ten).vendorTickets.edges[0].node.thread[0].author).toEqual({ name: 'Administrator', side: 'STAFF' });
  expect(statements(ten)).toBe(statements(two));
  expect(statements(ten)).toBeLessThanOrEqual(6); // (the token lookup) tickets, count, vendors, users, threads
});

it('fleet stability is one statement (in a transaction of its own), and top signatures with their signatures cost the same for 3 as for 50', async () => {
  const from = new Date(Date.now() - 24 * 3600_000).toISOString();
  const to = new Date(Date.now() + 3600_000).toISOString();
  const stability = await gql(server.url, server.adminToken, `query($f: DateTimeISO!, $t: DateTimeISO!) { fleetStability(from: $f, to: $t, groupBy: MODEL) { value activeDevices } }`, {
    f: from,
    t: to,
  });
  expect(ok(stability).fleetStability.length).toBeGreaterThanOrEqual(MODELS.length);
  expect(statements(stability)).toBeLessThanOrEqual(5); // (the token lookup), BEGIN, SET LOCAL, the one statement, COMMIT
  const TOP = `query($f: DateTimeISO!, $t: DateTimeISO!, $first: Int!) {
    topSignatures(from: $f, to: $t, first: $first, applicationName: "CountApp") { devices reports signature { id title reportCount assignee { name } } }
  }`;
  // Both pages must load assignees: which signatures come first depends on their ids (fingerprints),
  // so the first one is assigned here rather than hoping every third falls among them.
  const first = ok(await gql(server.url, server.adminToken, TOP, { f: from, t: to, first: 1 })).topSignatures[0].signature;
  if (first.assignee === null) {
    const me = ok(await gql(server.url, server.adminToken, `{ me { id } }`)).me.id;
    ok(await gql(server.url, server.adminToken, `mutation($id: ID!, $a: ID) { updateSignature(id: $id, input: { assigneeId: $a }) { id } }`, { id: first.id, a: me }));
  }
  const three = await gql(server.url, server.adminToken, TOP, { f: from, t: to, first: 3 });
  const fifty = await gql(server.url, server.adminToken, TOP, { f: from, t: to, first: 50 });
  expect(ok(fifty).topSignatures).toHaveLength(50);
  expect(ok(fifty).topSignatures[0]).toMatchObject({ devices: MODELS.length, reports: MODELS.length });
  expect(statements(fifty)).toBe(statements(three));
});

it("users and an alert rule's delivery log cost a few statements however long the page", async () => {
  for (let k = 0; k < 4; k++) {
    ok(await gql(server.url, server.adminToken, `mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } } }`, { i: { email: `count-user-${k}@example.com`, name: `Count user ${k}` } }));
  }
  const USERS = `query($first: Int!) { users(first: $first) { totalCount edges { node { id email name role createdAt revokedAt } } } }`;
  const two = await gql(server.url, server.adminToken, USERS, { first: 2 });
  const all = await gql(server.url, server.adminToken, USERS, { first: 100 });
  expect(ok(all).users.edges.length).toBeGreaterThan(2);
  expect(statements(all)).toBe(statements(two));
  expect(statements(all)).toBeLessThanOrEqual(3); // (the token lookup), the page, the count

  const rule = ok(await gql(server.url, server.adminToken, `mutation { createAlertRule(input: { name: "Count", enabled: false, condition: { kind: REGRESSION }, channels: [{ kind: EMAIL, to: ["count@example.com"] }, { kind: EMAIL, to: ["count2@example.com"] }] }) { id } }`)).createAlertRule.id;
  for (let k = 0; k < 3; k++) ok(await gql(server.url, server.adminToken, `mutation($id: ID!) { testAlertRule(id: $id) }`, { id: rule }));
  const LOG = `query($id: ID!, $first: Int!) { alertRuleDeliveries(id: $id, first: $first) { totalCount edges { node { id status attempts lastError attemptLog { statusCode } } } } }`;
  const one = await gql(server.url, server.adminToken, LOG, { id: rule, first: 1 });
  const six = await gql(server.url, server.adminToken, LOG, { id: rule, first: 6 });
  expect(ok(six).alertRuleDeliveries.edges).toHaveLength(6);
  expect(statements(six)).toBe(statements(one));
  expect(statements(six)).toBeLessThanOrEqual(6); // (the token lookup), the rule, its channels, the page, the count, the attempts
});
