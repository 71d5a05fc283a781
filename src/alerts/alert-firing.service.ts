import type { EntityManager } from '@mikro-orm/postgresql';
import type { Scope } from '../app/context';
import type { Services } from '../app/services';
import type { UserPrincipal } from '../auth/principal';
import { consoleUrl } from '../config/config';
import type { Query, Sql } from '../db/sql';
import type { OutboxEvent } from '../events/outbox';
import type { PayloadOf } from '../events/topics';
import { enqueueEmail } from '../notifications/email-delivery.service';
import { enqueueWebhook, type WebhookTarget } from '../notifications/webhook-delivery.service';
import { alertEmail, type AlertData } from './alert-message';
import { SEVERITY_RANK, type Severity } from '../reports/severity';
import type { SignatureOutbox } from '../signatures/signature.events';
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
 * Alerts stay quiet about a signature (alias s) that technicians set aside: IGNORED, or muted
 * (signatures/signature-update.service.ts, isMuted, is the same rule).
 */
export const QUIET = `(s.status = 'IGNORED' OR (s.muted_at IS NOT NULL AND (s.muted_until IS NULL OR s.muted_until > now())))`;

/** The severity of a signature's (alias s) first report, on the (signature, received_at) index. */
export const FIRST_SEVERITY = `(SELECT r.severity FROM fault_report r WHERE r.signature_id = s.id ORDER BY r.received_at, r.id LIMIT 1)`;

const FACTS_SQL = `
  SELECT s.id, s.title, s.status, s.application_name, s.report_count, s.device_count,
         ${FIRST_SEVERITY} AS severity, ${QUIET} AS quiet
    FROM fault_signature s WHERE s.id = ?`;

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

/** A rule about to fire for a signature: the rule, its channels, and why, in words. */
export interface Firing {
  rule: AlertRule;
  channels: AlertChannel[];
  reason: string;
}

interface CooldownState {
  rule_id: string;
  cooling: boolean;
  reports_at: number;
  devices_at: number;
  suppressed: number;
}

/**
 * Rules firing for one signature in one window, in one transaction, however many (a new signature
 * fires every NEW_SIGNATURE rule at once): the unique key on (rule, signature, window) lets each
 * happen once however many processes see the event, and the rules' cool-down rows, locked, decide
 * between telling now and holding back (counted, and summed up in the next notification). The
 * channels' deliveries are written in the same transaction. Rows are touched in rule id order, so
 * two processes firing the same rules cannot deadlock. Returns how many rules told.
 */
export async function fire(services: Services, firings: Firing[], s: SignatureFacts, windowKey: string): Promise<number> {
  if (!firings.length) return 0;
  const byRule = new Map(firings.map((f) => [f.rule.id, f]));
  const told = await services.orm.em.fork().transactional(async (tx) => {
    const run = <R>(sql: string, params: unknown[]) => tx.getConnection().execute<R[]>(sql, params, 'all', tx.getTransactionContext());
    const rules = JSON.stringify(firings.map((f) => ({ rule_id: f.rule.id, reason: f.reason, cooldown: f.rule.cooldownMinutes })));
    const fired = await run<{ id: string; rule_id: string }>(
      `INSERT INTO alert_firing (id, rule_id, signature_id, window_key, reason, notified)
       SELECT gen_random_uuid(), r.rule_id, ?, ?, r.reason, true FROM json_to_recordset(?::json) AS r(rule_id uuid, reason text) ORDER BY r.rule_id
       ON CONFLICT (rule_id, signature_id, window_key) DO NOTHING RETURNING id, rule_id`,
      [s.id, windowKey, rules],
    );
    if (!fired.length) return [];
    const states = await run<CooldownState>(
      `SELECT c.rule_id, c.last_notified_at > now() - make_interval(mins => r.cooldown) AS cooling, c.reports_at, c.devices_at, c.suppressed
         FROM alert_cooldown c JOIN json_to_recordset(?::json) AS r(rule_id uuid, cooldown int) ON r.rule_id = c.rule_id
        WHERE c.signature_id = ? AND c.rule_id IN (?) ORDER BY c.rule_id FOR UPDATE OF c`,
      [rules, s.id, fired.map((f) => f.rule_id)],
    );
    const state = new Map(states.map((st) => [st.rule_id, st]));
    const held = fired.filter((f) => state.get(f.rule_id)?.cooling);
    const telling = fired.filter((f) => !state.get(f.rule_id)?.cooling);
    if (held.length) {
      await run(`UPDATE alert_cooldown SET suppressed = suppressed + 1 WHERE signature_id = ? AND rule_id IN (?)`, [s.id, held.map((f) => f.rule_id)]);
      await run(`UPDATE alert_firing SET notified = false WHERE id IN (?)`, [held.map((f) => f.id)]);
    }
    if (!telling.length) return [];
    await run(
      `INSERT INTO alert_cooldown (rule_id, signature_id, last_notified_at, reports_at, devices_at, suppressed)
       SELECT r.rule_id, ?, now(), ?, ?, 0 FROM json_to_recordset(?::json) AS r(rule_id uuid) ORDER BY r.rule_id
       ON CONFLICT (rule_id, signature_id) DO UPDATE SET last_notified_at = now(), reports_at = excluded.reports_at, devices_at = excluded.devices_at, suppressed = 0`,
      [s.id, s.report_count, s.device_count, JSON.stringify(telling.map((f) => ({ rule_id: f.rule_id })))],
    );
    for (const { rule_id } of telling) {
      const { rule, channels, reason } = byRule.get(rule_id)!;
      const st = state.get(rule_id);
      const since: Since | null = st ? { reports: s.report_count - st.reports_at, devices: s.device_count - st.devices_at, heldBack: st.suppressed } : null;
      await notify(tx, channels, ALERT_FIRED, {
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
    }
    return telling;
  });
  if (told.length) services.outbox.nudge();
  return told.length;
}

/** Every channel of a rule told, inside the caller's transaction: one delivery each, in the shared log. */
async function notify(em: EntityManager, channels: AlertChannel[], type: string, data: AlertData): Promise<void> {
  for (const channel of channels) {
    const target = { kind: ALERT_CHANNEL_TARGET, id: channel.id };
    if (channel.kind === AlertChannelKind.WEBHOOK) await enqueueWebhook(em, { target, url: channel.url!, type, data });
    else await enqueueEmail(em, { target, to: channel.to ?? [], type, ...alertEmail(type, data) });
  }
}

export async function factsOf(services: Services, signatureId: string): Promise<SignatureFacts | null> {
  const [facts] = await services.orm.em.getConnection().execute<SignatureFacts[]>(FACTS_SQL, [signatureId]);
  return facts ?? null;
}

/** NEW_SIGNATURE rules, when ingest opened a signature (its outbox event, once per signature). */
export async function onSignatureCreated(event: OutboxEvent, services: Services): Promise<void> {
  const { signatureId } = event.payload as PayloadOf<typeof SignatureOutbox.SIGNATURE_CREATED>;
  const rules = await rulesOf(services.orm.em.fork(), AlertConditionKind.NEW_SIGNATURE);
  if (!rules.length) return;
  const s = await factsOf(services, signatureId);
  if (!s) return;
  const reason = `New fault in ${s.application_name}: ${s.title} (${s.severity}).`;
  await fire(services, rules.filter(({ rule }) => matches(rule, s)).map((r) => ({ ...r, reason })), s, 'created');
}

/** REGRESSION rules, when a report proved a published fix did not work (once per regression). */
export async function onSignatureRegressed(event: OutboxEvent, services: Services): Promise<void> {
  const { signatureId } = event.payload as PayloadOf<typeof SignatureOutbox.SIGNATURE_REGRESSED>;
  const rules = await rulesOf(services.orm.em.fork(), AlertConditionKind.REGRESSION);
  if (!rules.length) return;
  const s = await factsOf(services, signatureId);
  if (!s) return;
  const reason = `Regressed: ${s.title} was reported again after a published resolution should have fixed it.`;
  await fire(services, rules.filter(({ rule }) => matches(rule, s)).map((r) => ({ ...r, reason })), s, `regressed:${event.id}`);
}

/** testAlertRule: `alert.test` through every channel of the rule, now, whatever its state or cool-down. */
export async function testAlertRule(scope: Scope<UserPrincipal>, id: string): Promise<boolean> {
  const { em, services } = scope;
  await em.transactional(async (tx) => {
    const rule = await ruleById(tx, id);
    const channels = await tx.find(AlertChannel, { rule });
    await notify(tx, channels, ALERT_TEST, {
      rule: { id: rule.id, name: rule.name },
      kind: rule.kind,
      reason: `A test of the channels of "${rule.name}".`,
      signature: null,
    });
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
