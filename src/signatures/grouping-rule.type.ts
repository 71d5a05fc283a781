import { IsOptional, MaxLength } from 'class-validator';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { IsNotBlank } from '../graphql/validators/validators';
import { GroupingRuleKind } from './grouping-rule.entity';

@ObjectType('GroupingRule', { description: "An operator's grouping rule, applied to reports received after it was made." })
export class GroupingRuleType {
  @Field(() => ID, { description: "The rule's id (named in the hints of the components and frames it affects)." })
  id!: string;

  @Field(() => GroupingRuleKind, { description: 'What the rule does.' })
  kind!: GroupingRuleKind;

  @Field(() => String, { nullable: true, description: 'Only reports of this application; all when null.' })
  applicationName?: string | null;

  @Field(() => String, { nullable: true, description: 'GROUP_TOGETHER: the error code grouped together.' })
  errorCode?: string | null;

  @Field(() => String, { nullable: true, description: 'IGNORE_FRAMES: a glob over function names, `*` for any run of characters.' })
  framePattern?: string | null;

  @Field({ description: 'Why the rule exists, in the words of the admin who made it.' })
  description!: string;

  @Field({ description: 'Whether the rule applies to reports received now (switched with setGroupingRuleEnabled).' })
  enabled!: boolean;

  @Field({ description: 'When the rule was made.' })
  createdAt!: Date;
}

@InputType({ description: 'A grouping rule to add.' })
export class CreateGroupingRuleInput {
  @Field(() => GroupingRuleKind, { description: 'What the rule does; it says whether errorCode or framePattern is needed.' })
  kind!: GroupingRuleKind;

  @Field(() => String, { nullable: true, description: 'Only reports of this application; all when absent or blank. At most 200 characters.' })
  @IsOptional()
  @MaxLength(200)
  applicationName?: string;

  @Field(() => String, {
    nullable: true,
    description: 'GROUP_TOGETHER (needed): the error code whose reports land in one signature. At most 128 characters; ignored otherwise.',
  })
  @IsOptional()
  @MaxLength(128)
  errorCode?: string;

  @Field(() => String, {
    nullable: true,
    description:
      'IGNORE_FRAMES (needed): a glob over function names, `*` for any run of characters, with at least 3 characters besides `*`; ' +
      'at most 200 characters. Ignored otherwise.',
  })
  @IsOptional()
  @MaxLength(200)
  framePattern?: string;

  @Field({ description: 'Why the rule exists, for the people who read it later; not blank, at most 500 characters.' })
  @IsNotBlank()
  @MaxLength(500)
  description!: string;
}
