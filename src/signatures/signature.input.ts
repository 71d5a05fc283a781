import { ArrayMaxSize, IsOptional, MaxLength } from 'class-validator';
import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { IsNotBlank } from '../graphql/validators/validators';
import { SignatureStatus } from './signature-status';
import { describeTransitions } from './signature-workflow';

export enum SignatureOrderField {
  LAST_SEEN = 'LAST_SEEN',
  FIRST_SEEN = 'FIRST_SEEN',
  REPORT_COUNT = 'REPORT_COUNT',
  DEVICE_COUNT = 'DEVICE_COUNT',
}

export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}

registerEnumType(SignatureOrderField, {
  name: 'SignatureOrderField',
  description: 'What signatures are sorted by; ties are broken by id.',
  valuesConfig: {
    LAST_SEEN: { description: 'lastSeenAt: when it last happened.' },
    FIRST_SEEN: { description: 'firstSeenAt: when it first happened.' },
    REPORT_COUNT: { description: 'reportCount: how many reports it has.' },
    DEVICE_COUNT: { description: 'deviceCount: how many distinct devices reported it.' },
  },
});
registerEnumType(OrderDirection, {
  name: 'OrderDirection',
  description: 'Which way a list is sorted.',
  valuesConfig: {
    ASC: { description: 'Ascending: oldest or smallest first.' },
    DESC: { description: 'Descending: newest or biggest first.' },
  },
});

@InputType({ description: 'All given conditions must hold.' })
export class SignatureFilter {
  @Field(() => [SignatureStatus], { nullable: true, description: 'Any of these statuses.' })
  @IsOptional()
  @ArrayMaxSize(6)
  status?: SignatureStatus[];

  @Field(() => String, { nullable: true, description: 'Of exactly this application name (case-sensitive); at most 200 characters.' })
  @IsOptional()
  @MaxLength(200)
  applicationName?: string;

  @Field(() => String, { nullable: true, description: 'With exactly this error code (case-sensitive); at most 128 characters.' })
  @IsOptional()
  @MaxLength(128)
  errorCode?: string;

  @Field(() => String, {
    nullable: true,
    description: 'With exactly this exception type, e.g. java.lang.NullPointerException (case-sensitive); at most 512 characters.',
  })
  @IsOptional()
  @MaxLength(512)
  exceptionType?: string;

  @Field(() => String, { nullable: true, description: 'Reported at least once by this application version.' })
  @IsOptional()
  @MaxLength(128)
  applicationVersion?: string;

  @Field(() => String, { nullable: true, description: 'Reported at least once by a device of this model.' })
  @IsOptional()
  @MaxLength(128)
  model?: string;

  @Field(() => String, { nullable: true, description: 'Reported at least once by a device of this manufacturer.' })
  @IsOptional()
  @MaxLength(128)
  manufacturer?: string;

  @Field(() => String, { nullable: true, description: 'Reported at least once by a device on this firmware version.' })
  @IsOptional()
  @MaxLength(64)
  firmwareVersion?: string;

  @Field(() => Date, { nullable: true, description: 'First seen at or after this instant.' })
  firstSeenFrom?: Date;

  @Field(() => Date, { nullable: true, description: 'First seen before this instant (exclusive).' })
  firstSeenTo?: Date;

  @Field(() => Date, { nullable: true, description: 'Last seen at or after this instant.' })
  lastSeenFrom?: Date;

  @Field(() => Date, { nullable: true, description: 'Last seen before this instant (exclusive).' })
  lastSeenTo?: Date;

  @Field(() => ID, { nullable: true, description: 'Assigned to this user.' })
  @IsOptional()
  @MaxLength(64)
  assigneeId?: string;

  @Field(() => Boolean, { nullable: true, description: 'true: only unassigned signatures; false: only assigned ones.' })
  unassigned?: boolean;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Also list signatures merged into others (empty, with mergedInto set); left out by default.',
  })
  includeMerged?: boolean;

  @Field(() => String, {
    nullable: true,
    description:
      'Words to find in the title, the normalised message and the identifying frames\' function names; ' +
      'every word must match, as a word or the start of one, case-insensitively ("renderer draw" finds ' +
      'com.example.game.Renderer.drawSprite). Punctuation separates words; a search without letters or digits is ignored.',
  })
  @IsOptional()
  @MaxLength(200)
  search?: string;
}

@InputType({ description: 'Newest activity first when absent.' })
export class SignatureOrder {
  @Field(() => SignatureOrderField, { defaultValue: SignatureOrderField.LAST_SEEN, description: 'What to sort by.' })
  field!: SignatureOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.DESC, description: 'Which way: newest or biggest first by default.' })
  direction!: OrderDirection;
}

@InputType({ description: 'Changes to a signature; absent fields stay as they are. Each change is kept in its activity.' })
export class UpdateSignatureInput {
  @Field(() => SignatureStatus, {
    nullable: true,
    description:
      `The new status. Allowed: ${describeTransitions()}. REGRESSED and ESCALATED are never set by hand. ` +
      'Any other change is refused with BAD_USER_INPUT and extensions.transition { from to allowed }.',
  })
  status?: SignatureStatus;

  @Field(() => ID, { nullable: true, description: 'An admin or technician to assign; null or "" unassigns.' })
  @IsOptional()
  @MaxLength(64)
  assigneeId?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true mutes it: alert rules send nothing about it (until mutedUntil, if given); false unmutes it. Reports are still stored and counted.',
  })
  @IsOptional()
  muted?: boolean | null;

  @Field(() => Date, { nullable: true, description: 'With muted: true, when the mute ends by itself; in the future, at most a year ahead.' })
  @IsOptional()
  mutedUntil?: Date | null;

  @Field(() => String, { nullable: true, description: 'A note to add to the activity.' })
  @IsOptional()
  @IsNotBlank()
  @MaxLength(10_000)
  note?: string;
}
