import { Authorized, Field, ID, Int, ObjectType } from 'type-graphql';
import { STAFF } from '../auth/roles';
import { wholeList } from '../graphql/cost';
import { GroupingComponentType, StackFrameType } from './grouping.type';
import { SignatureStatus } from './signature-status';

/**
 * A signature as the API shows it. A device reaches its signature through its receipts and sees
 * id, title (without message text, see titleForDevices) and status; everything else describes
 * other devices' reports and is for staff (admins and technicians), field by field.
 */
@ObjectType('FaultSignature', {
  description: 'One underlying fault: the unit technicians work on. Devices see id, title and status; every other field is for admins and technicians.',
})
export class FaultSignatureType {
  @Field(() => ID, { description: 'Derived from the fingerprint; stable for the life of the signature.' })
  id!: string;

  @Authorized(...STAFF)
  @Field({ description: 'Stable hash of the normalised fault.' })
  fingerprint!: string;

  @Authorized(...STAFF)
  @Field({ description: 'The grouping config version that produced the fingerprint.' })
  groupingConfig!: string;

  // title is a field resolver (SignatureResolver): devices get it without message text.
  title!: string;

  @Authorized(...STAFF)
  @Field({ description: 'The error code the device reported, e.g. E_APP_CRASH.' })
  errorCode!: string;

  @Authorized(...STAFF)
  @Field(() => String, { nullable: true, description: 'The exception type, given by the device or parsed from the trace.' })
  exceptionType?: string | null;

  @Authorized(...STAFF)
  @Field({ description: 'The name of the application that failed.' })
  applicationName!: string;

  @Authorized(...STAFF)
  @Field(() => String, { nullable: true, description: 'The message with numbers, ids, paths… replaced by placeholders.' })
  normalisedMessage?: string | null;

  @Authorized(...STAFF)
  @Field(() => [StackFrameType], wholeList('The normalised frames that identify the fault.', 10))
  frames!: StackFrameType[];

  @Authorized(...STAFF)
  @Field(() => [GroupingComponentType], wholeList('Why reports were grouped here: each value and whether it contributed.', 6))
  components!: GroupingComponentType[];

  @Field(() => SignatureStatus, { description: 'Where technicians are with it (see updateSignature for the allowed changes).' })
  status!: SignatureStatus;

  // The mute is resolved by SignatureResolver (signature-mute.ts, shownMute): a timed mute that has
  // ended is stored still, and shown as none.
  @Authorized(...STAFF)
  @Field(() => Date, {
    nullable: true,
    description: 'When it was muted (alert rules stay quiet about it); null when it is not muted, also once a timed mute has ended.',
  })
  mutedAt?: Date | null;

  @Authorized(...STAFF)
  @Field(() => Date, { nullable: true, description: 'When a mute ends by itself; null while muted until unmuted, or when not muted (also once it has ended).' })
  mutedUntil?: Date | null;

  @Authorized(...STAFF)
  @Field(() => Int, { description: 'Reports received, each counted once (a retry is not counted again).' })
  reportCount!: number;

  @Authorized(...STAFF)
  @Field(() => Int, { description: 'Distinct devices that reported it.' })
  deviceCount!: number;

  @Authorized(...STAFF)
  @Field({ description: 'When it first happened: the earliest occurredAt of its reports (received time if that is earlier).' })
  firstSeenAt!: Date;

  @Authorized(...STAFF)
  @Field({ description: 'When it last happened, by the same rule as firstSeenAt.' })
  lastSeenAt!: Date;

  @Authorized(...STAFF)
  @Field({ description: 'When the signature was created (its first report was stored).' })
  createdAt!: Date;
}

@ObjectType('BreakdownEntry', { description: 'Reports and devices of a signature for one value of a dimension.' })
export class BreakdownEntry {
  @Field({ description: 'The value, e.g. an application version (1.4.2), a model (N95) or a runtime (MIDP 2.0).' })
  value!: string;

  @Field(() => Int, { description: "The signature's reports with this value." })
  reportCount!: number;

  @Field(() => Int, { description: 'Distinct devices that sent those reports.' })
  deviceCount!: number;
}

export enum BreakdownDimension {
  APPLICATION_VERSION = 'APPLICATION_VERSION',
  MODEL = 'MODEL',
  FIRMWARE = 'FIRMWARE',
  RUNTIME = 'RUNTIME',
}

@ObjectType('SignatureBreakdowns', { description: 'Who is hit, by dimension; most reports first.' })
export class SignatureBreakdowns {
  signatureId!: string;
}
