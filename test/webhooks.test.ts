import { randomUUID } from 'node:crypto';
import { gql, ok } from './harness/client';
import { createUser, faultInput, registerDevice, REPORT } from './harness/factories';
import { eventually } from './harness/eventually';
import { TestServer } from './harness/server';
import { WebhookReceiver, type ReceivedWebhook } from './harness/webhook-receiver';

// Receivers verify the signature as DOMAIN.md tells them to: the built module, used as a receiver's library would be.
const { verifySignatureHeader } = require('../dist/src/webhooks/signing') as typeof import('../src/webhooks/signing');

const SECRET = 'whsec-test-0123456789abcdef';
const CREATE_VENDOR = `mutation($i: CreateVendorInput!) { createVendor(input: $i) { id } }`;
const UPDATE_VENDOR = `mutation($id: ID!, $i: UpdateVendorInput!) { updateVendor(id: $id, input: $i) { id webhookSecretSet } }`;
const ESCALATE = `mutation($s: ID!, $v: ID!, $m: String!) { escalateSignature(signatureId: $s, vendorId: $v, message: $m) { id status } }`;
const DELIVERIES = `query($f: WebhookDeliveryFilter) {
  webhookDeliveries(filter: $f, first: 50) {
    totalCount
    edges { node { id eventType status attempts lastStatusCode lastError deliveredAt url body attemptLog { statusCode error url } } }
  }
}`;
const RETRY = `mutation($id: ID!) { retryWebhookDelivery(id: $id) { id status } }`;

let server: TestServer;
let receiver: WebhookReceiver;
let tech: { token: string };
let vendors = 0;

beforeAll(async () => {
  receiver = await WebhookReceiver.start();
  // Retries of a failed attempt come after about a second, then two… (the webhook policy's start).
  server = await TestServer.start({ FAULTBASE_WEBHOOK_ALLOW_PRIVATE: 'true', FAULTBASE_OUTBOX_POLL_MS: '100', FAULTBASE_PUBLIC_URL: 'https://faultbase.example.com' });
  tech = await createUser(server.url, server.adminToken);
});
afterAll(async () => {
  await server?.stop();
  await receiver?.stop();
});

async function vendor(input: Record<string, unknown> = { webhookUrl: receiver.url, webhookSecret: SECRET }): Promise<string> {
  vendors += 1;
  return ok(await gql(server.url, server.adminToken, CREATE_VENDOR, { i: { name: `Hooked vendor ${vendors}`, ...input } })).createVendor.id;
}

/** A new fault, escalated to the vendor: the webhook event vendor_ticket.created. */
async function escalate(vendorId: string): Promise<string> {
  const device = await registerDevice(server.url, server.adminToken);
  const receipt = ok(await gql(server.url, device.token, REPORT, { i: faultInput({ errorCode: `E_HOOK_${randomUUID().slice(0, 8)}` }) })).reportFault;
  return ok(await gql(server.url, tech.token, ESCALATE, { s: receipt.signature.id, v: vendorId, m: 'Please look at this crash.' })).escalateSignature.id;
}

const deliveriesTo = async (vendorId: string) =>
  ok(await gql(server.url, server.adminToken, DELIVERIES, { f: { targetId: vendorId } })).webhookDeliveries.edges.map((e: any) => e.node);

const forTicket = (ticketId: string) => (r: ReceivedWebhook) => r.body.data.ticket?.id === ticketId;

it('posts vendor_ticket.created, signed as DOMAIN.md says, and retries with the same delivery after the receiver fails twice', async () => {
  const vendorId = await vendor();
  let failures = 0;
  // Each event names its vendor: this new vendor's first two requests fail.
  receiver.answer = ({ raw }) => (raw.includes(vendorId) && failures++ < 2 ? 500 : 200);
  const ticketId = await escalate(vendorId);

  await eventually(() => receiver.received.filter(forTicket(ticketId)).some((r) => r.answered === 200), 'the third attempt to succeed');
  const attempts = receiver.received.filter(forTicket(ticketId));
  expect(attempts.map((a) => a.answered)).toEqual([500, 500, 200]);
  // One delivery: the same id, body and headers each time; each attempt signed anew.
  expect(new Set(attempts.map((a) => a.body.id)).size).toBe(1);
  expect(new Set(attempts.map((a) => a.raw)).size).toBe(1);
  for (const a of attempts) {
    expect(a.headers['content-type']).toBe('application/json');
    expect(a.headers['faultbase-delivery']).toBe(a.body.id);
    expect(verifySignatureHeader(SECRET, a.raw, a.headers['faultbase-signature'] as string)).toBe(true);
    expect(verifySignatureHeader('another-secret-0123456789', a.raw, a.headers['faultbase-signature'] as string)).toBe(false);
    expect(verifySignatureHeader(SECRET, a.raw.replace('OPEN', 'CLOSED'), a.headers['faultbase-signature'] as string)).toBe(false);
  }
  expect(attempts[0]!.body).toMatchObject({
    type: 'vendor_ticket.created',
    data: {
      vendor: { id: vendorId },
      ticket: { id: ticketId, status: 'OPEN', url: `https://faultbase.example.com/tickets/${ticketId}` },
      change: { side: 'STAFF', kinds: ['ESCALATED'] },
    },
  });

  // The admin's log: one delivery, three attempts, delivered.
  await eventually(async () => (await deliveriesTo(vendorId))[0]?.status === 'DELIVERED', 'the log to say DELIVERED');
  const [logged] = await deliveriesTo(vendorId);
  expect(logged).toMatchObject({ id: attempts[0]!.body.id, eventType: 'vendor_ticket.created', status: 'DELIVERED', attempts: 3, lastStatusCode: 200, lastError: null, url: receiver.url });
  expect(logged.attemptLog.map((a: any) => a.statusCode)).toEqual([200, 500, 500]);
  expect(logged.attemptLog[1].error).toMatch(/^HTTP 500/);
});

it('delivers what was pending when the server stopped, after it starts again', async () => {
  const vendorId = await vendor();
  let open = false;
  receiver.answer = ({ raw }) => (raw.includes(vendorId) && !open ? 503 : 200);
  const ticketId = await escalate(vendorId);
  await receiver.waitFor(forTicket(ticketId), 'the first attempt');
  await server.restart();
  open = true;
  const delivered = await receiver.waitFor((r) => forTicket(ticketId)(r) && r.answered === 200, 'the delivery after the restart');
  expect(delivered.body.type).toBe('vendor_ticket.created');
  await eventually(async () => (await deliveriesTo(vendorId))[0]?.status === 'DELIVERED', 'the log to say DELIVERED');
});

it('skips a vendor without a secret, visibly, and an admin retries it once the secret is set', async () => {
  const vendorId = await vendor({ webhookUrl: receiver.url });
  receiver.answer = () => 200;
  const ticketId = await escalate(vendorId);
  await eventually(async () => (await deliveriesTo(vendorId))[0]?.status === 'SKIPPED', 'the delivery to be skipped');
  const [skipped] = await deliveriesTo(vendorId);
  expect(skipped).toMatchObject({ status: 'SKIPPED', attempts: 0, lastError: 'the receiver has no webhook secret' });
  expect(receiver.received.filter(forTicket(ticketId))).toEqual([]);

  expect(ok(await gql(server.url, server.adminToken, UPDATE_VENDOR, { id: vendorId, i: { webhookSecret: SECRET } })).updateVendor.webhookSecretSet).toBe(true);
  expect(ok(await gql(server.url, server.adminToken, RETRY, { id: skipped.id })).retryWebhookDelivery.status).toBe('PENDING');
  const delivered = await receiver.waitFor(forTicket(ticketId), 'the retried delivery');
  expect(delivered.headers['faultbase-delivery']).toBe(skipped.id);
  expect(verifySignatureHeader(SECRET, delivered.raw, delivered.headers['faultbase-signature'] as string)).toBe(true);
});

it('refuses the delivery log and retries to everyone but admins, and an unknown delivery', async () => {
  const device = await registerDevice(server.url, server.adminToken);
  for (const token of [tech.token, device.token]) {
    expect((await gql(server.url, token, DELIVERIES)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await gql(server.url, token, RETRY, { id: randomUUID() })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  }
  expect((await gql(server.url, server.adminToken, RETRY, { id: randomUUID() })).errors?.[0]?.extensions).toMatchObject({
    code: 'NOT_FOUND',
    reason: 'WEBHOOK_DELIVERY_NOT_FOUND',
  });
});
