import {
  BUILD_A,
  BUILD_B,
  minifiedBuild,
  SNAKE_1_0_0_MAPPING,
  SNAKE_1_0_0_TRACE,
  SNAKE_1_1_0_MAPPING,
  SNAKE_1_1_0_TRACE,
} from '../src/mappings/mapping.fixtures';
import { createHash, randomUUID } from 'node:crypto';
import { gql, ok } from './harness/client';
import { createUser, createVendorUser, faultInput, registerDevice } from './harness/factories';
import { inProcessDatabase } from './harness/in-process-database';
import { startProcess, type ServerProcess } from './harness/process';
import { TestServer } from './harness/server';
import { runOperation, TRANSPORTS } from './harness/transports';

/**
 * Issue 15, deobfuscation, over real HTTP against a real server: a build pipeline uploads mapping
 * files with a PUT (as curl does), devices report obfuscated Java ME and minified JavaScript traces
 * of several builds, and each fault lands in one signature with its frames mapped and its raw
 * lines kept; a report whose mapping came late is moved by regroupReports.
 */
let server: TestServer;
let technician: string;
let device: string;
let deviceId: string;
let vendor: string;

const LIMIT = 256 * 1024;
const VERSION_LIMIT = 512 * 1024;

beforeAll(async () => {
  server = await TestServer.start({ FAULTBASE_MAPPING_LIMIT: '256kb', FAULTBASE_MAPPING_VERSION_LIMIT: '512kb' });
  technician = (await createUser(server.url, server.adminToken)).token;
  const registered = await registerDevice(server.url, server.adminToken);
  device = registered.token;
  deviceId = registered.device.id;
  vendor = (await createVendorUser(server.url, server.adminToken)).token;
});
afterAll(() => server?.stop());

/** `curl -X PUT -H "Authorization: Bearer …" --data-binary @mapping.txt …/api/mappings/<app>/<version>?kind=…` */
async function upload(token: string | null, app: string, version: string, kind: string, body: string | Buffer, name?: string, base = server.url) {
  const query = new URLSearchParams({ kind, ...(name ? { name } : {}) });
  const res = await fetch(`${base}/api/mappings/${encodeURIComponent(app)}/${encodeURIComponent(version)}?${query}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const REPORT = `mutation($i: FaultReportInput!) {
  reportFault(input: $i) {
    status newSignature
    signature { id title }
    report { id stackTrace frames { function module file line contributes raw mapping } }
  }
}`;

async function report(app: string, version: string, stackTrace: string, extra: Record<string, unknown> = {}, base = server.url) {
  const input = faultInput({ errorCode: 'E_DEOB', application: { name: app, version, type: 'MIDlet' }, exceptionType: null, message: null, stackTrace, ...extra });
  return ok(await gql(base, device, REPORT, { i: input })).reportFault;
}

const SIGNATURE = `query($id: ID!) {
  signature(id: $id) {
    id title reportCount deviceCount mergedInto { id }
    breakdowns { byApplicationVersion { value reportCount } }
    activity(first: 10) { edges { node { kind note version actor { id } } } }
  }
}`;
const signature = async (id: string) => ok(await gql(server.url, technician, SIGNATURE, { id })).signature;
const files = async (app: string, version: string) =>
  ok(await gql(server.url, technician, `query($a: String!, $v: String!) { mappingFiles(applicationName: $a, applicationVersion: $v) { id kind name sizeBytes sha256 } }`, { a: app, v: version }))
    .mappingFiles as { id: string; kind: string; name: string; sizeBytes: number; sha256: string }[];
const REGROUP = `mutation($a: String!, $v: String!) { regroupReports(applicationName: $a, applicationVersion: $v) { examined moved signatures { id reportCount } } }`;

describe('Java ME through ProGuard mappings', () => {
  it('an upload is stored and answered with what was stored; the same upload again replaces it', async () => {
    const first = await upload(technician, 'SnakeME', '1.0.0', 'proguard', SNAKE_1_0_0_MAPPING);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ created: true, mappingFile: { applicationName: 'SnakeME', applicationVersion: '1.0.0', kind: 'PROGUARD', name: '', sizeBytes: SNAKE_1_0_0_MAPPING.length } });
    const again = await upload(server.adminToken, 'SnakeME', '1.0.0', 'proguard', SNAKE_1_0_0_MAPPING);
    expect(again).toMatchObject({ status: 200, body: { created: false, mappingFile: { id: first.body.mappingFile.id } } });
    expect(await files('SnakeME', '1.0.0')).toEqual([{ id: first.body.mappingFile.id, kind: 'PROGUARD', name: '', sizeBytes: SNAKE_1_0_0_MAPPING.length, sha256: first.body.mappingFile.sha256 }]);
    expect((await upload(technician, 'SnakeME', '1.1.0', 'PROGUARD', SNAKE_1_1_0_MAPPING)).status).toBe(201);
  });

  it('one crash from two versions with different obfuscated names lands in one signature, its frames mapped and the raw trace kept', async () => {
    const v1 = await report('SnakeME', '1.0.0', SNAKE_1_0_0_TRACE);
    const v2 = await report('SnakeME', '1.1.0', SNAKE_1_1_0_TRACE);
    expect(v1.newSignature).toBe(true);
    expect(v2).toMatchObject({ newSignature: false, signature: { id: v1.signature.id, title: 'ArrayIndexOutOfBoundsException in Board.cellAt' } });
    expect(v2.report.stackTrace).toBe(SNAKE_1_1_0_TRACE);
    expect(v2.report.frames.map((f: { function: string; raw: string; mapping: string | null }) => [f.function, f.raw.trim(), f.mapping])).toEqual([
      ['com.acme.snake.Board.cellAt', 'at c.b(Unknown Source)', 'PROGUARD'],
      ['com.acme.snake.Board.moveSnake', 'at c.a(Unknown Source)', 'PROGUARD'],
      ['com.acme.snake.GameCanvas.tick', 'at a.b(Unknown Source)', 'PROGUARD'],
      ['com.acme.snake.GameCanvas.run', 'at a.run(Unknown Source)', 'PROGUARD'],
      ['java.lang.Thread.run', 'at java.lang.Thread.run(Unknown Source)', null],
    ]);
    const sig = await signature(v1.signature.id);
    expect(sig.reportCount).toBe(2);
    expect(sig.breakdowns.byApplicationVersion.map((b: { value: string }) => b.value).sort()).toEqual(['1.0.0', '1.1.0']);
  });

  it('a report whose mapping arrives later is re-grouped by a technician, with counts rebuilt and the move in the activity; again, nothing moves', async () => {
    const mapped = (await report('SnakeME', '1.0.0', SNAKE_1_0_0_TRACE)).signature.id as string;
    const before = (await signature(mapped)).reportCount as number;
    // 1.2.0 was obfuscated as 1.1.0 was, but its mapping is not there yet: a signature of its own.
    const early = await report('SnakeME', '1.2.0', SNAKE_1_1_0_TRACE);
    expect(early.signature.id).not.toBe(mapped);
    expect(early.report.frames[0]).toMatchObject({ function: 'c.b', mapping: null });

    expect((await upload(technician, 'SnakeME', '1.2.0', 'proguard', SNAKE_1_1_0_MAPPING)).status).toBe(201);
    // From now on the version's reports are mapped at ingest (the upload told every process).
    expect((await report('SnakeME', '1.2.0', SNAKE_1_1_0_TRACE)).signature.id).toBe(mapped);

    const outcome = ok(await gql(server.url, technician, REGROUP, { a: 'SnakeME', v: '1.2.0' })).regroupReports;
    expect(outcome).toEqual({ examined: 2, moved: 1, signatures: [{ id: mapped, reportCount: before + 2 }] });
    const target = await signature(mapped);
    expect(target.breakdowns.byApplicationVersion).toContainEqual({ value: '1.2.0', reportCount: 2 });
    expect(target.activity.edges[0].node).toMatchObject({ kind: 'REGROUPED', version: '1.2.0', actor: { id: expect.any(String) } });
    expect(target.activity.edges[0].node.note).toContain(`1 report of SnakeME 1.2.0 re-grouped here with its mapping files, from signature ${early.signature.id}`);
    // The signature left empty follows its report, as a merge would have it.
    const emptied = await signature(early.signature.id);
    expect(emptied).toMatchObject({ reportCount: 0, deviceCount: 0, mergedInto: { id: mapped } });
    expect(emptied.activity.edges[0].node).toMatchObject({ kind: 'REGROUPED', version: '1.2.0' });

    expect(ok(await gql(server.url, technician, REGROUP, { a: 'SnakeME', v: '1.2.0' })).regroupReports).toEqual({ examined: 2, moved: 0, signatures: [] });
    expect((await signature(mapped)).reportCount).toBe(before + 2);
  });

  it('deleting a mapping file: the version is grouped without it from then on', async () => {
    const [file] = await files('SnakeME', '1.2.0');
    expect(ok(await gql(server.url, technician, `mutation($id: ID!) { deleteMappingFile(id: $id) }`, { id: file!.id })).deleteMappingFile).toBe(true);
    expect(await files('SnakeME', '1.2.0')).toEqual([]);
    expect((await report('SnakeME', '1.2.0', SNAKE_1_1_0_TRACE)).report.frames[0]).toMatchObject({ function: 'c.b', mapping: null });
    const again = await gql(server.url, technician, `mutation($id: ID!) { deleteMappingFile(id: $id) }`, { id: file!.id });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'MAPPING_FILE_NOT_FOUND' });
  });
});

describe('minified JavaScript through source maps', () => {
  it('one crash from two builds lands in one signature, found by URL, path or file name', async () => {
    const a = minifiedBuild(BUILD_A);
    const b = minifiedBuild(BUILD_B);
    expect((await upload(technician, 'Shop', '2.0.0', 'sourcemap', a.sourceMap, a.scriptUrl)).status).toBe(201);
    // No name: the map's own `file` (the bundle's file name) keys it.
    const unnamed = await upload(technician, 'Shop', '2.0.1', 'sourcemap', b.sourceMap);
    expect(unnamed).toMatchObject({ status: 201, body: { mappingFile: { kind: 'SOURCE_MAP', name: `main.${BUILD_B.hash}.js` } } });
    // Several source maps per version, each keyed by its minified file.
    expect((await upload(technician, 'Shop', '2.0.1', 'sourcemap', b.sourceMap, '~/static/js/vendor.js')).status).toBe(201);
    expect((await files('Shop', '2.0.1')).map((f) => f.name)).toEqual([`main.${BUILD_B.hash}.js`, '~/static/js/vendor.js']);

    const ra = await report('Shop', '2.0.0', a.trace);
    const rb = await report('Shop', '2.0.1', b.trace);
    expect(rb.signature.id).toBe(ra.signature.id);
    expect(rb.report.frames.filter((f: { contributes: boolean }) => f.contributes).map((f: { function: string; file: string; line: number }) => [f.function, f.file, f.line])).toEqual([
      ['<anonymous>', 'webpack://shop/src/cart.js', 2],
      ['total', 'webpack://shop/src/cart.js', 2],
      ['checkout', 'webpack://shop/src/cart.js', 5],
    ]);
    expect(rb.report.frames[3].raw.trim()).toBe(`at t (${b.scriptUrl}:1:${31 + 77 + 1})`);
    expect(rb.report.stackTrace).toBe(b.trace);
  });
});

describe('refused uploads store nothing', () => {
  const cases: [string, () => Promise<{ status: number; body: Record<string, any> }>, number, string, string][] = [
    ['no token', () => upload(null, 'Refused', '1', 'proguard', SNAKE_1_0_0_MAPPING), 401, 'UNAUTHENTICATED', 'TOKEN_REQUIRED'],
    ['an unknown token', () => upload('not-a-token-at-all-0000', 'Refused', '1', 'proguard', SNAKE_1_0_0_MAPPING), 401, 'UNAUTHENTICATED', 'TOKEN_INVALID'],
    ["a device's token", () => upload(device, 'Refused', '1', 'proguard', SNAKE_1_0_0_MAPPING), 403, 'FORBIDDEN', 'ROLE_NOT_ALLOWED'],
    ["a vendor's token", () => upload(vendor, 'Refused', '1', 'proguard', SNAKE_1_0_0_MAPPING), 403, 'FORBIDDEN', 'ROLE_NOT_ALLOWED'],
    ['an unknown kind', () => upload(technician, 'Refused', '1', 'dsym', SNAKE_1_0_0_MAPPING), 400, 'BAD_USER_INPUT', 'MAPPING_KIND_INVALID'],
    ['a source map sent as ProGuard', () => upload(technician, 'Refused', '1', 'proguard', minifiedBuild(BUILD_A).sourceMap), 400, 'BAD_USER_INPUT', 'MAPPING_MALFORMED'],
    ['a ProGuard mapping sent as a source map', () => upload(technician, 'Refused', '1', 'sourcemap', SNAKE_1_0_0_MAPPING, 'a.js'), 400, 'BAD_USER_INPUT', 'MAPPING_MALFORMED'],
    ['a source map with broken mappings', () => upload(technician, 'Refused', '1', 'sourcemap', '{"version":3,"sources":["a.js"],"names":[],"mappings":"!!!"}', 'a.js'), 400, 'BAD_USER_INPUT', 'MAPPING_MALFORMED'],
    ['a source map naming no file', () => upload(technician, 'Refused', '1', 'sourcemap', '{"version":3,"sources":["a.js"],"names":[],"mappings":"AAAA"}'), 400, 'BAD_USER_INPUT', 'MAPPING_NAME_REQUIRED'],
    ['a file that is not text', () => upload(technician, 'Refused', '1', 'proguard', Buffer.from([0xff, 0xfe, 0x00, 0x41])), 400, 'BAD_USER_INPUT', 'MAPPING_MALFORMED'],
    ['a file over the limit', () => upload(technician, 'Refused', '1', 'proguard', `${SNAKE_1_0_0_MAPPING}${'#'.repeat(LIMIT)}\n`), 413, 'PAYLOAD_TOO_LARGE', 'MAPPING_TOO_LARGE'],
  ];

  it.each(cases)('%s', async (_name, send, status, code, reason) => {
    const res = await send();
    expect({ status: res.status, code: res.body.errors?.[0]?.extensions?.code, reason: res.body.errors?.[0]?.extensions?.reason }).toEqual({ status, code, reason });
    expect(res.body.errors[0].message).toEqual(expect.any(String));
    expect(await files('Refused', '1')).toEqual([]);
  });

  it('a malformed ProGuard line is named', async () => {
    const res = await upload(technician, 'Refused', '1', 'proguard', 'com.acme.A -> a:\n    void run() -> a\n    what is this\n');
    expect(res.body.errors[0].extensions).toMatchObject({ reason: 'MAPPING_MALFORMED', line: 3 });
    expect(res.body.errors[0].message).toContain('line 3');
  });
});

describe("a version's mapping files are bounded in total, so that every process can parse and keep them", () => {
  /** A valid file of about `bytes`: comment lines pad a ProGuard mapping, whitespace a source map's JSON. */
  const proguardOf = (bytes: number) => `${SNAKE_1_0_0_MAPPING}${'#'.repeat(bytes - SNAKE_1_0_0_MAPPING.length - 1)}\n`;
  const sourceMapOf = (bytes: number) => {
    const map = minifiedBuild(BUILD_A).sourceMap;
    return `${map}${' '.repeat(bytes - map.length)}`;
  };
  const FILE = 200 * 1024;

  it('an upload past FAULTBASE_MAPPING_VERSION_LIMIT with the other files is refused, stores nothing, and says why; replacing a file counts it once', async () => {
    expect((await upload(technician, 'Bulky', '1', 'proguard', proguardOf(FILE))).status).toBe(201);
    expect((await upload(technician, 'Bulky', '1', 'sourcemap', sourceMapOf(FILE), 'a.js')).status).toBe(201);
    const before = await files('Bulky', '1');

    const refused = await upload(technician, 'Bulky', '1', 'sourcemap', sourceMapOf(FILE), 'b.js');
    expect(refused.status).toBe(413);
    expect(refused.body.errors[0].extensions).toEqual({ code: 'PAYLOAD_TOO_LARGE', reason: 'MAPPING_VERSION_TOO_LARGE', limit: '512kb', versionBytes: 2 * FILE, fileBytes: FILE });
    expect(refused.body.errors[0].message).toContain('FAULTBASE_MAPPING_VERSION_LIMIT');
    expect(await files('Bulky', '1')).toEqual(before);

    // The file it replaces is not counted: the version stays within the limit.
    expect(2 * FILE + 250 * 1024).toBeGreaterThan(VERSION_LIMIT);
    expect((await upload(technician, 'Bulky', '1', 'sourcemap', sourceMapOf(250 * 1024), 'a.js')).status).toBe(200);
    // Another version has its own budget.
    expect((await upload(technician, 'Bulky', '2', 'sourcemap', sourceMapOf(FILE), 'b.js')).status).toBe(201);
  });

  it('parallel uploads to one version cannot pass the limit together', async () => {
    // On PostgreSQL each could check the others before any committed; the embedded database runs
    // one transaction at a time anyway, so there this only shows the outcome.
    const sends = ['p.js', 'q.js', 'r.js', 's.js'].map((name) => upload(technician, 'Parallel', '1', 'sourcemap', sourceMapOf(FILE), name));
    const statuses = (await Promise.all(sends)).map((r) => r.status).sort();
    expect(statuses).toEqual([201, 201, 413, 413]);
    expect((await files('Parallel', '1')).reduce((n, f) => n + f.sizeBytes, 0)).toBe(2 * FILE);
  });
});

// Two server processes share a database only on PostgreSQL (the embedded one belongs to one process).
const onPostgres = process.env.DATABASE_URL ? describe : describe.skip;

onPostgres('a process that missed MAPPINGS_CHANGED maps with the files as they are once its set of versions reloads', () => {
  let other: ServerProcess;
  beforeAll(async () => {
    // No REDIS_URL: each process's bus is its own, so the other process hears none of this one's
    // events, as when every event is lost while Redis reconnects.
    other = await startProcess({ ...server.env, FAULTBASE_ADMIN_TOKEN: server.adminToken });
  });
  afterAll(() => other?.stop());

  it('a replaced ProGuard file, and a source map added to a version it had parsed', async () => {
    expect((await upload(technician, 'Missed', '1', 'proguard', SNAKE_1_0_0_MAPPING)).status).toBe(201);
    expect((await report('Missed', '1', SNAKE_1_0_0_TRACE, {}, other.url)).report.frames[0]).toMatchObject({ function: 'com.acme.snake.Board.cellAt', mapping: 'PROGUARD' });
    const build = minifiedBuild(BUILD_A);
    expect((await report('Missed', '1', build.trace, {}, other.url)).report.frames[0]).toMatchObject({ mapping: null });

    // Through this process: the other one keeps what it parsed, and hears nothing.
    expect((await upload(technician, 'Missed', '1', 'proguard', SNAKE_1_1_0_MAPPING)).status).toBe(200);
    expect((await upload(technician, 'Missed', '1', 'sourcemap', build.sourceMap, build.scriptUrl)).status).toBe(201);
    // An upload of another version through the other process reloads its set of versions, as its
    // 30 s expiry would, without telling it anything of version 1.
    expect((await upload(technician, 'Missed', 'unrelated', 'proguard', SNAKE_1_0_0_MAPPING, undefined, other.url)).status).toBe(201);

    expect((await report('Missed', '1', SNAKE_1_1_0_TRACE, {}, other.url)).report.frames[0]).toMatchObject({ function: 'com.acme.snake.Board.cellAt', mapping: 'PROGUARD' });
    expect((await report('Missed', '1', build.trace, {}, other.url)).report.frames.find((f: { mapping: string | null }) => f.mapping !== null)).toMatchObject({ mapping: 'SOURCE_MAP' });
  });
});

/**
 * The cache itself, on a real database of its own (PGlite or PostgreSQL, as the run is), with a bus
 * of its own that hears nothing: every change below is an event it missed. Runs on both databases,
 * where the two-process test above needs PostgreSQL.
 */
describe('the mapping cache of a process that hears no MAPPINGS_CHANGED', () => {
  type Cache = import('../src/mappings/mapping-cache').MappingCache;
  let db: Awaited<ReturnType<typeof inProcessDatabase>>;
  let cacheOf: (sql: import('../src/db/sql').Sql, maxBytes?: number) => Promise<Cache>;
  let store: (version: string, content: string) => Promise<unknown>;
  let statements: string[];
  /** The pool, noting the statements the cache runs, and running `during` inside the parse's read. */
  let sql: import('../src/db/sql').Sql;
  let during: (() => void) | null = null;

  beforeAll(async () => {
    require('reflect-metadata');
    const { MappingCache } = require('../dist/src/mappings/mapping-cache') as typeof import('../src/mappings/mapping-cache');
    const { createEventBus } = require('../dist/src/events/bus') as typeof import('../src/events/bus');
    const { createLogger } = require('../dist/src/config/logger') as typeof import('../src/config/logger');
    const { UPSERT_MAPPING_FILE } = require('../dist/src/mappings/mapping.sql') as typeof import('../src/mappings/mapping.sql');
    db = await inProcessDatabase();
    const pool = db.pool();
    const logger = createLogger('silent');
    statements = [];
    sql = {
      query: async (q, values) => {
        statements.push(q.name);
        if (q.name === 'mapping_files_of_version' && during) during();
        return pool.query(q, values);
      },
    } as import('../src/db/sql').Sql;
    cacheOf = async (s, maxBytes = 64 * 1024 * 1024) => new MappingCache(s, await createEventBus(undefined, '', [], logger), logger, maxBytes);
    store = (version, content) =>
      pool.query(UPSERT_MAPPING_FILE, [randomUUID(), 'Cached', version, 'PROGUARD', '', content, content.length, createHash('sha256').update(content).digest('hex'), null]);
  });
  afterAll(() => db?.close());

  const deobfuscator = async (cache: Cache, version: string) => (await cache.deobfuscators([{ name: 'Cached', version }]))[0]!;

  it('a replaced file is parsed again at the next reload of the set of versions, and only then', async () => {
    const cache = await cacheOf(sql);
    await store('1', SNAKE_1_0_0_MAPPING);
    // `a` is Board in 1.0.0, GameCanvas in 1.1.0.
    expect((await deobfuscator(cache, '1')).exceptionType('a')).toBe('com.acme.snake.Board');
    await store('1', SNAKE_1_1_0_MAPPING);
    // Until the set reloads (at most 30 s), what was parsed serves, with no statement per report.
    statements.length = 0;
    expect((await deobfuscator(cache, '1')).exceptionType('a')).toBe('com.acme.snake.Board');
    expect(statements).toEqual([]);
    // A change to another version reloads the set, as its expiry would; version 1 is not named.
    cache.forget('Cached', 'other');
    expect((await deobfuscator(cache, '1')).exceptionType('a')).toBe('com.acme.snake.GameCanvas');
    expect(statements).toEqual(['mapping_versions', 'mapping_files_of_version']);
    // Unchanged since: kept.
    cache.forget('Cached', 'other');
    statements.length = 0;
    expect((await deobfuscator(cache, '1')).exceptionType('a')).toBe('com.acme.snake.GameCanvas');
    expect(statements).toEqual(['mapping_versions']);
  });

  it('a version that parses larger than the whole cache is not mapped, and not parsed again for every report', async () => {
    // Uploads refuse such a version (FAULTBASE_MAPPING_VERSION_LIMIT); a cache smaller than one file stands in for a denser one.
    const cache = await cacheOf(sql, SNAKE_1_0_0_MAPPING.length);
    await store('3', SNAKE_1_0_0_MAPPING);
    statements.length = 0;
    expect(await cache.deobfuscators([{ name: 'Cached', version: '3' }])).toEqual([null]);
    expect(await cache.deobfuscators([{ name: 'Cached', version: '3' }])).toEqual([null]);
    expect(statements.filter((name) => name === 'mapping_files_of_version')).toHaveLength(1);
  });

  it('a report of a version whose parse is under way waits for that parse, even when the set reloads meanwhile', async () => {
    const cache = await cacheOf(sql);
    await store('4', SNAKE_1_0_0_MAPPING);
    // While version 4's files are read: another version's upload reloads the set, and a second report of 4 arrives.
    let second: Promise<unknown> = Promise.resolve(null);
    during = () => {
      during = null;
      cache.forget('Cached', 'other');
      second = deobfuscator(cache, '4');
    };
    statements.length = 0;
    const first = await deobfuscator(cache, '4');
    expect(await second).toBe(first);
    expect(statements.filter((name) => name === 'mapping_files_of_version')).toHaveLength(1);
  });

  it("a change to one version does not throw away another version's parse under way", async () => {
    const cache = await cacheOf(sql);
    await store('2', SNAKE_1_0_0_MAPPING);
    during = () => cache.forget('Cached', 'other');
    const first = await deobfuscator(cache, '2');
    during = null;
    statements.length = 0;
    expect(await deobfuscator(cache, '2')).toBe(first);
    expect(statements).not.toContain('mapping_files_of_version');
  });
});

describe('what express and the body parser refuse is answered as JSON, never as a page with a stack', () => {
  /** The answer as text too: a stack trace or a file path must not be anywhere in it. */
  async function put(path: string, headers: Record<string, string> = {}) {
    const res = await fetch(`${server.url}${path}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${technician}`, ...headers },
      body: SNAKE_1_0_0_MAPPING,
    });
    const text = await res.text();
    return { status: res.status, type: res.headers.get('content-type'), text, body: JSON.parse(text) as Record<string, any> };
  }
  const leaks = /node_modules|\/src\/|\/dist\/|\.js:\d+|\bat [\w.<>]+ \(/;

  it('a path segment that does not percent-decode: 400 BAD_REQUEST', async () => {
    const res = await put('/api/mappings/%E0%A4%A/1?kind=proguard');
    expect([res.status, res.type]).toEqual([400, expect.stringMatching(/^application\/json/)]);
    expect(res.body).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'BAD_REQUEST' } }] });
    expect(res.text).not.toMatch(leaks);
  });

  it('a Content-Encoding the server does not inflate: 415 UNSUPPORTED_MEDIA_TYPE, nothing stored', async () => {
    const res = await put('/api/mappings/Encoded/1?kind=proguard', { 'content-encoding': 'compress' });
    expect([res.status, res.type]).toEqual([415, expect.stringMatching(/^application\/json/)]);
    expect(res.body).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'UNSUPPORTED_MEDIA_TYPE' } }] });
    expect(res.text).not.toMatch(leaks);
    expect(await files('Encoded', '1')).toEqual([]);
  });

  it('a body that claims gzip but is not: 400 BAD_REQUEST, nothing stored', async () => {
    const res = await put('/api/mappings/Encoded/1?kind=proguard', { 'content-encoding': 'gzip' });
    expect([res.status, res.body.errors?.[0]?.extensions]).toEqual([400, { code: 'BAD_REQUEST' }]);
    expect(res.text).not.toMatch(leaks);
    expect(await files('Encoded', '1')).toEqual([]);
  });
});

describe('the GraphQL operations are the staff\'s', () => {
  for (const transport of TRANSPORTS) {
    it(`devices and vendors are refused (${transport})`, async () => {
      const operations: [string, string, Record<string, unknown>][] = [
        ['mappingFiles', `query { mappingFiles(applicationName: "SnakeME", applicationVersion: "1.0.0") { id } }`, {}],
        ['deleteMappingFile', `mutation($id: ID!) { deleteMappingFile(id: $id) }`, { id: deviceId }],
        ['regroupReports', `mutation { regroupReports(applicationName: "SnakeME", applicationVersion: "1.0.0") { moved } }`, {}],
      ];
      for (const [name, query, variables] of operations) {
        // Without a token a WebSocket is not even opened (websocket.test.ts); over HTTP the answer says why.
        const callers = transport === 'http' ? ([['device', device], ['vendor', vendor], ['nobody', null]] as const) : ([['device', device], ['vendor', vendor]] as const);
        for (const [who, token] of callers) {
          const res = await runOperation(transport, server.url, token, query, variables);
          const expected = who === 'nobody' ? 'UNAUTHENTICATED' : 'FORBIDDEN';
          expect({ name, who, code: res.errors?.[0]?.extensions?.code }).toEqual({ name, who, code: expected });
        }
      }
      expect(await files('SnakeME', '1.0.0')).toHaveLength(1);
    });
  }
});
