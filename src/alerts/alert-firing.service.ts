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

/**
 * One firing of a rule for a signature in one window, in one transaction: the unique key on
 * (rule, signature, window) lets it happen once however many processes see the event, and the
 * cool-down row, locked, decides between telling now and holding back (counted, and summed up in
 * the next notification). The channels' deliveries are written in the same transaction.
 */
export async function fire(services: Services, rule: AlertRule, channels: AlertChannel[], s: SignatureFacts, windowKey: string, reason: string): Promise<boolean> {
  const told = await services.orm.em.fork().transactional(async (tx) => {
    const run = <R>(sql: string, params: unknown[]) => tx.getConnection().execute<R[]>(sql, params, 'all', tx.getTransactionContext());
    const [firing] = await run<{ id: string }>(
      `INSERT INTO alert_firing (id, rule_id, signature_id, window_key, reason, notified) VALUES (gen_random_uuid(), ?, ?, ?, ?, true)
       ON CONFLICT (rule_id, signature_id, window_key) DO NOTHING RETURNING id`,
      [rule.id, s.id, windowKey, reason],
    );
    if (!firing) return false;
    const [state] = await run<{ cooling: boolean; reports_at: number; devices_at: number; suppressed: number }>(
      `SELECT last_notified_at > now() - make_interval(mins => ?) AS cooling, reports_at, devices_at, suppressed
         FROM alert_cooldown WHERE rule_id = ? AND signature_id = ? FOR UPDATE`,
      [rule.cooldownMinutes, rule.id, s.id],
    );
    if (state?.cooling) {
      await run(`UPDATE alert_cooldown SET suppressed = suppressed + 1 WHERE rule_id = ? AND signature_id = ?`, [rule.id, s.id]);
      await run(`UPDATE alert_firing SET notified = false WHERE id = ?`, [firing.id]);
      return false;
    }
    const since: Since | null = state ? { reports: s.report_count - state.reports_at, devices: s.device_count - state.devices_at, heldBack: state.suppressed } : null;
    await run(
      `INSERT INTO alert_cooldown (rule_id, signature_id, last_notified_at, reports_at, devices_at, suppressed) VALUES (?, ?, now(), ?, ?, 0)
       ON CONFLICT (rule_id, signature_id) DO UPDATE SET last_notified_at = now(), reports_at = excluded.reports_at, devices_at = excluded.devices_at, suppressed = 0`,
      [rule.id, s.id, s.report_count, s.device_count],
    );
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
    return true;
  });
  if (told) services.outbox.nudge();
  return told;
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
  for (const { rule, channels } of rules) {
    if (matches(rule, s)) await fire(services, rule, channels, s, 'created', `New fault in ${s.application_name}: ${s.title} (${s.severity}).`);
  }
}

/** REGRESSION rules, when a report proved a published fix did not work (once per regression). */
export async function onSignatureRegressed(event: OutboxEvent, services: Services): Promise<void> {
  const { signatureId } = event.payload as PayloadOf<typeof SignatureOutbox.SIGNATURE_REGRESSED>;
  const rules = await rulesOf(services.orm.em.fork(), AlertConditionKind.REGRESSION);
  if (!rules.length) return;
  const s = await factsOf(services, signatureId);
  if (!s) return;
  for (const { rule, channels } of rules) {
    if (matches(rule, s)) {
      await fire(services, rule, channels, s, `regressed:${event.id}`, `Regressed: ${s.title} was reported again after a published resolution should have fixed it.`);
    }
  }
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
