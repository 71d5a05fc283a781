import { gqlFrom, ok } from './harness/client';
import { faultInput, registerDevice, REPORT } from './harness/factories';
import { TestServer } from './harness/server';
import { openSocket } from './harness/subscriptions';

let server: TestServer;
const LIMIT = 5;
const ATTACKER = '127.0.0.2';
const NEIGHBOUR = '127.0.0.1';

beforeAll(async () => {
  server = await TestServer.start({ FAULTBASE_AUTH_FAILURES_PER_MINUTE: String(LIMIT) });
});
afterAll(() => server?.stop());

it('throttles failed authentications per client address, before any lookup; valid devices keep working', async () => {
  const busy = await registerDevice(server.url, server.adminToken);
  const fresh = await registerDevice(server.url, server.adminToken);
  const elsewhere = await registerDevice(server.url, server.adminToken);
  // A device at the attacker's address reported a moment ago: its token is known to be valid.
  expect(ok(await gqlFrom(ATTACKER, server.url, busy.token, REPORT, { i: faultInput() })).reportFault.status).toBe('STORED');

  for (let i = 0; i < LIMIT; i++) {
    const guess = await gqlFrom(ATTACKER, server.url, `fbd_guess-${i}`, REPORT, { i: faultInput() });
    expect([guess.status, guess.errors?.[0]?.extensions?.code]).toEqual([401, 'UNAUTHENTICATED']);
  }
  const throttled = await gqlFrom(ATTACKER, server.url, 'fbd_guess-more', REPORT, { i: faultInput() });
  expect(throttled.status).toBe(429);
  expect(throttled.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', reason: 'AUTH_FAILURES' });
  const retryAfter = Number(throttled.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(throttled.errors?.[0]?.extensions?.retryAfterSeconds).toBe(retryAfter);

  // The address's known device goes on; a token it has not shown yet waits like any other.
  expect(ok(await gqlFrom(ATTACKER, server.url, busy.token, REPORT, { i: faultInput() })).reportFault.status).toBe('STORED');
  expect((await gqlFrom(ATTACKER, server.url, fresh.token, REPORT, { i: faultInput() })).status).toBe(429);
  // Another address is not affected, neither for valid tokens nor for its own mistakes.
  expect(ok(await gqlFrom(NEIGHBOUR, server.url, elsewhere.token, REPORT, { i: faultInput() })).reportFault.status).toBe('STORED');
  expect((await gqlFrom(NEIGHBOUR, server.url, 'fbd_typo', REPORT, { i: faultInput() })).status).toBe(401);
  // WebSocket connections count against the same address.
  const socket = await openSocket(server.url, 'fbd_guess-ws', { localAddress: ATTACKER });
  expect(socket.acknowledged).toBe(false);
  expect(await socket.closeCode()).toBe(4431);
  const device = await openSocket(server.url, busy.token, { localAddress: ATTACKER });
  expect(device.acknowledged).toBe(true);
  await device.dispose();
});

it('behind a trusted proxy, counts the address the proxy forwards', async () => {
  const proxied = await TestServer.start({ FAULTBASE_AUTH_FAILURES_PER_MINUTE: '2', FAULTBASE_TRUST_PROXY: 'loopback' });
  try {
    const device = await registerDevice(proxied.url, proxied.adminToken);
    const via = (client: string, token: string) => gqlFrom(NEIGHBOUR, proxied.url, token, REPORT, { i: faultInput() }, { 'x-forwarded-for': client });
    expect((await via('203.0.113.7', 'fbd_guess-1')).status).toBe(401);
    expect((await via('203.0.113.7', 'fbd_guess-2')).status).toBe(401);
    expect((await via('203.0.113.7', 'fbd_guess-3')).status).toBe(429);
    // The proxy's other clients are other addresses.
    expect((await via('198.51.100.1', 'fbd_typo')).status).toBe(401);
    expect(ok(await via('198.51.100.1', device.token)).reportFault.status).toBe('STORED');
  } finally {
    await proxied.stop();
  }
});
