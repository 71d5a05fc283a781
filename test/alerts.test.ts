import { randomUUID } from 'node:crypto';
import { gql, ok } from './harness/client';
import { createUser, createVendorUser, faultInput, registerDevice, REPORT } from './harness/factories';
import { eventually } from './harness/eventually';
import { TestServer } from './harness/server';
import { runOperation, TRANSPORTS } from './harness/transports';
import { SmtpReceiver } from './harness/smtp-receiver';
import { WebhookReceiver, type ReceivedWebhook } from './harness/webhook-receiver';

const { verifySignatureHeader } = require('../dist/src/webhooks/signing') as typeof import('../src/webhooks/signing');

const SECRET = 'alert-secret-0123456789';
const RULE_FIELDS = `id name enabled cooldownMinutes condition { kind applicationName minSeverity windowMinutes minReports minDevices baselineFactor failureRate minOutcomes }
  channels { id kind url secretSet to } recentFirings { signatureId reason notified }`;
const CREATE = `mutation($i: AlertRuleInput!) { createAlertRule(input: $i) { ${RULE_FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $i: AlertRuleInput!) { updateAlertRule(id: $id, input: $i) { ${RULE_FIELDS} } }`;
const DELETE = `mutation($id: ID!) { deleteAlertRule(id: $id) }`;
const TEST = `mutation($id: ID!) { testAlertRule(id: $id) }`;
const RULES = `{ alertRules { ${RULE_FIELDS} } }`;

let server: TestServer;
let receiver: WebhookReceiver;
let smtp: SmtpReceiver;
let tech: { token: string };
let device: Awaited<ReturnType<typeof registerDevice>>;

beforeAll(async () => {
  receiver = await WebhookReceiver.start();
  smtp = await SmtpReceiver.start();
  server = await TestServer.start({
    FAULTBASE_SMTP_URL: smtp.url(),
    FAULTBASE_MAIL_FROM: 'faultbase alerts <alerts@faultbase.example.com>',
    FAULTBASE_WEBHOOK_ALLOW_PRIVATE: 'true',
    FAULTBASE_OUTBOX_POLL_MS: '100',
    FAULTBASE_ALERT_EVALUATION_MS: '200',
    FAULTBASE_PUBLIC_URL: 'https://faultbase.example.com',
  });
  tech = await createUser(server.url, server.adminToken);
  device = await registerDevice(server.url, server.adminToken);
});
afterAll(async () => {
  await server?.stop();
  await receiver?.stop();
  await smtp?.stop();
});

// The receiver starts in beforeAll; inputs built earlier (it.each's table) take its URL when used.
const RECEIVER_URL = { toJSON: () => receiver.url };
const webhook = () => ({ kind: 'WEBHOOK', url: RECEIVER_URL, secret: SECRET });
const rule = (condition: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ name: `Rule ${randomUUID().slice(0, 6)}`, condition, channels: [webhook()], ...extra });
const create = async (input: Record<string, unknown>) => ok(await gql(server.url, tech.token, CREATE, { i: input })).createAlertRule;
const rules = async () => ok(await gql(server.url, tech.token, RULES)).alertRules as { id: string }[];

async function report(errorCode: string, fields: Record<string, unknown> = {}) {
  return ok(await gql(server.url, device.token, REPORT, { i: faultInput({ errorCode, ...fields }) })).reportFault as { report: { id: string }; signature: { id: string } };
}

const firedFor = (ruleId: string) => (r: ReceivedWebhook) => r.body.type === 'alert.fired' && r.body.data.rule.id === ruleId;

describe('rules', () => {
  it('are created, listed, replaced and deleted; a channel secret is never shown', async () => {
    const created = await create(rule({ kind: 'SPIKE', windowMinutes: 15, minReports: 100, minDevices: 20 }, { cooldownMinutes: 30 }));
    expect(created).toMatchObject({
      enabled: true,
      cooldownMinutes: 30,
      condition: { kind: 'SPIKE', windowMinutes: 15, minReports: 100, minDevices: 20, baselineFactor: null, failureRate: null },
      channels: [{ kind: 'WEBHOOK', url: receiver.url, secretSet: true, to: null }],
    });
    expect(JSON.stringify(await rules())).not.toContain(SECRET);
    const replaced = ok(
      await gql(server.url, tech.token, UPDATE, {
        id: created.id,
        i: rule({ kind: 'RESOLUTION_FAILURE_RATE', failureRate: 0.2 }, { name: 'Failing installs', enabled: false, channels: [{ kind: 'EMAIL', to: ['Ops@Example.com'] }] }),
      }),
    ).updateAlertRule;
    expect(replaced).toMatchObject({
      id: created.id,
      name: 'Failing installs',
      enabled: false,
      cooldownMinutes: 60,
      condition: { kind: 'RESOLUTION_FAILURE_RATE', failureRate: 0.2, minOutcomes: 10, windowMinutes: null },
      channels: [{ kind: 'EMAIL', url: null, secretSet: false, to: ['ops@example.com'] }],
    });
    expect(ok(await gql(server.url, tech.token, DELETE, { id: created.id })).deleteAlertRule).toBe(true);
    expect((await rules()).map((r) => r.id)).not.toContain(created.id);
    expect((await gql(server.url, tech.token, DELETE, { id: created.id })).errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'ALERT_RULE_NOT_FOUND' });
  });

  it.each([
    ['a field its kind does not use', rule({ kind: 'NEW_SIGNATURE', windowMinutes: 10 }), 'ALERT_CONDITION_INVALID'],
    ['a SPIKE without a window', rule({ kind: 'SPIKE', minReports: 10 }), 'ALERT_CONDITION_INVALID'],
    ['a SPIKE without a threshold', rule({ kind: 'SPIKE', windowMinutes: 10 }), 'ALERT_CONDITION_INVALID'],
    ['a zero window', rule({ kind: 'SPIKE', windowMinutes: 0, minReports: 10 }), undefined],
    ['a negative threshold', rule({ kind: 'SPIKE', windowMinutes: 10, minReports: -1 }), undefined],
    ['a failure rate above 1', rule({ kind: 'RESOLUTION_FAILURE_RATE', failureRate: 1.5 }), undefined],
    ['a negative cool-down', rule({ kind: 'REGRESSION' }, { cooldownMinutes: -5 }), undefined],
    ['a webhook that is not http(s)', rule({ kind: 'REGRESSION' }, { channels: [{ kind: 'WEBHOOK', url: 'ftp://example.com/x', secret: SECRET }] }), 'ALERT_CHANNEL_INVALID'],
    ['a webhook without a secret', rule({ kind: 'REGRESSION' }, { channels: [{ kind: 'WEBHOOK', url: RECEIVER_URL }] }), 'ALERT_CHANNEL_INVALID'],
    ['an e-mail channel with no address', rule({ kind: 'REGRESSION' }, { channels: [{ kind: 'EMAIL', to: [] }] }), 'ALERT_CHANNEL_INVALID'],
    ['an e-mail channel with a bad address', rule({ kind: 'REGRESSION' }, { channels: [{ kind: 'EMAIL', to: ['ops at example'] }] }), undefined],
    ['an e-mail channel with a URL', rule({ kind: 'REGRESSION' }, { channels: [{ kind: 'EMAIL', to: ['ops@example.com'], url: 'https://example.com' }] }), 'ALERT_CHANNEL_INVALID'],
    ['no channel', rule({ kind: 'REGRESSION' }, { channels: [] }), undefined],
  ])('refuses %s with BAD_USER_INPUT, storing nothing', async (_what, input, reason) => {
    const before = (await rules()).length;
    const res = await gql(server.url, tech.token, CREATE, { i: input });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    if (reason) expect(res.errors?.[0]?.extensions?.reason).toBe(reason);
    expect((await rules()).length).toBe(before);
  });

  it('are refused to vendors and devices, on both transports', async () => {
    const vendor = await createVendorUser(server.url, server.adminToken);
    const existing = await create(rule({ kind: 'REGRESSION' }, { enabled: false }));
    for (const transport of TRANSPORTS) {
      for (const token of [vendor.token, device.token]) {
        for (const [query, vars] of [
          [RULES, {}],
          [CREATE, { i: rule({ kind: 'REGRESSION' }) }],
          [UPDATE, { id: existing.id, i: rule({ kind: 'NEW_SIGNATURE' }) }],
          [DELETE, { id: existing.id }],
          [TEST, { id: existing.id }],
        ] as const) {
          expect((await runOperation(transport, server.url, token, query, vars)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
        }
      }
    }
    expect((await rules()).find((r) => r.id === existing.id)).toMatchObject({ condition: { kind: 'REGRESSION' } });
  });
});

describe('firing', () => {
  it('NEW_SIGNATURE: tells of a new fault of its application at its severity, once, signed; not of others', async () => {
    const app = `AlertApp${randomUUID().slice(0, 6)}`;
    const r = await create(rule({ kind: 'NEW_SIGNATURE', applicationName: app, minSeverity: 'ERROR' }));
    const warning = await report('E_ALERT_WARN', { severity: 'WARNING', application: { name: app, version: '1.0' } });
    const otherApp = await report('E_ALERT_OTHER', { severity: 'FATAL', application: { name: 'SomeOtherApp', version: '1.0' } });
    const fatal = await report('E_ALERT_FATAL', { severity: 'FATAL', application: { name: app, version: '1.0' } });
    await report('E_ALERT_FATAL', { severity: 'FATAL', application: { name: app, version: '1.0' } }); // the same fault again: not new
    const alert = await receiver.waitFor((x) => firedFor(r.id)(x) && x.body.data.signature.id === fatal.signature.id, 'the alert');
    // Every reaction to these reports has run: an alert of the others would be in by now.
    await outboxDrained();
    expect(alert.body.data).toMatchObject({
      rule: { id: r.id, name: r.name },
      kind: 'NEW_SIGNATURE',
      signature: { id: fatal.signature.id, status: 'NEW', url: `https://faultbase.example.com/signatures/${fatal.signature.id}` },
    });
    expect(alert.body.data.reason).toMatch(new RegExp(`^New fault in ${app}: .* \\(FATAL\\)\\.$`));
    expect(verifySignatureHeader(SECRET, alert.raw, alert.headers['faultbase-signature'] as string)).toBe(true);
    const toldOf = receiver.received.filter(firedFor(r.id)).map((x) => x.body.data.signature.id);
    expect(toldOf).toEqual([fatal.signature.id]);
    expect(toldOf).not.toContain(warning.signature.id);
    expect(toldOf).not.toContain(otherApp.signature.id);
  });

  it('NEW_SIGNATURE: several rules for one new fault each tell once, through their own channels', async () => {
    const app = `Several${randomUUID().slice(0, 6)}`;
    const [a, b] = [await create(rule({ kind: 'NEW_SIGNATURE', applicationName: app })), await create(rule({ kind: 'NEW_SIGNATURE', applicationName: app }))];
    const mailed = await create(rule({ kind: 'NEW_SIGNATURE', applicationName: app }, { channels: [{ kind: 'EMAIL', to: ['several@example.com'] }] }));
    const { signature } = await report('E_SEVERAL', { application: { name: app, version: '1.0' } });
    await report('E_SEVERAL', { application: { name: app, version: '1.0' } });
    for (const r of [a, b]) expect((await receiver.waitFor(firedFor(r.id), `rule ${r.name}`)).body.data.signature.id).toBe(signature.id);
    await smtp.waitFor((m) => m.subject.includes(mailed.name), 'the e-mail rule');
    await outboxDrained();
    expect([a, b].map((r) => receiver.received.filter(firedFor(r.id)).length)).toEqual([1, 1]);
    expect(await firings(mailed.id)).toEqual([{ signatureId: signature.id, reason: expect.stringContaining('New fault'), notified: true }]);
  });

  it('REGRESSION: tells once per regression, holds back within the cool-down, and sums up what it held back', async () => {
    const app = `RegressApp${randomUUID().slice(0, 6)}`;
    const r = await create(rule({ kind: 'REGRESSION', applicationName: app }, { cooldownMinutes: 60 }));
    const first = await report('E_REGRESS', { application: { name: app, version: '1.0' } });
    const signatureId = first.signature.id;
    const resolution = ok(
      await gql(server.url, tech.token, `mutation($i: CreateResolutionInput!) { createResolution(input: $i) { id } }`, {
        i: { signatureIds: [signatureId], kind: 'APPLICATION_UPDATE', title: 'Update', instructions: 'Update it.', fixVersion: '2.0' },
      }),
    ).createResolution.id;
    ok(await gql(server.url, tech.token, `mutation($id: ID!) { publishResolution(id: $id) { id } }`, { id: resolution }));
    const regress = async () => {
      await report('E_REGRESS', { application: { name: app, version: '2.0' } });
      await eventually(async () => ok(await gql(server.url, tech.token, `query($id: ID!) { signature(id: $id) { status } }`, { id: signatureId })).signature.status === 'REGRESSED', 'REGRESSED');
    };
    const resolveAgain = async () =>
      ok(await gql(server.url, tech.token, `mutation($id: ID!) { updateSignature(id: $id, input: { status: RESOLVED }) { id } }`, { id: signatureId }));

    await regress();
    await receiver.waitFor(firedFor(r.id), 'the first regression alert');
    // Again within the cool-down: held back (recorded, not sent).
    await resolveAgain();
    await regress();
    await eventually(async () => (await firings(r.id)).length === 2, 'the second firing');
    expect((await firings(r.id)).map((f) => f.notified)).toEqual([false, true]);
    // The cool-down shortened to none: the next regression is told, with what was held back.
    ok(await gql(server.url, tech.token, UPDATE, { id: r.id, i: rule({ kind: 'REGRESSION', applicationName: app }, { name: r.name, cooldownMinutes: 0 }) }));
    await resolveAgain();
    await regress();
    await eventually(() => receiver.received.filter(firedFor(r.id)).length === 2, 'the third regression alert');
    const told = receiver.received.filter(firedFor(r.id));
    expect(told[1]!.body.data.since).toEqual({ reports: 2, devices: 0, heldBack: 1 });
    expect(told[1]!.body.data.reason).toMatch(/and 2 more reports from 0 new devices since the last alert \(1 alert held back\)$/);
  });

  it('REGRESSION: two regressions of a fault handled at once tell once within the cool-down, the first time too', async () => {
    const app = `RegressTwice${randomUUID().slice(0, 6)}`;
    const r = await create(rule({ kind: 'REGRESSION', applicationName: app }, { cooldownMinutes: 60 }));
    // Several faults, so that some pair of reactions overlaps on PostgreSQL (the embedded database
    // has one connection: there they run one after the other, and must agree all the same).
    const faults: { signatureId: string; reportId: string }[] = [];
    for (let i = 0; i < 5; i++) {
      const { report: stored, signature } = await report(`E_REGRESS_TWICE_${i}`, { application: { name: app, version: '1.0' } });
      faults.push({ signatureId: signature.id, reportId: stored.id });
    }
    const resolution = ok(
      await gql(server.url, tech.token, `mutation($i: CreateResolutionInput!) { createResolution(input: $i) { id } }`, {
        i: { signatureIds: faults.map((f) => f.signatureId), kind: 'APPLICATION_UPDATE', title: 'Update', instructions: 'Update it.', fixVersion: '2.0' },
      }),
    ).createResolution.id;
    // Two regressions of each fault waiting in the outbox when the server starts (as after its
    // dispatchers were down): they are claimed in one batch and handled side by side, each under its
    // own window key, and no alert_cooldown row exists yet for any of them.
    await server.seed(async (c) => {
      await c.query(`UPDATE fault_signature SET status = 'REGRESSED' WHERE id = ANY($1::uuid[])`, [faults.map((f) => f.signatureId)]);
      for (const f of faults) {
        for (let n = 0; n < 2; n++) {
          await c.query(`INSERT INTO outbox_event (type, payload) VALUES ('SIGNATURE_REGRESSED', $1::jsonb)`, [
            JSON.stringify({ ...f, resolutionId: resolution, deviceId: device.device.id }),
          ]);
        }
      }
    });
    await eventually(async () => (await firings(r.id)).length === 2 * faults.length, 'every regression to fire');
    await outboxDrained();
    for (const { signatureId } of faults) {
      expect(receiver.received.filter((x) => firedFor(r.id)(x) && x.body.data.signature.id === signatureId)).toHaveLength(1);
      expect((await firings(r.id)).filter((f) => f.signatureId === signatureId).map((f) => f.notified).sort()).toEqual([false, true]);
    }
  });

  it('RESOLUTION_FAILURE_RATE: two failing resolutions of one fault in one evaluation tell once within the cool-down', async () => {
    const app = `TwoFixes${randomUUID().slice(0, 6)}`;
    const devices = [device, await registerDevice(server.url, server.adminToken)];
    let signatureId = '';
    for (const d of devices) {
      signatureId = ok(await gql(server.url, d.token, REPORT, { i: faultInput({ errorCode: 'E_TWO_FIXES', application: { name: app, version: '1.0' } }) })).reportFault.signature.id;
    }
    const resolutions: { id: string; title: string }[] = [];
    for (const title of [`Patch A ${app}`, `Patch B ${app}`]) {
      const id = ok(
        await gql(server.url, tech.token, `mutation($i: CreateResolutionInput!) { createResolution(input: $i) { id } }`, {
          i: { signatureIds: [signatureId], kind: 'PATCH', title, instructions: 'Apply it.' },
        }),
      ).createResolution.id as string;
      ok(await gql(server.url, tech.token, `mutation($id: ID!) { publishResolution(id: $id) { id } }`, { id }));
      resolutions.push({ id, title });
    }
    const OUTCOME = `mutation($r: ID!) { reportResolutionOutcome(resolutionId: $r, input: { state: FAILED, resultCode: 410 }) { state } }`;
    for (const { id } of resolutions) {
      for (const d of devices) await eventually(async () => !(await gql(server.url, d.token, OUTCOME, { r: id })).errors, 'the offer to reach the device');
    }
    // Created after the outcomes: its first evaluation finds both resolutions failing, and fires the
    // rule twice for one signature in one call (the second in a later round).
    const r = await create(rule({ kind: 'RESOLUTION_FAILURE_RATE', failureRate: 0.5, minOutcomes: 2 }, { cooldownMinutes: 60 }));
    const ours = async () => (await firings(r.id)).filter((f) => f.signatureId === signatureId);
    await eventually(async () => (await ours()).length === 2, 'both resolutions to fire');
    await outboxDrained();
    const told = receiver.received.filter((x) => firedFor(r.id)(x) && x.body.data.signature.id === signatureId);
    expect(told).toHaveLength(1);
    // The first in resolution order tells, as in every process; the second finds the cool-down it set.
    const first = [...resolutions].sort((a, b) => (a.id < b.id ? -1 : 1))[0]!;
    expect(told[0]!.body.data.reason).toMatch(new RegExp(`^Resolution "${first.title}" fails: 2 of 2 installs failed`));
    expect((await ours()).map((f) => [f.reason.match(/"(.*)"/)![1], f.notified]).sort()).toEqual(
      resolutions.map((x) => [x.title, x.id === first.id]).sort(),
    );
  });

  it('SPIKE: tells once when more reports than its threshold arrive within the window, not again in the same window', async () => {
    const app = `SpikeApp${randomUUID().slice(0, 6)}`;
    // The cool-down also covers an hour boundary passing mid-test (a new window period).
    const r = await create(rule({ kind: 'SPIKE', applicationName: app, windowMinutes: 60, minReports: 3 }));
    const burst = async (n: number) => {
      for (let i = 0; i < n; i++) await report('E_SPIKE', { application: { name: app, version: '1.0' } });
    };
    await burst(3); // not more than 3 yet
    await burst(1);
    const alert = await receiver.waitFor(firedFor(r.id), 'the spike alert');
    expect(alert.body.data).toMatchObject({ kind: 'SPIKE', signature: { reportCount: 4 } });
    expect(alert.body.data.reason).toMatch(/: 4 reports within 60 minutes \(more than 3\)\.$/);
    await burst(2);
    // A marker: a rule created after the burst, evaluated after the first in the same pass (rules go
    // oldest first). Once its alert is in, the first rule has seen the burst too.
    const marker = await create(rule({ kind: 'SPIKE', applicationName: app, windowMinutes: 60, minReports: 5 }));
    await receiver.waitFor(firedFor(marker.id), 'the marker rule');
    await outboxDrained();
    expect(receiver.received.filter(firedFor(r.id))).toHaveLength(1);
  });

  it('SPIKE: one evaluation tells of every signature over the threshold, each with its own counts, and of no other', async () => {
    const app = `SpikeSet${randomUUID().slice(0, 6)}`;
    const ids: Record<string, string> = {};
    for (const [code, n] of [['E_SET_A', 4], ['E_SET_B', 6], ['E_SET_C', 3]] as const) {
      for (let i = 0; i < n; i++) ids[code] = (await report(code, { application: { name: app, version: '1.0' } })).signature.id;
    }
    // Created after the reports: its first evaluation finds both spikes at once.
    const r = await create(rule({ kind: 'SPIKE', applicationName: app, windowMinutes: 60, minReports: 3 }));
    const marker = await create(rule({ kind: 'SPIKE', applicationName: app, windowMinutes: 60, minReports: 5 }));
    await receiver.waitFor(firedFor(marker.id), 'the marker rule');
    await outboxDrained();
    const told = receiver.received.filter(firedFor(r.id)).map((w) => [w.body.data.signature.id, w.body.data.signature.reportCount, w.body.data.reason]);
    expect(told.sort((a, b) => a[1] - b[1])).toEqual([
      [ids.E_SET_A, 4, expect.stringMatching(/: 4 reports within 60 minutes \(more than 3\)\.$/)],
      [ids.E_SET_B, 6, expect.stringMatching(/: 6 reports within 60 minutes \(more than 3\)\.$/)],
    ]);
  });

  it('SPIKE: tells when more devices than its threshold report within the window', async () => {
    const app = `DeviceSpike${randomUUID().slice(0, 6)}`;
    const r = await create(rule({ kind: 'SPIKE', applicationName: app, windowMinutes: 60, minDevices: 2 }));
    const others = [await registerDevice(server.url, server.adminToken), await registerDevice(server.url, server.adminToken)];
    const send = (d: { token: string }) => gql(server.url, d.token, REPORT, { i: faultInput({ errorCode: 'E_DEVICES', application: { name: app, version: '1.0' } }) });
    // Three reports from two devices: not more than 2 devices yet (the report threshold is not set).
    for (const d of [device, device, others[0]!]) ok(await send(d));
    const marker = await create(rule({ kind: 'SPIKE', applicationName: app, windowMinutes: 60, minReports: 2 }));
    await receiver.waitFor(firedFor(marker.id), 'the marker rule');
    await outboxDrained();
    expect(receiver.received.filter(firedFor(r.id))).toHaveLength(0);
    ok(await send(others[1]!));
    const alert = await receiver.waitFor(firedFor(r.id), 'the device spike alert');
    expect(alert.body.data.reason).toMatch(/: 3 devices within 60 minutes \(more than 2\)\.$/);
  });

  it('quiet signatures: a muted one is not told of until its mute ends, an IGNORED one not at all', async () => {
    const app = `Muted${randomUUID().slice(0, 6)}`;
    const fault = async (errorCode: string) => (await report(errorCode, { application: { name: app, version: '1.0' } })).signature.id as string;
    const [muted, ignored, loud] = [await fault('E_MUTED'), await fault('E_IGNORED'), await fault('E_LOUD')];
    const SET = `mutation($id: ID!, $i: UpdateSignatureInput!) { updateSignature(id: $id, input: $i) { id } }`;
    const until = new Date(Date.now() + 3000).toISOString();
    ok(await gql(server.url, tech.token, SET, { id: muted, i: { muted: true, mutedUntil: until } }));
    ok(await gql(server.url, tech.token, SET, { id: ignored, i: { status: 'IGNORED' } }));
    for (const errorCode of ['E_MUTED', 'E_IGNORED', 'E_LOUD']) await fault(errorCode);
    // Created after the reports: its first evaluation sees all three signatures over the threshold.
    const r = await create(rule({ kind: 'SPIKE', applicationName: app, windowMinutes: 60, minReports: 1 }));
    await receiver.waitFor((x) => firedFor(r.id)(x) && x.body.data.signature.id === loud, 'the loud signature');
    await outboxDrained();
    expect(receiver.received.filter(firedFor(r.id)).map((x) => x.body.data.signature.id)).toEqual([loud]);
    // The mute ends by itself: the spike, still within its window, is told of at the next evaluation.
    await receiver.waitFor((x) => firedFor(r.id)(x) && x.body.data.signature.id === muted, 'the signature whose mute ended');
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(until));
    await outboxDrained();
    expect(receiver.received.filter(firedFor(r.id)).map((x) => x.body.data.signature.id)).not.toContain(ignored);
  });

  it('RESOLUTION_FAILURE_RATE: tells when installs fail above the rate once enough outcomes exist', async () => {
    const app = `FailApp${randomUUID().slice(0, 6)}`;
    const r = await create(rule({ kind: 'RESOLUTION_FAILURE_RATE', failureRate: 0.5, minOutcomes: 2 }));
    const devices = [device, await registerDevice(server.url, server.adminToken)];
    let signatureId = '';
    for (const d of devices) {
      signatureId = ok(await gql(server.url, d.token, REPORT, { i: faultInput({ errorCode: 'E_FAILRATE', application: { name: app, version: '1.0' } }) })).reportFault.signature.id;
    }
    const resolution = ok(
      await gql(server.url, tech.token, `mutation($i: CreateResolutionInput!) { createResolution(input: $i) { id } }`, {
        i: { signatureIds: [signatureId], kind: 'PATCH', title: 'Failing patch', instructions: 'Apply it.' },
      }),
    ).createResolution.id;
    ok(await gql(server.url, tech.token, `mutation($id: ID!) { publishResolution(id: $id) { id } }`, { id: resolution }));
    const OUTCOME = `mutation($r: ID!) { reportResolutionOutcome(resolutionId: $r, input: { state: FAILED, resultCode: 410 }) { state } }`;
    for (const d of devices) {
      await eventually(async () => !(await gql(server.url, d.token, OUTCOME, { r: resolution })).errors, 'the offer to reach the device');
    }
    // The rule is for every resolution: those of other tests that fail may be told of too.
    const alert = await receiver.waitFor((x) => firedFor(r.id)(x) && x.body.data.signature.id === signatureId, 'the failure-rate alert');
    expect(alert.body.data).toMatchObject({ kind: 'RESOLUTION_FAILURE_RATE', signature: { id: signatureId } });
    expect(alert.body.data.reason).toBe('Resolution "Failing patch" fails: 2 of 2 installs failed (100 %, above 50 %).');
  });

  it('EMAIL: mails the alert, plain text and HTML, with a link to the signature and what was held back', async () => {
    const app = `MailApp${randomUUID().slice(0, 6)}`;
    const r = await create(rule({ kind: 'NEW_SIGNATURE', applicationName: app }, { channels: [{ kind: 'EMAIL', to: ['oncall@example.com', 'lead@example.com'] }] }));
    const { signature } = await report('E_MAILED', { application: { name: app, version: '1.0' } });
    const mail = await smtp.waitFor((m) => m.subject.includes(r.name), 'the alert e-mail');
    expect(mail.to.sort()).toEqual(['lead@example.com', 'oncall@example.com']);
    expect(mail.from).toContain('alerts@faultbase.example.com');
    expect(mail.subject).toMatch(new RegExp(`^\\[faultbase\\] ${r.name}: `));
    expect(mail.text).toContain(`New fault in ${app}:`);
    expect(mail.text).toContain(`Open it: https://faultbase.example.com/signatures/${signature.id}`);
    expect(mail.html).toContain(`<a href="https://faultbase.example.com/signatures/${signature.id}">`);
    // The delivery is in the admin's log, as a webhook's would be.
    const log = ok(await gql(server.url, server.adminToken, `query($f: WebhookDeliveryFilter) { webhookDeliveries(filter: $f) { edges { node { channel status eventType } } } }`, {
      f: { targetKind: 'ALERT_CHANNEL' , channel: 'EMAIL' },
    })).webhookDeliveries.edges.map((e: any) => e.node);
    expect(log).toContainEqual({ channel: 'EMAIL', status: 'DELIVERED', eventType: 'alert.fired' });
  });

  it('testAlertRule sends alert.test through every channel', async () => {
    const r = await create(rule({ kind: 'NEW_SIGNATURE' }, { enabled: false, channels: [webhook(), { kind: 'EMAIL', to: ['tester@example.com'] }] }));
    expect(ok(await gql(server.url, tech.token, TEST, { id: r.id })).testAlertRule).toBe(true);
    const test = await receiver.waitFor((x) => x.body.type === 'alert.test' && x.body.data.rule.id === r.id, 'alert.test');
    expect(test.body.data).toMatchObject({ kind: 'NEW_SIGNATURE', signature: null });
    const mail = await smtp.waitFor((m) => m.subject === `[faultbase] Test of "${r.name}"`, 'the test e-mail');
    expect(mail.to).toEqual(['tester@example.com']);
  });
});

interface Firing {
  signatureId: string;
  reason: string;
  notified: boolean;
}

async function firings(ruleId: string): Promise<Firing[]> {
  const all = ok(await gql(server.url, tech.token, RULES)).alertRules as { id: string; recentFirings: Firing[] }[];
  return all.find((r) => r.id === ruleId)!.recentFirings;
}

/** Every outbox reaction written so far has run (none pending or retrying): what was not sent by now will not be. */
async function outboxDrained(): Promise<void> {
  await eventually(async () => {
    const { pending, retrying } = ok(await gql(server.url, server.adminToken, `{ outboxSummary { pending retrying } }`)).outboxSummary;
    return pending === 0 && retrying === 0;
  }, 'the outbox to drain');
}

describe('SPIKE against its own baseline', () => {
  it('tells when the window holds more than the factor times the usual rate of the days before', async () => {
    const app = `Baseline${randomUUID().slice(0, 6)}`;
    const signatureId = (await report('E_BASELINE', { application: { name: app, version: '1.0' } })).signature.id as string;
    // Three days of history, one report an hour, up to the hour the window starts in: a usual rate
    // of 1 report per 60 minutes. Written while the server is stopped (the API cannot backdate).
    await server.seed(async (c) => {
      await c.query(
        `INSERT INTO signature_counter (signature_id, span_minutes, bucket, reports)
         SELECT $1, 60, h, 1 FROM generate_series(date_trunc('hour', now() - interval '72 hours', 'UTC'),
                                                  date_trunc('hour', date_trunc('minute', now(), 'UTC') - interval '59 minutes', 'UTC') - interval '1 hour',
                                                  interval '1 hour') h`,
        [signatureId],
      );
      await c.query(`UPDATE fault_signature SET first_seen_at = now() - interval '72 hours' WHERE id = $1`, [signatureId]);
      // Past the retention (minute rows 2 days, hour rows 15): the first evaluation prunes these two.
      await c.query(
        `INSERT INTO signature_counter (signature_id, span_minutes, bucket, reports) VALUES
           ($1, 1, date_trunc('minute', now() - interval '3 days', 'UTC'), 7), ($1, 1, date_trunc('minute', now() - interval '1 day', 'UTC'), 7),
           ($1, 60, date_trunc('hour', now() - interval '16 days', 'UTC'), 7), ($1, 60, date_trunc('hour', now() - interval '14 days', 'UTC'), 7)`,
        [signatureId],
      );
    });
    const r = await create(rule({ kind: 'SPIKE', applicationName: app, windowMinutes: 60, baselineFactor: 3 }));
    // 3 in the window: not more than 3 times 1.
    for (let i = 0; i < 2; i++) await report('E_BASELINE', { application: { name: app, version: '1.0' } });
    const marker = await create(rule({ kind: 'SPIKE', applicationName: app, windowMinutes: 60, minReports: 2 }));
    await receiver.waitFor(firedFor(marker.id), 'the marker rule');
    await outboxDrained();
    expect(receiver.received.filter(firedFor(r.id))).toHaveLength(0);
    await report('E_BASELINE', { application: { name: app, version: '1.0' } });
    const alert = await receiver.waitFor(firedFor(r.id), 'the baseline alert');
    // 4 against 1 an hour (0.99 if an hour boundary passed since the history was written).
    expect(alert.body.data.reason).toMatch(/: 4 reports within 60 minutes, 4\.[01] times its usual 1\.0 \(more than 3 times\)\.$/);
    // Evaluations ran, so the prune did: of the four old rows, the two within their retention remain.
    let old: { span_minutes: number; age: string }[] = [];
    await server.seed(async (c) => {
      old = (await c.query(`SELECT span_minutes, CASE WHEN bucket < now() - interval '2 days' THEN '>2d' ELSE '<=2d' END AS age
                              FROM signature_counter WHERE signature_id = $1 AND reports = 7 ORDER BY bucket`, [signatureId])).rows;
    });
    expect(old).toEqual([{ span_minutes: 60, age: '>2d' }, { span_minutes: 1, age: '<=2d' }]);
  });
});

describe("a rule's delivery log", () => {
  const LOG = `query($id: ID!) { alertRuleDeliveries(id: $id) { totalCount edges { node { id eventType status targetId } } } }`;
  const log = async (id: string) => ok(await gql(server.url, tech.token, LOG, { id })).alertRuleDeliveries as { totalCount: number; edges: { node: { id: string; eventType: string; status: string; targetId: string } }[] };

  it('holds what the rule sent; switching it off or restating a channel unchanged keeps it, a changed channel starts its own', async () => {
    const input = rule({ kind: 'REGRESSION' });
    const created = await create(input);
    ok(await gql(server.url, tech.token, TEST, { id: created.id }));
    await eventually(async () => (await log(created.id)).edges.some((e) => e.node.status === 'DELIVERED'), 'the test delivered');
    const [tested] = (await log(created.id)).edges.map((e) => e.node);
    expect(tested).toMatchObject({ eventType: 'alert.test', targetId: created.channels[0].id });

    const off = ok(await gql(server.url, tech.token, `mutation($id: ID!) { setAlertRuleEnabled(id: $id, enabled: false) { enabled channels { id secretSet } } }`, { id: created.id })).setAlertRuleEnabled;
    expect(off).toEqual({ enabled: false, channels: [{ id: created.channels[0].id, secretSet: true }] });
    const renamed = ok(await gql(server.url, tech.token, UPDATE, { id: created.id, i: { ...input, name: 'Renamed' } })).updateAlertRule;
    expect(renamed.channels[0].id).toBe(created.channels[0].id);
    expect((await log(created.id)).totalCount).toBe(1);

    const moved = ok(await gql(server.url, tech.token, UPDATE, { id: created.id, i: { ...input, channels: [{ ...webhook(), secret: `${SECRET}-new` }] } })).updateAlertRule;
    expect(moved.channels[0].id).not.toBe(created.channels[0].id);
    expect((await log(created.id)).totalCount).toBe(0);

    const missing = await gql(server.url, tech.token, LOG, { id: randomUUID() });
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'ALERT_RULE_NOT_FOUND' });
  });
});
