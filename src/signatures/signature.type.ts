import { Field, ID, Int, ObjectType } from 'type-graphql';
import { wholeList } from '../graphql/cost';
import { GroupingComponentType, StackFrameType } from './grouping.type';
import { SignatureStatus } from './signature-status';

@ObjectType('FaultSignature', { description: 'One underlying fault: the unit technicians work on.' })
export class FaultSignatureType {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Stable hash of the normalised fault.' })
  fingerprint!: string;

  @Field({ description: 'The grouping config version that produced the fingerprint.' })
  groupingConfig!: string;

  @Field()
  title!: string;

  @Field()
  errorCode!: string;

  @Field(() => String, { nullable: true })
  exceptionType?: string | null;

  @Field()
  applicationName!: string;

  @Field(() => String, { nullable: true, description: 'The message with numbers, ids, paths… replaced by placeholders.' })
  normalisedMessage?: string | null;

  @Field(() => [StackFrameType], wholeList('The normalised frames that identify the fault.', 10))
  frames!: StackFrameType[];

  @Field(() => [GroupingComponentType], wholeList('Why reports were grouped here: each value and whether it contributed.', 6))
  components!: GroupingComponentType[];

  @Field(() => SignatureStatus)
  status!: SignatureStatus;

  @Field(() => Int)
  reportCount!: number;

  @Field(() => Int, { description: 'Distinct devices that reported it.' })
  deviceCount!: number;

  @Field()
  firstSeenAt!: Date;

  @Field()
  lastSeenAt!: Date;

  @Field()
  createdAt!: Date;
}

@ObjectType('BreakdownEntry', { description: 'Reports and devices of a signature for one value of a dimension.' })
export class BreakdownEntry {
  @Field()
  value!: string;

  @Field(() => Int)
  reportCount!: number;

  @Field(() => Int)
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
