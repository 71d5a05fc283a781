import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../app/context';
import { requireUser } from '../auth/caller';
import { Role } from '../auth/roles';
import { wholeList } from '../graphql/cost';
import { testAlertRule } from './alert-firing.service';
import type { AlertRule } from './alert-rule.entity';
import { createAlertRule, deleteAlertRule, listAlertRules, setAlertRuleEnabled, updateAlertRule } from './alert-rule.service';
import { AlertRuleInput } from './alert.input';
import { AlertChannelType, AlertConditionType, AlertFiringType, AlertRuleType } from './alert.type';

const STAFF = [Role.ADMIN, Role.TECHNICIAN] as const;

@Resolver(() => AlertRuleType)
export class AlertResolver {
  @Authorized(...STAFF)
  @Query(() => [AlertRuleType], wholeList('Staff: every alert rule, oldest first.', 20))
  alertRules(@Ctx() ctx: Context) {
    return listAlertRules(ctx.em);
  }

  @Authorized(...STAFF)
  @Mutation(() => AlertRuleType, { description: 'Staff: a new alert rule. Checked whole (condition fields for its kind, channels) before anything is stored.' })
  createAlertRule(@Arg('input', () => AlertRuleInput, { description: 'The rule.' }) input: AlertRuleInput, @Ctx() ctx: Context) {
    return createAlertRule(requireUser(ctx), input);
  }

  @Authorized(...STAFF)
  @Mutation(() => AlertRuleType, { description: 'Staff: replace a rule whole, its channels too.' })
  updateAlertRule(
    @Arg('id', () => ID, { description: "The rule's id." }) id: string,
    @Arg('input', () => AlertRuleInput, { description: 'The rule as it is to be.' }) input: AlertRuleInput,
    @Ctx() ctx: Context,
  ) {
    return updateAlertRule(requireUser(ctx), id, input);
  }

  @Authorized(...STAFF)
  @Mutation(() => AlertRuleType, { description: 'Staff: turn a rule on or off without restating it (its channels and their secrets stay as they are).' })
  setAlertRuleEnabled(
    @Arg('id', () => ID, { description: "The rule's id." }) id: string,
    @Arg('enabled', { description: 'Whether it fires.' }) enabled: boolean,
    @Ctx() ctx: Context,
  ) {
    return setAlertRuleEnabled(requireUser(ctx), id, enabled);
  }

  @Authorized(...STAFF)
  @Mutation(() => Boolean, { description: 'Staff: delete a rule (its pending deliveries are skipped).' })
  deleteAlertRule(@Arg('id', () => ID, { description: "The rule's id." }) id: string, @Ctx() ctx: Context) {
    return deleteAlertRule(requireUser(ctx), id);
  }

  @Authorized(...STAFF)
  @Mutation(() => Boolean, { description: 'Staff: send an `alert.test` through every channel of the rule now (see the deliveries in webhookDeliveries).' })
  testAlertRule(@Arg('id', () => ID, { description: "The rule's id." }) id: string, @Ctx() ctx: Context) {
    return testAlertRule(requireUser(ctx), id);
  }

  @FieldResolver(() => AlertConditionType, { description: 'When it fires.' })
  condition(@Root() rule: AlertRule): AlertConditionType {
    return {
      kind: rule.kind,
      applicationName: rule.applicationName ?? null,
      minSeverity: rule.minSeverity ?? null,
      windowMinutes: rule.windowMinutes ?? null,
      minReports: rule.minReports ?? null,
      minDevices: rule.minDevices ?? null,
      baselineFactor: rule.baselineFactor ?? null,
      failureRate: rule.failureRate ?? null,
      minOutcomes: rule.minOutcomes ?? null,
    };
  }

  @FieldResolver(() => [AlertChannelType], wholeList('Where its alerts go.', 2))
  async channels(@Root() rule: AlertRule, @Ctx() ctx: Context): Promise<AlertChannelType[]> {
    const channels = await ctx.loaders.alertChannels.load(rule.id);
    return channels.map((c) => ({ id: c.id, kind: c.kind, url: c.url ?? null, secretSet: c.secret != null, to: c.to ?? null }));
  }

  @FieldResolver(() => [AlertFiringType], wholeList('Its latest firings, newest first (at most 20), sent or held back by the cool-down.', 20))
  async recentFirings(@Root() rule: AlertRule, @Ctx() ctx: Context): Promise<AlertFiringType[]> {
    const firings = await ctx.loaders.alertFirings.load(rule.id);
    return firings.map((f) => ({ id: f.id, signatureId: f.signature.id, reason: f.reason, notified: f.notified, firedAt: f.firedAt }));
  }
}
