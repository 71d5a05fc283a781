import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { wholeList } from '../graphql/cost';
import { StackFrameType } from '../signatures/grouping.type';
import { Severity } from './severity';

@ObjectType('Application', { description: 'The application that failed.' })
export class ApplicationType {
  @Field()
  name!: string;

  @Field()
  version!: string;

  @Field(() => String, { nullable: true })
  type!: string | null;

  @Field(() => String, { nullable: true })
  vendor!: string | null;
}

@ObjectType('FaultReport', { description: 'One occurrence of a fault, as the device sent it.' })
export class FaultReportType {
  @Field(() => ID)
  id!: string;

  @Field()
  clientReportId!: string;

  @Field()
  occurredAt!: Date;

  @Field()
  receivedAt!: Date;

  @Field()
  errorCode!: string;

  @Field(() => Severity)
  severity!: Severity;

  @Field(() => String, { nullable: true })
  exceptionType?: string | null;

  @Field(() => String, { nullable: true })
  message?: string | null;

  @Field(() => String, { nullable: true })
  stackTrace?: string | null;

  @Field(() => [StackFrameType], wholeList('The parsed frames, innermost first (at most 256).', 30))
  frames!: StackFrameType[];

  @Field(() => GraphQLJSONObject, { nullable: true })
  attributes?: Record<string, unknown> | null;
}
