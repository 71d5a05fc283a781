import { gql, ok } from './harness/client';
import { startProcess } from './harness/process';
import { TestServer } from './harness/server';

let server: TestServer;
afterAll(() => server?.stop());

const generatedToken = (output: string) => /generated the admin token[^\n]*\n\s*\n\s*(fbu_[A-Za-z0-9_-]{43})/.exec(output)?.[1];

it('without FAULTBASE_ADMIN_TOKEN the first start prints an admin token once, and it works', async () => {
  server = await TestServer.start({ FAULTBASE_ADMIN_TOKEN: '' }, { empty: true });
  const token = generatedToken(server.proc.output());
  expect(token).toBeDefined();
  expect(ok(await gql(server.url, token!, `{ me { role email } }`)).me).toEqual({ role: 'ADMIN', email: 'admin@faultbase.local' });

  await server.restart('stop');
  expect(server.proc.output()).not.toContain('generated the admin token');
  expect(ok(await gql(server.url, token!, `{ me { role } }`)).me.role).toBe('ADMIN');
});

it('GET /healthz answers 200 once the database is ready', async () => {
  const res = await fetch(`${server.url}/healthz`);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ status: 'ok' });
});

it('refuses to open an embedded data folder that another running server uses', async () => {
  if (!server.env.FAULTBASE_DATA_DIR) return; // PostgreSQL: many processes share one database by design
  await expect(startProcess({ FAULTBASE_DATA_DIR: server.env.FAULTBASE_DATA_DIR })).rejects.toThrow(/is in use by process/);
});
