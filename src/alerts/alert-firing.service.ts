import type { EntityManager } from '@mikro-orm/postgresql';
import type { Scope } from '../app/context';
import type { Services } from '../app/services';
import type { UserPrincipal } from '../auth/principal';
import { consoleUrl } from '../config/config';
import type { Query, Sql } from '../db/sql';
import type { OutboxEvent } from '../events/outbox';
import type { PayloadOf } from '../events/topics';
import { emailDelivery } from '../notifications/email-delivery.service';
import type { WebhookDelivery } from '../notifications/webhook-delivery.entity';
import { queueDeliveries, webhookDelivery, type WebhookTarget } from '../notifications/webhook-delivery.service';
import { alertEmail, type AlertData } from './alert-message';
import { SEVERITY_RANK, type Severity } from '../reports/severity';
import type { SignatureOutbox } from '../signatures/signature.events';
import { MUTED_NOW } from '../signatures/signature-mute';
import { SignatureStatus } from '../signatures/signature-status';
import { AlertChannelKind, AlertConditionKind } from './alert.enums';
import { AlertChannel, AlertRule } from './alert-rule.entity';
import { ruleById } from './alert-rule.service';

export const ALERT_FIRED = 'alert.fired';
export const ALERT_TEST = 'alert.test';
/** The kind of receiver alert channels are, in the webhook delivery log. */
export const ALERT_CHANNEL_TARGET = 'ALERT_CHANNEL';

/** What a notification says of its signature (DOMAIN.md, `alert.fired`). */
export interface SignatureFacts {
  id: string;
  title: string;
  status: SignatureStatus;
  application_name: string;
  report_count: number;
  device_count: number;
  /** The severity of its first report. */
  severity: Severity;
  /** IGNORED or muted now: no rule tells of it (QUIET below). */
  quiet: boolean;
}

/**
 * Alerts stay quiet about a signature (alias s) that technicians set aside: IGNORED, or muted now
 * (signatures/signature-mute.ts: the same rule decides what updateSignature changes and what the
 * API shows, so a timed mute that ended is over for alerts and reads as none at the same instant).
 */
export const QUIET = `(s.status = 'IGNORED' OR ${MUTED_NOW})`;

/** The severity of a signature's (alias s) first report, on the (signature, received_at) index. */
export const FIRST_SEVERITY = `(SELECT r.severity FROM fault_report r WHERE r.signature_id = s.id ORDER BY r.received_at, r.id LIMIT 1)`;

const FACTS_SQL = `
  SELECT s.id, s.title, s.status, s.application_name, s.report_count, s.device_count,
         ${FIRST_SEVERITY} AS severity, ${QUIET} AS quiet
    FROM fault_signature s WHERE s.id IN (?)`;

/** What was held back since the last notification of this rule and signature. */
interface Since {
  reports: number;
  devices: number;
  heldBack: number;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export const describeSince = (s: Since) =>
  `and ${plural(s.reports, 'more report')} from ${plural(s.devices, 'new device')} since the last alert (${plural(s.heldBack, 'alert')} held back)`;

/**
 * The rules of a kind that are on, with their channels: two statements per outbox event, not per
 * rule; a rule's change is seen by the next event, in every process (nothing is cached).
 */
export async function rulesOf(em: EntityManager, kind: AlertConditionKind): Promise<{ rule: AlertRule; channels: AlertChannel[] }[]> {
  const rules = await em.find(AlertRule, { kind, enabled: true }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  if (!rules.length) return [];
  const channels = await em.find(AlertChannel, { rule: { $in: rules.map((r) => r.id) } });
  return rules.map((rule) => ({ rule, channels: channels.filter((c) => c.rule.id === rule.id) }));
}

export const matches = (rule: AlertRule, s: SignatureFacts) =>
  !s.quiet &&
  (!rule.applicationName || rule.applicationName === s.application_name) &&
  (!rule.minSeverity || SEVERITY_RANK[s.severity] >= SEVERITY_RANK[rule.minSeverity]);

/** A rule about to fire for a signature in a window (its key): the rule, its channels, and why, in words. */
export interface Firing {
  rule: AlertRule;
  channels: AlertChannel[];
  signature: SignatureFacts;
  windowKey: string;
  reason: string;
}

interface CooldownState {
  rule_id: string;
  signature_id: string;
  cooling: boolean;
  /** Whether the rule told of the signature before (false: the row was made by this batch). */
  told: boolean;
  reports_at: number;
  devices_at: number;
  suppressed: number;
}

/** Firings written in one transaction at most: an evaluation that fires for thousands holds no lock for long. */
const FIRE_BATCH = 500;

const pairKey = (ruleId: string, signatureId: string) => `${ruleId}/${signatureId}`;

/**
 * Fires rules for signatures, as sets: a new signature fires every NEW_SIGNATURE rule at once, and
 * one evaluation may fire a SPIKE rule for a hundred signatures, in a handful of statements per
 * FIRE_BATCH, not per firing. The unique key on (rule, signature, window) lets each happen once
 * however many processes see the event, and the cool-down rows, locked, decide between telling now
 * and holding back (counted, and summed up in the next notification). The channels' deliveries are
 * written in the same transaction. Rows are touched in (rule, signature) order, so two processes
 * firing the same rules cannot deadlock. Returns how many firings told.
 */
export async function fire(services: Services, firings: Firing[]): Promise<number> {
  const ordered = [...firings].sort((a, b) => cmp(a.rule.id, b.rule.id) || cmp(a.signature.id, b.signature.id));
  // A rule may fire twice for one signature at once (two failing resolutions of one fault): the
  // second goes in a later round, and finds the cool-down the first one set, as it would one by one.
  const rounds: Firing[][] = [];
  const seen = new Map<string, number>();
  for (const f of ordered) {
    const k = pairKey(f.rule.id, f.signature.id);
    const n = seen.get(k) ?? 0;
    seen.set(k, n + 1);
    (rounds[n] ??= []).push(f);
  }
  let told = 0;
  for (const round of rounds) {
    for (let i = 0; i < round.length; i += FIRE_BATCH) told += await fireBatch(services, round.slice(i, i + FIRE_BATCH));
  }
  if (told) services.outbox.nudge();
  return told;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** One transaction of firings, at most one per rule and signature. */
async function fireBatch(services: Services, firings: Firing[]): Promise<number> {
  const byPair = new Map(firings.map((f) => [pairKey(f.rule.id, f.signature.id), f]));
  return services.orm.em.fork().transactional(async (tx) => {
    const run = <R>(sql: string, params: unknown[]) => tx.getConnection().execute<R[]>(sql, params, 'all', tx.getTransactionContext());
    const rows = (fs: Firing[]) =>
      JSON.stringify(
        fs.map((f) => ({
          rule_id: f.rule.id,
          signature_id: f.signature.id,
          window_key: f.windowKey,
          reason: f.reason,
          cooldown: f.rule.cooldownMinutes,
          reports_at: f.signature.report_count,
          devices_at: f.signature.device_count,
        })),
      );
    // Every pair that fired gets its cool-down row before the lock below, so that there is a row to
    // lock even the first time: locking no row would let two transactions firing one pair in two
    // windows (a SPIKE either side of a window boundary, two regressions) both tell. The row is made
    // never told ('-infinity': not cooling) and this batch sets it before it commits, so no other
    // transaction ever sees it so. A concurrent insert of the same row waits for the first to commit
    // and then does nothing; the lock, in the next statement, sees that row as it was committed.
    const fired = await run<{ id: string; rule_id: string; signature_id: string }>(
      `WITH fired AS (
         INSERT INTO alert_firing (id, rule_id, signature_id, window_key, reason, notified)
         SELECT gen_random_uuid(), r.rule_id, r.signature_id, r.window_key, r.reason, true
           FROM json_to_recordset(?::json) AS r(rule_id uuid, signature_id uuid, window_key text, reason text) ORDER BY r.rule_id, r.signature_id
         ON CONFLICT (rule_id, signature_id, window_key) DO NOTHING RETURNING id, rule_id, signature_id
       ), cooldown_rows AS (
         INSERT INTO alert_cooldown (rule_id, signature_id, last_notified_at, reports_at, devices_at, suppressed)
         SELECT f.rule_id, f.signature_id, '-infinity', 0, 0, 0 FROM fired f ORDER BY f.rule_id, f.signature_id
         ON CONFLICT (rule_id, signature_id) DO NOTHING
       )
       SELECT id, rule_id, signature_id FROM fired`,
      [rows(firings)],
    );
    if (!fired.length) return 0;
    const firedRows = rows(fired.map((f) => byPair.get(pairKey(f.rule_id, f.signature_id))!));
    const states = await run<CooldownState>(
      `SELECT c.rule_id, c.signature_id, c.last_notified_at > now() - make_interval(mins => r.cooldown) AS cooling,
              isfinite(c.last_notified_at) AS told, c.reports_at, c.devices_at, c.suppressed
         FROM alert_cooldown c JOIN json_to_recordset(?::json) AS r(rule_id uuid, signature_id uuid, cooldown int)
           ON r.rule_id = c.rule_id AND r.signature_id = c.signature_id
        ORDER BY c.rule_id, c.signature_id FOR UPDATE OF c`,
      [firedRows],
    );
    const state = new Map(states.map((st) => [pairKey(st.rule_id, st.signature_id), st]));
    const cooling = (f: { rule_id: string; signature_id: string }) => state.get(pairKey(f.rule_id, f.signature_id))!.cooling;
    const held = fired.filter(cooling);
    const telling = fired.filter((f) => !cooling(f)).map((f) => byPair.get(pairKey(f.rule_id, f.signature_id))!);
    // One statement for both: a firing held back is counted; one told restarts the cool-down.
    await run(
      `UPDATE alert_cooldown c
          SET last_notified_at = CASE WHEN r.tell THEN now() ELSE c.last_notified_at END,
              reports_at = CASE WHEN r.tell THEN r.reports_at ELSE c.reports_at END,
              devices_at = CASE WHEN r.tell THEN r.devices_at ELSE c.devices_at END,
              suppressed = CASE WHEN r.tell THEN 0 ELSE c.suppressed + 1 END
         FROM json_to_recordset(?::json) AS r(rule_id uuid, signature_id uuid, tell boolean, reports_at int, devices_at int)
        WHERE c.rule_id = r.rule_id AND c.signature_id = r.signature_id`,
      [
        JSON.stringify(
          fired.map((f) => {
            const { signature } = byPair.get(pairKey(f.rule_id, f.signature_id))!;
            return { rule_id: f.rule_id, signature_id: f.signature_id, tell: !cooling(f), reports_at: signature.report_count, devices_at: signature.device_count };
          }),
        ),
      ],
    );
    if (held.length) await run(`UPDATE alert_firing SET notified = false WHERE id IN (?)`, [held.map((f) => f.id)]);
    if (!telling.length) return 0;
    const deliveries = telling.flatMap(({ rule, channels, signature: s, reason }) => {
      const st = state.get(pairKey(rule.id, s.id))!;
      const since: Since | null = st.told ? { reports: s.report_count - st.reports_at, devices: s.device_count - st.devices_at, heldBack: st.suppressed } : null;
      return channelDeliveries(channels, ALERT_FIRED, {
        rule: { id: rule.id, name: rule.name },
        kind: rule.kind,
        reason: since?.heldBack || since?.reports ? `${reason.replace(/\.$/, '')}, ${describeSince(since)}` : reason,
        signature: {
          id: s.id,
          title: s.title,
          status: s.status,
          reportCount: s.report_count,
          deviceCount: s.device_count,
          url: consoleUrl(services.config, `/signatures/${s.id}`),
        },
        since,
      });
    });
    await queueDeliveries(tx, deliveries);
    return telling.length;
  });
}

/** What every channel of a rule is sent: one delivery each, for the shared log. */
function channelDeliveries(channels: AlertChannel[], type: string, data: AlertData): WebhookDelivery[] {
  return channels.map((channel) => {
    const target = { kind: ALERT_CHANNEL_TARGET, id: channel.id };
    return channel.kind === AlertChannelKind.WEBHOOK
      ? webhookDelivery({ target, url: channel.url!, type, data })
      : emailDelivery({ target, to: channel.to ?? [], type, ...alertEmail(type, data) });
  });
}

/** What notifications say of these signatures, in one statement. */
export async function factsOf(services: Services, signatureIds: string[]): Promise<Map<string, SignatureFacts>> {
  if (!signatureIds.length) return new Map();
  const rows = await services.orm.em.getConnection().execute<SignatureFacts[]>(FACTS_SQL, [signatureIds]);
  return new Map(rows.map((r) => [r.id, r]));
}

/** NEW_SIGNATURE rules, when ingest opened a signature (its outbox event, once per signature). */
export async function onSignatureCreated(event: OutboxEvent, services: Services): Promise<void> {
  const { signatureId } = event.payload as PayloadOf<typeof SignatureOutbox.SIGNATURE_CREATED>;
  const rules = await rulesOf(services.orm.em.fork(), AlertConditionKind.NEW_SIGNATURE);
  if (!rules.length) return;
  const s = (await factsOf(services, [signatureId])).get(signatureId);
  if (!s) return;
  const reason = `New fault in ${s.application_name}: ${s.title} (${s.severity}).`;
  await fire(services, rules.filter(({ rule }) => matches(rule, s)).map((r) => ({ ...r, signature: s, windowKey: 'created', reason })));
}

/** REGRESSION rules, when a report proved a published fix did not work (once per regression). */
export async function onSignatureRegressed(event: OutboxEvent, services: Services): Promise<void> {
  const { signatureId } = event.payload as PayloadOf<typeof SignatureOutbox.SIGNATURE_REGRESSED>;
  const rules = await rulesOf(services.orm.em.fork(), AlertConditionKind.REGRESSION);
  if (!rules.length) return;
  const s = (await factsOf(services, [signatureId])).get(signatureId);
  if (!s) return;
  const reason = `Regressed: ${s.title} was reported again after a published resolution should have fixed it.`;
  const windowKey = `regressed:${event.id}`;
  await fire(services, rules.filter(({ rule }) => matches(rule, s)).map((r) => ({ ...r, signature: s, windowKey, reason })));
}

/** testAlertRule: `alert.test` through every channel of the rule, now, whatever its state or cool-down. */
export async function testAlertRule(scope: Scope<UserPrincipal>, id: string): Promise<boolean> {
  const { em, services } = scope;
  await em.transactional(async (tx) => {
    const rule = await ruleById(tx, id);
    const channels = await tx.find(AlertChannel, { rule });
    await queueDeliveries(
      tx,
      channelDeliveries(channels, ALERT_TEST, {
        rule: { id: rule.id, name: rule.name },
        kind: rule.kind,
        reason: `A test of the channels of "${rule.name}".`,
        signature: null,
      }),
    );
  });
  services.outbox.nudge();
  return true;
}

const CHANNEL_TARGET: Query = {
  name: 'alert_channel_target',
  text: `SELECT url, secret FROM alert_channel WHERE id = $1`,
};

/** Where an alert channel's webhooks go now (its rule's state gates firing, not deliveries already made). */
export async function alertChannelTarget(sql: Sql, id: string): Promise<WebhookTarget | null> {
  const [row] = await sql.query<{ url: string | null; secret: string | null }>(CHANNEL_TARGET, [id]);
  return row ? { url: row.url, secret: row.secret, active: true } : null;
}
