import { gql, ok } from './harness/client';
import { createUser, createVendorUser, registerDevice } from './harness/factories';
import { eventually } from './harness/eventually';
import { TestServer } from './harness/server';
import { SmtpReceiver } from './harness/smtp-receiver';
import { runOperation, TRANSPORTS } from './harness/transports';

// The mailer as the server runs it, for what only a direct call shows (credentials, a closed port).
const { createMailer, NO_SMTP_SERVER } = require('../dist/src/mail/mailer') as typeof import('../src/mail/mailer');

const FROM = 'Faultbase Alerts <alerts@faultbase.test>';
const SEND = `mutation($to: [String!]!) { sendTestEmail(to: $to) { id channel status url } }`;
const DELIVERY = `query($id: ID!) {
  webhookDelivery(id: $id) { id channel targetKind eventType url body status attempts lastStatusCode lastError deliveredAt attemptLog { url statusCode error } }
}`;
const EMAILS = `{ webhookDeliveries(filter: { channel: EMAIL }, first: 100) { totalCount } }`;
const RETRY = `mutation($id: ID!) { retryWebhookDelivery(id: $id) { id status } }`;

let smtp: SmtpReceiver;
let server: TestServer;
let sent = 0;

beforeAll(async () => {
  smtp = await SmtpReceiver.start();
  // Retries of a refused attempt come after about a second, then two… (the delivery policy's start).
  server = await TestServer.start({
    FAULTBASE_SMTP_URL: smtp.url(),
    FAULTBASE_MAIL_FROM: FROM,
    FAULTBASE_OUTBOX_POLL_MS: '100',
    FAULTBASE_PUBLIC_URL: 'https://faultbase.example.com',
  });
});
afterAll(async () => {
  await server?.stop();
  await smtp?.stop();
});

/** Fresh recipients for each e-mail, so that a test finds its own messages. */
const recipients = (n = 1) => {
  sent += 1;
  return Array.from({ length: n }, (_, i) => `ops${sent}.${i}@example.com`);
};
const send = async (to: string[], on = server) => ok(await gql(on.url, on.adminToken, SEND, { to })).sendTestEmail;
const delivery = async (id: string, on = server) => ok(await gql(on.url, on.adminToken, DELIVERY, { id })).webhookDelivery;
const settled = (id: string, status: string, on = server) => eventually(async () => (await delivery(id, on)).status === status, `the e-mail to be ${status}`);

it('sends a test e-mail with its subject, plain text and HTML parts, From and To, and logs it DELIVERED', async () => {
  const to = recipients(2);
  const queued = await send(to);
  expect(queued).toMatchObject({ channel: 'EMAIL', status: 'PENDING', url: `mailto:${to.join(',')}` });

  const mail = await smtp.waitFor((m) => m.to.includes(to[0]!), 'the test e-mail');
  expect(mail.from).toBe('"Faultbase Alerts" <alerts@faultbase.test>');
  expect(mail.envelope).toEqual({ from: 'alerts@faultbase.test', to });
  expect(mail.to).toEqual(to);
  expect(mail.subject).toBe('faultbase test e-mail');
  expect(mail.text).toContain('This is a test e-mail from faultbase');
  expect(mail.text).toContain('https://faultbase.example.com');
  expect(mail.html).toContain('<p>This is a test e-mail from faultbase');
  expect(mail.html).toContain('<a href="https://faultbase.example.com">');
  // The delivery's id names the message: its header, and its Message-ID (the same on a resend).
  expect(mail.headers.get('faultbase-delivery')).toBe(queued.id);
  expect(mail.messageId).toBe(`<${queued.id}@faultbase.test>`);

  await settled(queued.id, 'DELIVERED');
  const logged = await delivery(queued.id);
  expect(logged).toMatchObject({ channel: 'EMAIL', targetKind: 'USER', eventType: 'email.test', attempts: 1, lastStatusCode: 250, lastError: null });
  expect(JSON.parse(logged.body)).toMatchObject({ id: queued.id, type: 'email.test', to, subject: 'faultbase test e-mail' });
  expect(logged.attemptLog).toEqual([{ url: `mailto:${to.join(',')}`, statusCode: 250, error: null }]);
});

it('tries again after temporary refusals (451): one delivery, three attempts, one message received', async () => {
  const to = recipients();
  smtp.rejectNext(2, 451);
  const queued = await send(to);
  await smtp.waitFor((m) => m.to.includes(to[0]!), 'the third attempt to be accepted');
  await settled(queued.id, 'DELIVERED');
  const logged = await delivery(queued.id);
  expect(logged).toMatchObject({ attempts: 3, lastStatusCode: 250, lastError: null });
  expect(logged.attemptLog.map((a: any) => a.statusCode)).toEqual([250, 451, 451]);
  expect(logged.attemptLog[1].error).toMatch(/^451 .*Try again later \(test\)/);
  expect(smtp.received.filter((m) => m.to.includes(to[0]!))).toHaveLength(1);
});

it('fails at once on a permanent refusal (550) with the server’s words, and an admin’s retry sends it again', async () => {
  const to = recipients();
  smtp.rejectNext(1, 550);
  const queued = await send(to);
  await settled(queued.id, 'FAILED');
  const failed = await delivery(queued.id);
  expect(failed).toMatchObject({ attempts: 1, lastStatusCode: 550, deliveredAt: null });
  expect(failed.lastError).toMatch(/^550 .*Mailbox unavailable \(test\)/);
  expect(smtp.received.filter((m) => m.to.includes(to[0]!))).toEqual([]);

  expect(ok(await gql(server.url, server.adminToken, RETRY, { id: queued.id })).retryWebhookDelivery.status).toBe('PENDING');
  const mail = await smtp.waitFor((m) => m.to.includes(to[0]!), 'the retried e-mail');
  expect(mail.headers.get('faultbase-delivery')).toBe(queued.id);
  await settled(queued.id, 'DELIVERED');
  expect((await delivery(queued.id)).attempts).toBe(2);
});

it('delivers what was pending when the server stopped, after it starts again', async () => {
  const to = recipients();
  smtp.rejectNext(1000, 451);
  const before = smtp.attempts;
  const queued = await send(to);
  await eventually(() => smtp.attempts > before, 'the first (refused) attempt');
  await server.restart();
  smtp.acceptAll();
  await smtp.waitFor((m) => m.to.includes(to[0]!), 'the e-mail after the restart');
  await settled(queued.id, 'DELIVERED');
  expect((await delivery(queued.id)).attempts).toBeGreaterThanOrEqual(2);
});

it('refuses invalid recipients with BAD_USER_INPUT and stores nothing', async () => {
  const before = ok(await gql(server.url, server.adminToken, EMAILS)).webhookDeliveries.totalCount;
  const cases: [string[], (string | number)[]][] = [
    [['not-an-address'], ['to', 0]],
    [['ops@example.com', 'ops@example.com\r\nBcc: everyone@example.com'], ['to', 1]],
    [['Ops <ops@example.com>'], ['to', 0]],
    [['ops@example.com,boss@example.com'], ['to', 0]],
    [[], ['to']],
    [Array.from({ length: 51 }, (_, i) => `ops${i}@example.com`), ['to']],
  ];
  for (const [to, path] of cases) {
    const res = await gql(server.url, server.adminToken, SEND, { to });
    expect([to, res.errors?.[0]?.extensions]).toMatchObject([to, { code: 'BAD_USER_INPUT', reason: 'EMAIL_RECIPIENTS_INVALID', fields: [{ path }] }]);
  }
  expect(ok(await gql(server.url, server.adminToken, EMAILS)).webhookDeliveries.totalCount).toBe(before);
});

it('lets only admins send a test e-mail, over HTTP and WebSocket', async () => {
  const technician = await createUser(server.url, server.adminToken);
  const vendor = await createVendorUser(server.url, server.adminToken);
  const device = await registerDevice(server.url, server.adminToken);
  const before = ok(await gql(server.url, server.adminToken, EMAILS)).webhookDeliveries.totalCount;
  for (const transport of TRANSPORTS) {
    for (const token of [technician.token, vendor.token, device.token]) {
      const res = await runOperation(transport, server.url, token, SEND, { to: ['ops@example.com'] });
      expect([transport, res.errors?.[0]?.extensions?.code]).toEqual([transport, 'FORBIDDEN']);
    }
  }
  expect((await gql(server.url, null, SEND, { to: ['ops@example.com'] })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  expect(ok(await gql(server.url, server.adminToken, EMAILS)).webhookDeliveries.totalCount).toBe(before);
});

it('without an SMTP server configured, the e-mail fails at once with a clear error in the log', async () => {
  const unconfigured = await TestServer.start({ FAULTBASE_OUTBOX_POLL_MS: '100' });
  try {
    const queued = await send(recipients(), unconfigured);
    await settled(queued.id, 'FAILED', unconfigured);
    expect(await delivery(queued.id, unconfigured)).toMatchObject({
      attempts: 1,
      lastStatusCode: null,
      lastError: 'no SMTP server configured: set FAULTBASE_SMTP_URL',
      attemptLog: [{ statusCode: null, error: 'no SMTP server configured: set FAULTBASE_SMTP_URL' }],
    });
  } finally {
    await unconfigured.stop();
  }
});

describe('the mailer', () => {
  const message = { to: ['ops@example.com'], subject: 'mailer test', text: 'plain', html: '<p>html</p>' };

  it('logs in with the credentials in the URL; a wrong password is refused for good', async () => {
    const login = { user: 'faultbase', pass: 'p@ss:word/1' };
    const guarded = await SmtpReceiver.start({ auth: login });
    try {
      const good = await createMailer({ smtpUrl: guarded.url(login), mailFrom: 'alerts@faultbase.test' }).send(message);
      expect(good).toMatchObject({ ok: true, responseCode: 250 });
      expect(guarded.received.map((m) => m.subject)).toEqual(['mailer test']);
      const bad = await createMailer({ smtpUrl: guarded.url({ ...login, pass: 'wrong' }), mailFrom: 'alerts@faultbase.test' }).send(message);
      expect(bad).toMatchObject({ ok: false, permanent: true, responseCode: 535 });
    } finally {
      await guarded.stop();
    }
  });

  it('reports a server that is not there as a temporary failure, and no server configured as a permanent one', async () => {
    const gone = await SmtpReceiver.start();
    const url = gone.url();
    await gone.stop();
    const refused = await createMailer({ smtpUrl: url, mailFrom: 'alerts@faultbase.test' }).send(message);
    expect(refused).toMatchObject({ ok: false, permanent: false, responseCode: null });
    expect((refused as { error: string }).error).toMatch(/ECONNREFUSED/);
    expect(await createMailer({ mailFrom: 'alerts@faultbase.test' }).send(message)).toEqual({ ok: false, error: NO_SMTP_SERVER, permanent: true, responseCode: null });
  });
});
