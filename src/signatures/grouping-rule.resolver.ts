import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { Role } from '../auth/roles';
import type { Context } from '../app/context';
import { requireUser } from '../auth/caller';
import { wholeList } from '../graphql/cost';
import { createGroupingRule, listGroupingRules, setGroupingRuleEnabled } from './grouping-rule.service';
import { CreateGroupingRuleInput, GroupingRuleType } from './grouping-rule.type';

@Resolver(() => GroupingRuleType)
export class GroupingRuleResolver {
  @Authorized(Role.ADMIN, Role.TECHNICIAN)
  @Query(() => [GroupingRuleType], wholeList("The operator's grouping rules, oldest first.", 20))
  groupingRules(@Ctx() ctx: Context) {
    return listGroupingRules(ctx.em);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => GroupingRuleType, { description: 'Admin: add a grouping rule; it applies to reports received from now on.' })
  createGroupingRule(@Arg('input', { description: 'The rule; it is enabled at once.' }) input: CreateGroupingRuleInput, @Ctx() ctx: Context) {
    return createGroupingRule(requireUser(ctx), input);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => GroupingRuleType, { description: 'Admin: switch a grouping rule on or off.' })
  setGroupingRuleEnabled(
    @Arg('id', () => ID, { description: 'The grouping rule to switch.' }) id: string,
    @Arg('enabled', { description: 'true: apply it to reports received from now on; false: stop applying it.' }) enabled: boolean,
    @Ctx() ctx: Context,
  ) {
    return setGroupingRuleEnabled(requireUser(ctx), id, enabled);
  }
}
