import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { wholeList } from '../graphql/cost';
import { StackFrameType } from '../signatures/grouping.type';
import { Severity } from './severity';

@ObjectType('Application', { description: 'The application that failed.' })
export class ApplicationType {
  @Field({ description: 'e.g. SpaceRacer.' })
  name!: string;

  @Field({ description: 'e.g. 1.4.2.' })
  version!: string;

  @Field(() => String, { nullable: true, description: 'e.g. MIDlet, native or web; null when the device sent none.' })
  type!: string | null;

  @Field(() => String, { nullable: true, description: "The application's publisher as the device named it; null when it sent none." })
  vendor!: string | null;
}

@ObjectType('FaultReport', { description: 'One occurrence of a fault, as the device sent it.' })
export class FaultReportType {
  @Field(() => ID, { description: "The report's id, given by the server." })
  id!: string;

  @Field({ description: "The device's idempotency key for this report, unique per device." })
  clientReportId!: string;

  @Field({ description: 'When the fault happened, by the device clock.' })
  occurredAt!: Date;

  @Field({ description: 'When the server stored the report.' })
  receivedAt!: Date;

  @Field({ description: 'The error code the device reported, e.g. E_APP_CRASH.' })
  errorCode!: string;

  @Field(() => Severity, { description: 'How bad the fault was for the user.' })
  severity!: Severity;

  @Field(() => String, { nullable: true, description: 'The exception type, given by the device or parsed from the trace; else null.' })
  exceptionType?: string | null;

  @Field(() => String, { nullable: true, description: 'The error message as the device sent it; null when it sent none.' })
  message?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The stack trace as the device sent it; null when it sent none or its policy's collectStackTrace was off.",
  })
  stackTrace?: string | null;

  @Field(() => [StackFrameType], wholeList('The parsed frames, innermost first (at most 256).', 30))
  frames!: StackFrameType[];

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: "The free context the device sent; null when it sent none or its policy's collectAttributes was off.",
  })
  attributes?: Record<string, unknown> | null;
}
