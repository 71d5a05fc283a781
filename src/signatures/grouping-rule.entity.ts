import { Entity, Enum, ManyToOne, Property } from '@mikro-orm/core';
import { registerEnumType } from 'type-graphql';
import { User } from '../auth/user.entity';
import { BaseEntity } from '../db/base.entity';

export enum GroupingRuleKind {
  GROUP_TOGETHER = 'GROUP_TOGETHER',
  IGNORE_FRAMES = 'IGNORE_FRAMES',
}

registerEnumType(GroupingRuleKind, {
  name: 'GroupingRuleKind',
  description: 'GROUP_TOGETHER: one signature for an error code (in an application). IGNORE_FRAMES: frames matching a pattern never identify a fault.',
  valuesConfig: {
    GROUP_TOGETHER: {
      description: "Every report with the rule's errorCode (of its application, when given) lands in one signature, whatever its trace.",
    },
    IGNORE_FRAMES: {
      description: "Frames whose function matches the rule's framePattern never identify a fault; the next frames take their place.",
    },
  },
});

/** An operator's grouping rule, applied at ingest on top of the frozen grouping config. */
@Entity({ tableName: 'grouping_rule' })
export class GroupingRule extends BaseEntity {
  @Enum({ items: () => GroupingRuleKind, nativeEnumName: 'grouping_rule_kind' })
  kind!: GroupingRuleKind;

  @Property({ type: 'text', nullable: true })
  applicationName?: string;

  @Property({ type: 'text', nullable: true })
  errorCode?: string;

  @Property({ type: 'text', nullable: true })
  framePattern?: string;

  @Property({ type: 'text' })
  description!: string;

  @Property({ type: 'boolean', default: true })
  enabled = true;

  @ManyToOne(() => User, { nullable: true, deleteRule: 'set null' })
  createdBy?: User;
}
