import { gql, ok } from './harness/client';
import { TestServer } from './harness/server';

const CREATE = `mutation($n: String!, $u: String) { createVendor(input: { name: $n, webhookUrl: $u }) { id webhookUrl } }`;
let n = 0;
const create = (server: TestServer, url: string) => gql(server.url, server.adminToken, CREATE, { n: `Hooked ${++n}`, u: url });

const INSIDE = [
  'http://127.0.0.1:8080/hook',
  'http://localhost/hook',
  'http://10.1.2.3/hook',
  'http://192.168.0.10/hook',
  'http://172.16.5.4/hook',
  'http://169.254.169.254/latest/meta-data/',
  'http://100.64.0.1/hook',
  'http://0.0.0.0/hook',
  'http://[::1]/hook',
  'http://[::ffff:127.0.0.1]/hook',
  'http://[fe80::1]/hook',
  'http://[fc00::1]/hook',
  'http://[64:ff9b::a00:1]/hook',
];

describe('by default', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start();
  });
  afterAll(() => server?.stop());

  it.each(INSIDE)('refuses a webhook to %s', async (url) => {
    const res = await create(server, url);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'WEBHOOK_URL_NOT_ALLOWED', fields: [{ path: ['input', 'webhookUrl'] }] });
  });

  it('refuses a host that does not resolve, and accepts a public address', async () => {
    expect((await create(server, 'https://hooks.invalid/x')).errors?.[0]?.extensions?.reason).toBe('WEBHOOK_URL_NOT_ALLOWED');
    expect(ok(await create(server, 'https://93.184.215.14/hooks/faultbase')).createVendor.webhookUrl).toBe('https://93.184.215.14/hooks/faultbase');
    expect(ok(await create(server, 'https://[2a00:1450:4001:81b::200e]/hook')).createVendor.webhookUrl).toBe('https://[2a00:1450:4001:81b::200e]/hook');
  });
});

describe('with FAULTBASE_WEBHOOK_ALLOW_PRIVATE=true', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start({ FAULTBASE_WEBHOOK_ALLOW_PRIVATE: 'true' });
  });
  afterAll(() => server?.stop());

  it('accepts private, loopback and link-local targets', async () => {
    for (const url of INSIDE) expect(ok(await create(server, url)).createVendor.webhookUrl).toBe(url);
  });
});
