import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from '../graphql/connection';

export enum OutboxState {
  PENDING = 'PENDING',
  RETRYING = 'RETRYING',
  DONE = 'DONE',
  DEAD = 'DEAD',
}

registerEnumType(OutboxState, {
  name: 'OutboxState',
  description: 'Where a reaction of the outbox is.',
  valuesConfig: {
    PENDING: { description: 'Waiting for its first run (or running now).' },
    RETRYING: { description: 'Failed at least once; runs again at nextAttemptAt.' },
    DONE: { description: 'Ran (kept for a week, then deleted).' },
    DEAD: { description: 'Failed as often as allowed; runs again only when an admin retries it.' },
  },
});

@ObjectType('OutboxEvent', { description: 'A reaction that must happen (an alert, a webhook…), written with the change it reacts to.' })
export class OutboxEventType {
  @Field(() => ID, { description: 'The event id; handlers deduplicate by it (they may run more than once).' })
  id!: string;

  @Field({ description: 'What happened, e.g. SIGNATURE_CREATED.' })
  type!: string;

  @Field(() => GraphQLJSONObject, { description: 'What the reaction needs to know (ids, not personal data).' })
  payload!: Record<string, unknown>;

  // state and nextAttemptAt are field resolvers (OutboxResolver): they are read from the row's status.

  @Field(() => Int, { description: 'Runs so far, failed ones included.' })
  attempts!: number;

  @Field(() => String, { nullable: true, description: 'The error of the last failed run; null if none failed.' })
  lastError!: string | null;

  @Field({ description: 'When the change it reacts to committed.' })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'DONE: when it ran; null otherwise.' })
  doneAt!: Date | null;
}

export const OutboxEventConnection = Connection('OutboxEvent', OutboxEventType);

@ObjectType('OutboxSummary', { description: 'How many reactions are in each state.' })
export class OutboxSummaryType {
  @Field(() => Int, { description: 'Waiting for their first run.' })
  pending!: number;

  @Field(() => Int, { description: 'Failed at least once, to be run again.' })
  retrying!: number;

  @Field(() => Int, { description: 'Given up on: an admin may retry them.' })
  dead!: number;

  @Field(() => Int, { description: 'Ran, in the last week.' })
  done!: number;
}
