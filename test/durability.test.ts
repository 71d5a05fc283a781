import { gql, ok } from './harness/client';
import { faultInput, registerDevice, REPORT, SIGNATURE } from './harness/factories';
import { TestServer } from './harness/server';

let server: TestServer;
beforeAll(async () => {
  server = await TestServer.start();
});
afterAll(() => server?.stop());

it('keeps devices, tokens, reports and counts across a clean restart', async () => {
  const d = await registerDevice(server.url, server.adminToken);
  const receipt = ok(await gql(server.url, d.token, REPORT, { i: faultInput({ errorCode: 'E_RESTART' }) })).reportFault;
  await server.restart('stop');
  const sig = ok(await gql(server.url, server.adminToken, SIGNATURE, { id: receipt.signature.id })).signature;
  expect(sig).toMatchObject({ reportCount: 1, deviceCount: 1, errorCode: 'E_RESTART' });
  // The device's token still works, and a retry from before the restart is recognised.
  const input = faultInput({ errorCode: 'E_RESTART' });
  ok(await gql(server.url, d.token, REPORT, { i: input }));
  await server.restart('stop');
  expect(ok(await gql(server.url, d.token, REPORT, { i: input })).reportFault.status).toBe('DUPLICATE');
});

it('an acknowledged report survives kill -9 of the server', async () => {
  const d = await registerDevice(server.url, server.adminToken);
  const inputs = Array.from({ length: 20 }, () => faultInput({ errorCode: 'E_KILL9' }));
  const receipts = [];
  for (const input of inputs) receipts.push(ok(await gql(server.url, d.token, REPORT, { i: input })).reportFault);
  // No shutdown at all: the process dies right after the last receipt was read.
  await server.restart('kill');
  const sig = ok(await gql(server.url, server.adminToken, SIGNATURE, { id: receipts[0].signature.id })).signature;
  expect(sig.reportCount).toBe(20);
  for (const input of inputs.slice(-3)) {
    expect(ok(await gql(server.url, d.token, REPORT, { i: input })).reportFault.status).toBe('DUPLICATE');
  }
});

it('stops cleanly on SIGTERM, finishing what is in flight', async () => {
  const d = await registerDevice(server.url, server.adminToken);
  const inFlight = Array.from({ length: 10 }, () => gql(server.url, d.token, REPORT, { i: faultInput({ errorCode: 'E_DRAIN' }) }));
  await new Promise((r) => setTimeout(r, 5));
  const exit = server.proc.stop();
  const answered = await Promise.allSettled(inFlight);
  expect(await exit).toBe(0);
  // Each request either got its receipt or was refused at the door; a receipt means stored.
  const receipts = answered.flatMap((a) => (a.status === 'fulfilled' && a.value.data ? [a.value.data.reportFault] : []));
  await server.restart('stop');
  if (receipts.length) {
    const sig = ok(await gql(server.url, server.adminToken, SIGNATURE, { id: receipts[0].signature.id })).signature;
    expect(sig.reportCount).toBeGreaterThanOrEqual(receipts.length);
  }
});
