import { IsOptional, MaxLength, ValidateNested } from 'class-validator';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, InputType } from 'type-graphql';
import { RuntimeInput } from '../devices/runtime';
import {
  FreeText,
  IsBoundedJsonObject,
  IsNotBlank,
  IsPlausibleDate,
  MaxBytes,
} from '../graphql/validators/validators';
import { Severity } from './severity';

/** Limits a device SDK can rely on; documented in the README. */
export const REPORT_LIMITS = {
  clientReportId: 128,
  errorCode: 128,
  exceptionType: 512,
  messageBytes: 4 * 1024,
  stackTraceBytes: 64 * 1024,
  attributesBytes: 16 * 1024,
  attributesKeys: 64,
  attributesDepth: 16,
  futureSkewMs: 24 * 3600 * 1000,
  earliest: new Date('2000-01-01T00:00:00Z'),
  batch: 100,
} as const;

@InputType({ description: 'The application that failed.' })
export class ApplicationInput {
  @Field({ description: 'e.g. SpaceRacer' })
  @IsNotBlank()
  @MaxLength(200)
  name!: string;

  @Field({ description: 'e.g. 1.4.2' })
  @IsNotBlank()
  @MaxLength(64)
  version!: string;

  @Field(() => String, { nullable: true, description: 'e.g. MIDlet, native, web' })
  @IsOptional()
  @MaxLength(64)
  type?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  vendor?: string;
}

@InputType({ description: 'One fault as a device collected it.' })
export class FaultReportInput {
  @Field({ description: "The device's idempotency key: a retry with the same id is answered, not counted again." })
  @IsNotBlank()
  @MaxLength(REPORT_LIMITS.clientReportId)
  clientReportId!: string;

  @Field({ description: 'When the fault happened, by the device clock.' })
  @IsPlausibleDate(REPORT_LIMITS.earliest, REPORT_LIMITS.futureSkewMs)
  occurredAt!: Date;

  @Field()
  @IsNotBlank()
  @MaxLength(REPORT_LIMITS.errorCode)
  errorCode!: string;

  @Field(() => Severity, { defaultValue: Severity.ERROR })
  severity!: Severity;

  @Field(() => ApplicationInput)
  @ValidateNested()
  application!: ApplicationInput;

  @Field(() => RuntimeInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  runtime?: RuntimeInput;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(REPORT_LIMITS.exceptionType)
  exceptionType?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @FreeText()
  @MaxBytes(REPORT_LIMITS.messageBytes)
  message?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @FreeText()
  @MaxBytes(REPORT_LIMITS.stackTraceBytes)
  stackTrace?: string;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Free context: memory, battery, network, breadcrumbs…' })
  @IsOptional()
  @FreeText()
  @IsBoundedJsonObject(REPORT_LIMITS.attributesKeys, REPORT_LIMITS.attributesDepth, REPORT_LIMITS.attributesBytes)
  attributes?: Record<string, unknown>;
}
