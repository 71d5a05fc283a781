import type { EntityManager } from '@mikro-orm/postgresql';
import type { Scope } from '../app/context';
import type { UserPrincipal } from '../auth/principal';
import { User } from '../auth/user.entity';
import { isId } from '../db/ids';
import { GroupingRule, GroupingRuleKind } from './grouping-rule.entity';
import type { CreateGroupingRuleInput } from './grouping-rule.type';
import { groupingRuleInvalid, groupingRuleNotFound } from './signature.errors';
import { SignatureTopics } from './signature.events';

export function listGroupingRules(em: EntityManager) {
  return em.find(GroupingRule, {}, { orderBy: { createdAt: 'asc', id: 'asc' } });
}

export async function createGroupingRule(scope: Scope<UserPrincipal>, input: CreateGroupingRuleInput) {
  const { em, caller } = scope;
  checkRule(input);
  const rule = em.create(GroupingRule, {
    kind: input.kind,
    applicationName: input.applicationName?.trim() || undefined,
    errorCode: input.kind === GroupingRuleKind.GROUP_TOGETHER ? input.errorCode!.trim() : undefined,
    framePattern: input.kind === GroupingRuleKind.IGNORE_FRAMES ? input.framePattern!.trim() : undefined,
    description: input.description.trim(),
    enabled: true,
    createdAt: new Date(),
    createdBy: em.getReference(User, caller.id),
  });
  await em.flush();
  changed(scope);
  return rule;
}

export async function setGroupingRuleEnabled(scope: Scope<UserPrincipal>, id: string, enabled: boolean) {
  const { em } = scope;
  const rule = isId(id) ? await em.findOne(GroupingRule, id) : null;
  if (!rule) throw groupingRuleNotFound(id);
  rule.enabled = enabled;
  await em.flush();
  changed(scope);
  return rule;
}

/** This process sees the change at its next report; the others when the event reaches them. */
function changed({ services, events }: Scope<UserPrincipal>) {
  services.groupingRules.invalidate();
  events.publish(SignatureTopics.GROUPING_RULES_CHANGED, { at: new Date().toISOString() });
}

function checkRule(input: CreateGroupingRuleInput) {
  if (input.kind === GroupingRuleKind.GROUP_TOGETHER && !input.errorCode?.trim()) {
    throw groupingRuleInvalid({ path: ['input', 'errorCode'], message: 'a GROUP_TOGETHER rule needs an error code' });
  }
  if (input.kind === GroupingRuleKind.IGNORE_FRAMES) {
    const pattern = input.framePattern?.trim() ?? '';
    if (pattern.replace(/\*/g, '').length < 3) {
      throw groupingRuleInvalid({ path: ['input', 'framePattern'], message: 'an IGNORE_FRAMES rule needs a pattern with at least 3 characters besides *' });
    }
  }
}
