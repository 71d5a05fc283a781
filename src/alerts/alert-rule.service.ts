import { QueryOrder } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Scope } from '../app/context';
import type { UserPrincipal } from '../auth/principal';
import { User } from '../auth/user.entity';
import { isId } from '../db/ids';
import { isMailAddress } from '../mail/address';
import { webhookUrlProblem } from '../webhooks/webhook-url';
import { AlertChannelKind, AlertConditionKind } from './alert.enums';
import { alertRuleNotFound, channelInvalid, conditionInvalid } from './alert.errors';
import type { AlertChannelInput, AlertConditionInput, AlertRuleInput } from './alert.input';
import { AlertChannel, AlertRule } from './alert-rule.entity';

type ConditionField = Exclude<keyof AlertConditionInput, 'kind'>;

/** The condition fields each kind reads: the one table of what a condition means. */
export const CONDITION_FIELDS: Readonly<Record<AlertConditionKind, readonly ConditionField[]>> = {
  [AlertConditionKind.NEW_SIGNATURE]: ['applicationName', 'minSeverity'],
  [AlertConditionKind.REGRESSION]: ['applicationName', 'minSeverity'],
  [AlertConditionKind.SPIKE]: ['applicationName', 'minSeverity', 'windowMinutes', 'minReports', 'minDevices', 'baselineFactor'],
  [AlertConditionKind.RESOLUTION_FAILURE_RATE]: ['failureRate', 'minOutcomes'],
};

const ALL_FIELDS: readonly ConditionField[] = ['applicationName', 'minSeverity', 'windowMinutes', 'minReports', 'minDevices', 'baselineFactor', 'failureRate', 'minOutcomes'];

function checkCondition(c: AlertConditionInput): void {
  for (const field of ALL_FIELDS) {
    if (c[field] != null && !CONDITION_FIELDS[c.kind].includes(field)) throw conditionInvalid(field, `is not used by ${c.kind}`);
  }
  if (c.kind === AlertConditionKind.SPIKE) {
    if (c.windowMinutes == null) throw conditionInvalid('windowMinutes', 'is needed by SPIKE');
    if (c.minReports == null && c.minDevices == null && c.baselineFactor == null) {
      throw conditionInvalid('minReports', 'SPIKE needs at least one of minReports, minDevices, baselineFactor');
    }
  }
  if (c.kind === AlertConditionKind.RESOLUTION_FAILURE_RATE && c.failureRate == null) throw conditionInvalid('failureRate', 'is needed by RESOLUTION_FAILURE_RATE');
}

async function checkChannels(channels: AlertChannelInput[], allowPrivate: boolean): Promise<void> {
  for (const [i, ch] of channels.entries()) {
    if (ch.kind === AlertChannelKind.WEBHOOK) {
      if (ch.to != null) throw channelInvalid(i, 'to', 'is for EMAIL channels');
      if (!ch.url) throw channelInvalid(i, 'url', 'is needed by a WEBHOOK channel');
      const problem = await webhookUrlProblem(ch.url, { allowPrivate });
      if (problem) throw channelInvalid(i, 'url', problem);
      if (!ch.secret || ch.secret.length < 16) throw channelInvalid(i, 'secret', 'must be at least 16 characters (receivers verify the signature with it)');
    } else {
      if (ch.url != null) throw channelInvalid(i, 'url', 'is for WEBHOOK channels');
      if (ch.secret != null) throw channelInvalid(i, 'secret', 'is for WEBHOOK channels');
      if (!ch.to?.length) throw channelInvalid(i, 'to', 'must name at least one address');
      const bad = ch.to.findIndex((address) => !isMailAddress(address.trim()));
      if (bad >= 0) throw channelInvalid(i, 'to', `${JSON.stringify(ch.to[bad])} is not an e-mail address (local@domain)`);
    }
  }
}

/** The input checked whole before anything is stored: a refusal changes nothing. */
async function checked({ services }: Scope<UserPrincipal>, input: AlertRuleInput): Promise<void> {
  checkCondition(input.condition);
  await checkChannels(input.channels, services.config.webhookAllowPrivate);
}

function apply(em: EntityManager, rule: AlertRule, input: AlertRuleInput): AlertChannel[] {
  const c = input.condition;
  Object.assign(rule, {
    name: input.name.trim(),
    enabled: input.enabled ?? true,
    cooldownMinutes: input.cooldownMinutes ?? 60,
    kind: c.kind,
    applicationName: c.applicationName?.trim() ?? null,
    minSeverity: c.minSeverity ?? null,
    windowMinutes: c.windowMinutes ?? null,
    minReports: c.minReports ?? null,
    minDevices: c.minDevices ?? null,
    baselineFactor: c.baselineFactor ?? null,
    failureRate: c.failureRate ?? null,
    minOutcomes: c.kind === AlertConditionKind.RESOLUTION_FAILURE_RATE ? (c.minOutcomes ?? 10) : null,
    updatedAt: new Date(),
  });
  return input.channels.map((ch) =>
    Object.assign(new AlertChannel(), {
      rule,
      kind: ch.kind,
      url: ch.url ?? null,
      secret: ch.secret ?? null,
      to: ch.to?.map((address) => address.trim().toLowerCase()) ?? null,
    }),
  );
}

export async function createAlertRule(scope: Scope<UserPrincipal>, input: AlertRuleInput): Promise<AlertRule> {
  await checked(scope, input);
  return scope.em.transactional(async (tx) => {
    const rule = new AlertRule();
    rule.createdBy = tx.getReference(User, scope.caller.id);
    tx.persist([rule, ...apply(tx, rule, input)]);
    return rule;
  });
}

/**
 * The rule replaced whole, its channels too. A channel given again exactly as it is (kind, url,
 * secret, recipients) keeps its row and id, so its deliveries stay in the rule's log
 * (alertRuleDeliveries) and its pending retries keep their receiver; the others get new ids.
 */
export async function updateAlertRule(scope: Scope<UserPrincipal>, id: string, input: AlertRuleInput): Promise<AlertRule> {
  await checked(scope, input);
  return scope.em.transactional(async (tx) => {
    const rule = await ruleById(tx, id);
    const kept = await tx.find(AlertChannel, { rule });
    const added = apply(tx, rule, input).filter((channel) => {
      const same = kept.findIndex((old) => sameChannel(old, channel));
      if (same < 0) return true;
      kept.splice(same, 1);
      return false;
    });
    if (kept.length) await tx.nativeDelete(AlertChannel, { id: { $in: kept.map((c) => c.id) } });
    tx.persist(added);
    return rule;
  });
}

const sameChannel = (a: AlertChannel, b: AlertChannel) =>
  a.kind === b.kind && (a.url ?? null) === (b.url ?? null) && (a.secret ?? null) === (b.secret ?? null) && JSON.stringify(a.to ?? null) === JSON.stringify(b.to ?? null);

/** Turns a rule on or off without restating it (its channels, and their secrets, stay as they are). */
export async function setAlertRuleEnabled({ em }: Scope<UserPrincipal>, id: string, enabled: boolean): Promise<AlertRule> {
  const rule = await ruleById(em, id);
  rule.enabled = enabled;
  rule.updatedAt = new Date();
  await em.flush();
  return rule;
}

export async function deleteAlertRule({ em }: Scope<UserPrincipal>, id: string): Promise<boolean> {
  const rule = await ruleById(em, id);
  await em.removeAndFlush(rule);
  return true;
}

export async function ruleById(em: EntityManager, id: string): Promise<AlertRule> {
  const rule = isId(id) ? await em.findOne(AlertRule, id) : null;
  if (!rule) throw alertRuleNotFound(id);
  return rule;
}

export const listAlertRules = (em: EntityManager) => em.find(AlertRule, {}, { orderBy: { createdAt: QueryOrder.ASC, id: QueryOrder.ASC } });
