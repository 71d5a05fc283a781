import pg from 'pg';
import { codeOf, gql, ok } from './harness/client';
import { faultInput, registerDevice, REPORT } from './harness/factories';
import { eventually } from './harness/eventually';
import { inProcessDatabase } from './harness/in-process-database';
import { TestServer } from './harness/server';

/**
 * The outbox's dispatcher, run in this process against a real database (as a server process runs
 * it), with handlers of the test's own; then the outbox as the server uses it, over HTTP.
 */
type Outbox = typeof import('../src/events/outbox');
const outbox = () => require('../dist/src/events/outbox') as Outbox;
const silent = () => (require('../dist/src/config/logger') as typeof import('../src/config/logger')).createLogger('silent');

describe('the dispatcher', () => {
  let db: Awaited<ReturnType<typeof inProcessDatabase>>;
  beforeAll(async () => {
    db = await inProcessDatabase();
  });
  afterAll(() => db?.close());

  const write = async (type: string, count: number) => {
    const sql = db.pool();
    for (let i = 0; i < count; i++) await sql.query(outbox().INSERT_OUTBOX_EVENT, outbox().outboxEventParams(type as never, { n: i }));
  };
  const rows = async (type: string) =>
    db.pool().query<{ id: string; status: string; attempts: number; last_error: string | null; payload: { n: number } }>(
      { name: 'test_outbox_rows', text: `SELECT id, status, attempts, last_error, payload FROM outbox_event WHERE type = $1 ORDER BY (payload->>'n')::int` },
      [type],
    );
  // The dispatcher runs on its own schedule.
  const until = (done: () => Promise<boolean>) => eventually(done, 'the dispatcher');
  const fast = { pollMs: 20, baseDelayMs: 10, maxDelayMs: 40 };

  it('runs every event once, with two dispatchers claiming side by side, never one event twice at once', async () => {
    await write('T_ONCE', 120);
    const runs = new Map<string, number>();
    const inFlight = new Set<string>();
    let overlapped = 0;
    const handler = async (event: { id: string }) => {
      if (inFlight.has(event.id)) overlapped++;
      inFlight.add(event.id);
      runs.set(event.id, (runs.get(event.id) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 1 + Math.random() * 4));
      inFlight.delete(event.id);
    };
    const dispatchers = [0, 1].map(() => new (outbox().OutboxDispatcher)(db.pool(), new Map([['T_ONCE', handler]]), silent(), { ...fast, batch: 7 }));
    dispatchers.forEach((d) => d.start());
    await until(async () => (await rows('T_ONCE')).every((r) => r.status === 'DONE'));
    await Promise.all(dispatchers.map((d) => d.stop()));
    const stored = await rows('T_ONCE');
    expect(stored).toHaveLength(120);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    expect(runs.size).toBe(120);
    expect(overlapped).toBe(0);
    expect(stored.every((r) => r.attempts === 1)).toBe(true);
  });

  it('retries a failing handler with backoff until it succeeds, keeping the last error', async () => {
    await write('T_FLAKY', 1);
    const seen: number[] = [];
    const handler = async (event: { attempts: number }) => {
      seen.push(event.attempts);
      if (event.attempts < 3) throw new Error(`flaky failure ${event.attempts}`);
    };
    const d = new (outbox().OutboxDispatcher)(db.pool(), new Map([['T_FLAKY', handler]]), silent(), fast);
    d.start();
    await until(async () => (await rows('T_FLAKY'))[0]!.status === 'DONE');
    await d.stop();
    expect(seen).toEqual([1, 2, 3]);
    expect(await rows('T_FLAKY')).toMatchObject([{ status: 'DONE', attempts: 3, last_error: 'flaky failure 2' }]);
  });

  it('gives up after the bounded number of attempts (DEAD, with the error), and runs a dead event again once retried', async () => {
    await write('T_DEAD', 1);
    let fixed = false;
    const handler = async () => {
      if (!fixed) throw new Error('the receiver is down');
    };
    const d = new (outbox().OutboxDispatcher)(db.pool(), new Map([['T_DEAD', handler]]), silent(), { ...fast, maxAttempts: 3 });
    d.start();
    await until(async () => (await rows('T_DEAD'))[0]!.status === 'DEAD');
    expect(await rows('T_DEAD')).toMatchObject([{ status: 'DEAD', attempts: 3, last_error: 'the receiver is down' }]);
    fixed = true;
    const [row] = await rows('T_DEAD');
    expect(await db.pool().query(outbox().RETRY_DEAD, [row!.id])).toHaveLength(1);
    d.nudge();
    await until(async () => (await rows('T_DEAD'))[0]!.status === 'DONE');
    await d.stop();
    expect(await rows('T_DEAD')).toMatchObject([{ status: 'DONE', attempts: 1 }]);
  });

  it('runs again an event whose dispatcher died while running it, once its lease has run out; the dead claim changes nothing', async () => {
    await write('T_LEASE', 1);
    let release!: () => void;
    const stuck = new Promise<void>((r) => (release = r));
    // Its handler fails, late: were the stale claim allowed to settle the row, it would be pending again.
    const late = () => stuck.then(() => Promise.reject(new Error('late failure')));
    const first = new (outbox().OutboxDispatcher)(db.pool(), new Map([['T_LEASE', late]]), silent(), { ...fast, leaseMs: 300 });
    first.start();
    await until(async () => (await rows('T_LEASE'))[0]!.attempts === 1);
    // The first process "dies": it claims nothing more and never finishes what it holds.
    await first.stop(0);
    const handled: number[] = [];
    const second = new (outbox().OutboxDispatcher)(
      db.pool(),
      new Map([['T_LEASE', async (event: { attempts: number }) => void handled.push(event.attempts)]]),
      silent(),
      { ...fast, leaseMs: 300 },
    );
    second.start();
    await until(async () => (await rows('T_LEASE'))[0]!.status === 'DONE');
    await second.stop();
    expect(handled).toEqual([2]);
    // The first one's handler finally fails, and its dispatcher tries to settle the row (stop waits
    // for that): its claim has lapsed, so the row stays as the second left it.
    release();
    await first.stop(20_000);
    expect(await rows('T_LEASE')).toMatchObject([{ status: 'DONE', attempts: 2, last_error: null }]);
  });

  it('spaces retries out exponentially, capped, with jitter', () => {
    const { retryDelayMs } = outbox();
    const options = { baseDelayMs: 1000, maxDelayMs: 60_000 };
    for (let i = 0; i < 200; i++) {
      const [one, two, five, ten] = [1, 2, 5, 10].map((attempts) => retryDelayMs(attempts, options));
      expect(one).toBeGreaterThanOrEqual(500);
      expect(one).toBeLessThanOrEqual(1500);
      expect(two).toBeGreaterThanOrEqual(1000);
      expect(two).toBeLessThanOrEqual(3000);
      expect(five).toBeGreaterThanOrEqual(8000);
      expect(five).toBeLessThanOrEqual(24_000);
      expect(ten).toBeGreaterThanOrEqual(30_000);
      expect(ten).toBeLessThanOrEqual(90_000);
    }
  });
});

describe('the outbox of a running server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start({ FAULTBASE_OUTBOX_POLL_MS: '50' });
  });
  afterAll(() => server?.stop());

  const EVENTS = `query($state: OutboxState) { outboxEvents(state: $state, first: 100) { totalCount edges { node { id type payload state attempts lastError createdAt doneAt nextAttemptAt } } } }`;
  const dispatched = (signatureId: string) =>
    eventually(async () => (await createdFor(signatureId))[0]?.state === 'DONE', `SIGNATURE_CREATED of ${signatureId} done`);
  const createdFor = async (signatureId: string) =>
    ok(await gql(server.url, server.adminToken, EVENTS, { state: null })).outboxEvents.edges
      .map((e: { node: { type: string; payload: { signatureId: string } } }) => e.node)
      .filter((n: { type: string; payload: { signatureId: string } }) => n.type === 'SIGNATURE_CREATED' && n.payload.signatureId === signatureId);

  it('ingest writes one SIGNATURE_CREATED per new signature, in its statement, and none for known ones, retries or refusals', async () => {
    const device = await registerDevice(server.url, server.adminToken);
    ok(await gql(server.url, server.adminToken, `mutation($id: ID!) { setReportingPolicy(deviceId: $id, input: { maxReportsPerHour: 3 }) { id } }`, { id: device.device.id }));
    const input = faultInput({ errorCode: 'E_OUTBOX_NEW' });
    const first = ok(await gql(server.url, device.token, REPORT, { i: input })).reportFault;
    ok(await gql(server.url, device.token, REPORT, { i: input })); // a retry
    ok(await gql(server.url, device.token, REPORT, { i: faultInput({ errorCode: 'E_OUTBOX_NEW' }) })); // known signature
    ok(await gql(server.url, device.token, REPORT, { i: faultInput({ errorCode: 'E_OUTBOX_THIRD' }) })); // a third new one: the limit
    const refused = await gql(server.url, device.token, REPORT, { i: faultInput({ errorCode: 'E_OUTBOX_REFUSED' }) });
    expect(codeOf(refused)).toBe('RATE_LIMITED');
    const events = await createdFor(first.signature.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'SIGNATURE_CREATED', payload: { signatureId: first.signature.id }, state: expect.stringMatching(/PENDING|DONE/) });
    // The refused report's statement was undone whole: no signature, no outbox event.
    const all = ok(await gql(server.url, server.adminToken, EVENTS, { state: null })).outboxEvents.edges.map((e: { node: { payload: { signatureId: string } } }) => e.node.payload.signatureId);
    const signatures = ok(await gql(server.url, server.adminToken, `{ signatures(first: 100, filter: { errorCode: "E_OUTBOX_REFUSED" }) { totalCount } }`)).signatures;
    expect(signatures.totalCount).toBe(0);
    expect(new Set(all).size).toBe(all.length);
  });

  it('dispatches them: nothing reacts to SIGNATURE_CREATED yet, so they are done', async () => {
    const device = await registerDevice(server.url, server.adminToken);
    const receipt = ok(await gql(server.url, device.token, REPORT, { i: faultInput({ errorCode: 'E_OUTBOX_DISPATCHED' }) })).reportFault;
    await dispatched(receipt.signature.id);
    const [event] = await createdFor(receipt.signature.id);
    expect(event).toMatchObject({ state: 'DONE', attempts: 1, lastError: null, nextAttemptAt: null, doneAt: expect.any(String) });
    const summary = ok(await gql(server.url, server.adminToken, `{ outboxSummary { pending retrying dead done } }`)).outboxSummary;
    expect(summary.done).toBeGreaterThanOrEqual(1);
  });

  it('an admin retries a dead event; only a dead one', async () => {
    const device = await registerDevice(server.url, server.adminToken);
    const receipt = ok(await gql(server.url, device.token, REPORT, { i: faultInput({ errorCode: 'E_OUTBOX_RETRY' }) })).reportFault;
    await dispatched(receipt.signature.id);
    const [done] = await createdFor(receipt.signature.id);
    const RETRY = `mutation($id: ID!) { retryOutboxEvent(id: $id) { id state attempts } }`;
    expect((await gql(server.url, server.adminToken, RETRY, { id: done.id })).errors?.[0]?.extensions).toEqual({
      code: 'CONFLICT',
      reason: 'OUTBOX_EVENT_NOT_DEAD',
      state: 'DONE',
    });
    expect(codeOf(await gql(server.url, server.adminToken, RETRY, { id: '00000000-0000-4000-8000-000000000000' }))).toBe('NOT_FOUND');
    if (!server.databaseUrl) return; // a dead event needs a handler that fails: made here by hand, on PostgreSQL
    const client = new pg.Client({ connectionString: server.databaseUrl });
    await client.connect();
    await client.query(`UPDATE outbox_event SET status = 'DEAD', attempts = 10, last_error = 'receiver down' WHERE id = $1`, [done.id]);
    await client.end();
    expect(ok(await gql(server.url, server.adminToken, EVENTS, { state: 'DEAD' })).outboxEvents.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(done.id);
    const retried = ok(await gql(server.url, server.adminToken, RETRY, { id: done.id })).retryOutboxEvent;
    // It keeps its last error until it runs: retrying, not pending afresh.
    expect(retried).toEqual({ id: done.id, state: 'RETRYING', attempts: 0 });
    await dispatched(receipt.signature.id);
  });
});
