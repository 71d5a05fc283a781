import { gql, ok } from './harness/client';
import { createUser, faultInput, registerDevice, REPORT } from './harness/factories';
import { eventually } from './harness/eventually';
import { startProcess, type ServerProcess } from './harness/process';
import { TestServer } from './harness/server';
import { WebhookReceiver, type ReceivedWebhook } from './harness/webhook-receiver';

// Two stateless processes share one PostgreSQL; an embedded database belongs to one process, so
// this file runs in the PostgreSQL pass of the suite (as test/multiprocess.test.ts does).
const onPostgres = process.env.DATABASE_URL ? describe : describe.skip;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECRET = 'alert-secret-0123456789';

onPostgres('alerts on two server processes', () => {
  let a: TestServer;
  let b: ServerProcess;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    // Both processes evaluate the rules every 100 ms: they race for every firing.
    a = await TestServer.start({ REDIS_URL, FAULTBASE_WEBHOOK_ALLOW_PRIVATE: 'true', FAULTBASE_ALERT_EVALUATION_MS: '100', FAULTBASE_OUTBOX_POLL_MS: '100' });
    b = await startProcess({ ...a.env, FAULTBASE_ADMIN_TOKEN: a.adminToken });
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
    await receiver?.stop();
  });

  const CREATE = `mutation($i: AlertRuleInput!) { createAlertRule(input: $i) { id } }`;
  const spikeRule = async (token: string, name: string, minReports: number) =>
    ok(
      await gql(a.url, token, CREATE, {
        // No cool-down: only the firing's unique key stands between two processes and two alerts.
        // A day-long window: its period does not turn over while the test runs (but at midnight UTC).
        i: { name, cooldownMinutes: 0, condition: { kind: 'SPIKE', applicationName: 'BurstApp', windowMinutes: 1440, minReports }, channels: [{ kind: 'WEBHOOK', url: receiver.url, secret: SECRET }] },
      }),
    ).createAlertRule.id as string;
  const firedFor = (ruleId: string) => (r: ReceivedWebhook) => r.body.type === 'alert.fired' && r.body.data.rule.id === ruleId;

  it('a spike burst sent to both processes fires exactly one notification', async () => {
    const tech = await createUser(a.url, a.adminToken);
    const rule = await spikeRule(tech.token, 'Burst', 20);
    const devices = await Promise.all(Array.from({ length: 4 }, () => registerDevice(a.url, a.adminToken)));
    const sends = Array.from({ length: 40 }, (_, i) =>
      gql(i % 2 ? a.url : b.url, devices[i % 4]!.token, REPORT, { i: faultInput({ errorCode: 'E_BURST', application: { name: 'BurstApp', version: '1.0' } }) }),
    );
    for (const res of await Promise.all(sends)) ok(res);
    await receiver.waitFor(firedFor(rule), 'the spike alert');
    // A marker: a rule created after the burst, evaluated after the first one (rules go oldest
    // first) by whichever process gets to it. Once its alert is in and the outbox is empty, every
    // firing the burst could cause has been decided.
    const marker = await spikeRule(tech.token, 'Marker', 30);
    await receiver.waitFor(firedFor(marker), 'the marker alert');
    await eventually(async () => {
      const { pending, retrying } = ok(await gql(a.url, a.adminToken, `{ outboxSummary { pending retrying } }`)).outboxSummary;
      return pending === 0 && retrying === 0;
    }, 'the outbox to drain');
    expect(receiver.received.filter(firedFor(rule))).toHaveLength(1);
    expect(receiver.received.filter(firedFor(marker))).toHaveLength(1);
  });
});
