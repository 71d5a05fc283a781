import { Field, ID, ObjectType } from 'type-graphql';
import { Connection } from '../graphql/connection';
import { SignatureActivityKind } from './signature-activity-kind';
import { SignatureStatus } from './signature-status';

@ObjectType('SignatureActivity', { description: 'One change made to a signature: what, by whom, when.' })
export class SignatureActivityType {
  @Field(() => ID, { description: "The activity entry's id." })
  id!: string;

  @Field(() => SignatureActivityKind, { description: 'What the change did; it says which other fields are set.' })
  kind!: SignatureActivityKind;

  @Field(() => SignatureStatus, { nullable: true, description: 'STATUS_CHANGED: the status before.' })
  fromStatus?: SignatureStatus | null;

  @Field(() => SignatureStatus, { nullable: true, description: 'STATUS_CHANGED: the status after.' })
  toStatus?: SignatureStatus | null;

  @Field(() => String, { nullable: true, description: 'NOTE: the text.' })
  note?: string | null;

  @Field(() => String, { nullable: true, description: 'REGRESSED: the version the reporting device ran (the application, or the firmware for a firmware update).' })
  version?: string | null;

  @Field(() => ID, { nullable: true, description: 'REGRESSED: the report that was the evidence.' })
  reportId?: string | null;

  @Field(() => Date, { nullable: true, description: 'MUTED: when the mute ends by itself; null for a mute until unmuted.' })
  mutedUntil?: Date | null;

  @Field({ description: 'When the change was committed (entries of one change share it).' })
  createdAt!: Date;
}

export const SignatureActivityConnection = Connection('SignatureActivity', SignatureActivityType);
