import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import pg from 'pg';
import { gql, ok } from './harness/client';
import { faultInput, registerDevice, REPORT } from './harness/factories';
import { listeningTcpPorts } from './harness/listening';
import { TestServer } from './harness/server';

let server: TestServer;
beforeAll(async () => {
  server = await TestServer.start();
});
afterAll(() => server?.stop());

/** Whether a PostgreSQL login as the superuser succeeds on 127.0.0.1:port. */
async function postgresLoginAccepted(port: number): Promise<boolean> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres', connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

it('no TCP port of the server but its HTTP port accepts a database login', async () => {
  const device = await registerDevice(server.url, server.adminToken);
  ok(await gql(server.url, device.token, REPORT, { i: faultInput() }));
  const ports = listeningTcpPorts(server.proc.child.pid!);
  expect(ports).toContain(server.proc.port);
  const accepting = [];
  for (const port of ports.filter((p) => p !== server.proc.port)) {
    if (await postgresLoginAccepted(port)) accepting.push(port);
  }
  expect(accepting).toEqual([]);
  // The process listens on nothing else over TCP at all.
  expect(ports).toEqual([server.proc.port]);
});

/** Paths under `dir` that the group or others may read, write or enter. */
const openToOthers = (dir: string) =>
  execFileSync('find', [dir, '-perm', '/077', '-not', '-type', 'l'], { encoding: 'utf8' }).split('\n').filter(Boolean);

it('keeps the embedded data folder private: 0700, nothing in it open to others, also after a restart', async () => {
  const dir = server.env.FAULTBASE_DATA_DIR;
  if (!dir) return; // PostgreSQL keeps its own files
  const device = await registerDevice(server.url, server.adminToken);
  for (let i = 0; i < 5; i++) ok(await gql(server.url, device.token, REPORT, { i: faultInput({ errorCode: `E_PRIVATE_${i}` }) }));
  expect(statSync(dir).mode & 0o777).toBe(0o700);
  expect(openToOthers(dir)).toEqual([]);
  // Starting again rewrites PostgreSQL's relcache files, which PGlite creates 0644.
  await server.restart();
  ok(await gql(server.url, device.token, REPORT, { i: faultInput({ errorCode: 'E_PRIVATE_AFTER' }) }));
  expect(statSync(dir).mode & 0o777).toBe(0o700);
  expect(openToOthers(dir)).toEqual([]);
});

it('tightens a data folder that an earlier version left open to others', async () => {
  const dir = server.env.FAULTBASE_DATA_DIR;
  if (!dir) return;
  await server.proc.stop();
  execFileSync('chmod', ['-R', 'go+rwX', dir]);
  expect(openToOthers(dir).length).toBeGreaterThan(100);
  await server.restart();
  expect(ok(await gql(server.url, server.adminToken, `{ me { role } }`)).me.role).toBe('ADMIN');
  expect(statSync(dir).mode & 0o777).toBe(0o700);
  expect(openToOthers(dir)).toEqual([]);
});
