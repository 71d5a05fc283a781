import { IsOptional, MaxLength } from 'class-validator';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { IsNotBlank } from '../graphql/validators/validators';
import { GroupingRuleKind } from './grouping-rule.entity';

@ObjectType('GroupingRule', { description: "An operator's grouping rule, applied to reports received after it was made." })
export class GroupingRuleType {
  @Field(() => ID)
  id!: string;

  @Field(() => GroupingRuleKind)
  kind!: GroupingRuleKind;

  @Field(() => String, { nullable: true, description: 'Only reports of this application; all when null.' })
  applicationName?: string | null;

  @Field(() => String, { nullable: true, description: 'GROUP_TOGETHER: the error code grouped together.' })
  errorCode?: string | null;

  @Field(() => String, { nullable: true, description: 'IGNORE_FRAMES: a glob over function names, `*` for any run of characters.' })
  framePattern?: string | null;

  @Field()
  description!: string;

  @Field()
  enabled!: boolean;

  @Field()
  createdAt!: Date;
}

@InputType()
export class CreateGroupingRuleInput {
  @Field(() => GroupingRuleKind)
  kind!: GroupingRuleKind;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  applicationName?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(128)
  errorCode?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  framePattern?: string;

  @Field()
  @IsNotBlank()
  @MaxLength(500)
  description!: string;
}
