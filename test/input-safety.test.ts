import { gql, gqlBody, ok } from './harness/client';
import { createUser, faultInput, registerDevice, REPORT, REPORT_BATCH } from './harness/factories';
import { TestServer } from './harness/server';
import { subscribe } from './harness/subscriptions';
import { runOperation, TRANSPORTS } from './harness/transports';

let server: TestServer;
let technician: string;
let device: { token: string; device: { id: string } };
let signatureId: string;

beforeAll(async () => {
  server = await TestServer.start();
  technician = (await createUser(server.url, server.adminToken)).token;
  device = await registerDevice(server.url, server.adminToken);
  signatureId = ok(await gql(server.url, device.token, REPORT, { i: faultInput({ errorCode: 'E_INPUT_SAFETY' }) })).reportFault.signature.id;
});
afterAll(() => server?.stop());

const NUL = 'a\u0000b';
const LONE = 'a\ud83db';

/** How many signatures have this error code: 0 means nothing of a refused report was stored. */
const signaturesWith = async (errorCode: string) =>
  ok(await gql(server.url, technician, `query($e: String) { signatures(filter: { errorCode: $e, includeMerged: true }) { totalCount } }`, { e: errorCode }))
    .signatures.totalCount as number;

describe('identifiers that PostgreSQL cannot store are refused, and nothing is stored', () => {
  it.each([
    ['NUL', NUL],
    ['a lone surrogate', LONE],
  ])('a clientReportId with %s: BAD_USER_INPUT, every retry too', async (_what, bad) => {
    const input = faultInput({ clientReportId: `id-${bad}`, errorCode: `E_BAD_ID_${_what.length}` });
    for (let attempt = 0; attempt < 2; attempt++) {
      const res = await gql(server.url, device.token, REPORT, { i: input });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: ['input', 'clientReportId'] }] });
    }
    expect(await signaturesWith(input.errorCode as string)).toBe(0);
  });

  it('one such item refuses the whole batch, naming it; nothing of the batch is stored', async () => {
    const batch = [faultInput({ errorCode: 'E_BAD_BATCH' }), faultInput({ errorCode: 'E_BAD_BATCH', clientReportId: NUL }), faultInput({ errorCode: 'E_BAD_BATCH' })];
    const res = await gql(server.url, device.token, REPORT_BATCH, { i: batch });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: ['inputs', 1, 'clientReportId'] }] });
    expect(await signaturesWith('E_BAD_BATCH')).toBe(0);
    // The same batch without the bad item is stored whole.
    const fixed = ok(await gql(server.url, device.token, REPORT_BATCH, { i: [batch[0], batch[2]] })).reportFaults;
    expect(fixed.map((r: { status: string }) => r.status)).toEqual(['STORED', 'STORED']);
  });

  it('attributes nested deeper than allowed are refused, however deep', async () => {
    // 17 levels, one more than documented; and 5,000 levels of arrays, written by hand (JSON.stringify cannot).
    const seventeen = JSON.stringify({ i: faultInput({ errorCode: 'E_DEEP', attributes: { a: { b: { c: { d: { e: { f: { g: { h: { i: { j: { k: { l: { m: { n: { o: { p: { q: 1 } } } } } } } } } } } } } } } } } }) });
    const deep = JSON.stringify({ i: faultInput({ errorCode: 'E_DEEP', attributes: { deep: 'PLACEHOLDER' } }) }).replace('"PLACEHOLDER"', `${'['.repeat(5000)}"bottom"${']'.repeat(5000)}`);
    for (const variables of [seventeen, deep]) {
      const res = await gqlBody(server.url, device.token, `{"query":${JSON.stringify(REPORT)},"variables":${variables}}`);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: expect.arrayContaining(['input', 'attributes']) }] });
    }
    expect(await signaturesWith('E_DEEP')).toBe(0);
  });
});

/** Every kind of argument that reaches SQL or storage, with NUL in it: refused as bad input on both transports, never an internal error. */
const nulEverywhere: { name: string; token: () => string; query: string; variables: () => Record<string, unknown>; path: (string | number)[] }[] = [
  { name: 'a signature filter', token: () => technician, query: `query($v: String) { signatures(filter: { errorCode: $v }) { totalCount } }`, variables: () => ({ v: NUL }), path: ['filter', 'errorCode'] },
  { name: 'a search', token: () => technician, query: `query($v: String) { signatures(filter: { search: $v }) { totalCount } }`, variables: () => ({ v: NUL }), path: ['filter', 'search'] },
  { name: 'a cursor', token: () => technician, query: `query($v: String) { signatures(after: $v) { totalCount } }`, variables: () => ({ v: NUL }), path: ['after'] },
  { name: 'an id', token: () => technician, query: `query($v: ID!) { signature(id: $v) { id } }`, variables: () => ({ v: NUL }), path: ['id'] },
  { name: 'a report filter', token: () => technician, query: `query($id: ID!, $v: String) { signature(id: $id) { reports(filter: { applicationVersion: $v }) { totalCount } } }`, variables: () => ({ id: signatureId, v: NUL }), path: ['filter', 'applicationVersion'] },
  { name: 'a device filter', token: () => technician, query: `query($v: String) { devices(filter: { model: $v }) { totalCount } }`, variables: () => ({ v: LONE }), path: ['filter', 'model'] },
  { name: 'a note', token: () => technician, query: `mutation($id: ID!, $v: String) { updateSignature(id: $id, input: { note: $v }) { id } }`, variables: () => ({ id: signatureId, v: NUL }), path: ['input', 'note'] },
  { name: 'a serial number', token: () => technician, query: `mutation($v: String!) { registerDevice(input: { serialNumber: $v, manufacturer: "Nokia", model: "N95" }) { token } }`, variables: () => ({ v: NUL }), path: ['input', 'serialNumber'] },
  { name: "a user's name", token: () => server.adminToken, query: `mutation($v: String!) { createUser(input: { email: "nul@example.com", name: $v }) { token } }`, variables: () => ({ v: NUL }), path: ['input', 'name'] },
  { name: 'an error code', token: () => device.token, query: REPORT, variables: () => ({ i: faultInput({ errorCode: NUL }) }), path: ['input', 'errorCode'] },
  { name: "an application's name", token: () => device.token, query: REPORT, variables: () => ({ i: faultInput({ application: { name: LONE, version: '1' } }) }), path: ['input', 'application', 'name'] },
];

describe.each(TRANSPORTS)('over %s', (transport) => {
  it.each(nulEverywhere)('NUL or a lone surrogate in $name: BAD_USER_INPUT naming the field', async ({ token, query, variables, path }) => {
    const res = await runOperation(transport, server.url, token(), query, variables());
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path }] });
  });
});

it('free text a device collected is stored, grouped and announced with U+FFFD, keys of attributes included', async () => {
  const feed = await subscribe(server.url, technician, `subscription { faultReported(filter: { errorCode: "E_FREE_TEXT" }) { id message attributes } }`);
  const input = faultInput({ errorCode: 'E_FREE_TEXT', message: `say ${NUL} and ${LONE}`, attributes: { [`key${NUL}`]: [`v${LONE}`] } });
  const receipt = ok(await gql(server.url, device.token, REPORT, { i: input })).reportFault;
  const stored = ok(await gql(server.url, technician, `query($id: ID!) { signature(id: $id) { normalisedMessage reports(first: 1) { edges { node { id message attributes } } } } }`, { id: receipt.signature.id })).signature;
  expect(stored.reports.edges[0].node).toEqual({ id: receipt.report.id, message: 'say a\ufffdb and a\ufffdb', attributes: { 'keya\ufffdb': ['va\ufffdb'] } });
  expect(stored.normalisedMessage).toContain('\ufffd');
  expect((await feed.waitFor(1))[0]).toEqual({ faultReported: stored.reports.edges[0].node });
  await feed.dispose();
});
