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
import { Severity } from '../reports/severity';

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

  @Field(() => String, { nullable: true, description: "The application's publisher as the device knows it; at most 200 characters." })
  @IsOptional()
  @MaxLength(200)
  vendor?: string;
}

@InputType({ description: 'One fault as a device collected it.' })
export class FaultReportInput {
  @Field({
    description:
      "The device's idempotency key: a retry with the same id is answered, not counted again. " +
      `Not blank, at most ${REPORT_LIMITS.clientReportId} characters.`,
  })
  @IsNotBlank()
  @MaxLength(REPORT_LIMITS.clientReportId)
  clientReportId!: string;

  @Field({
    description:
      `When the fault happened, by the device clock: not before ${REPORT_LIMITS.earliest.toISOString()} ` +
      `nor more than ${REPORT_LIMITS.futureSkewMs / 3_600_000} hours after the server's clock.`,
  })
  @IsPlausibleDate(REPORT_LIMITS.earliest, REPORT_LIMITS.futureSkewMs)
  occurredAt!: Date;

  @Field({
    description: `The error code, e.g. E_APP_CRASH; always part of the fingerprint. Not blank, at most ${REPORT_LIMITS.errorCode} characters.`,
  })
  @IsNotBlank()
  @MaxLength(REPORT_LIMITS.errorCode)
  errorCode!: string;

  @Field(() => Severity, {
    defaultValue: Severity.ERROR,
    description: "How bad the fault was; below the device policy's minSeverity the report is FILTERED (not stored).",
  })
  severity!: Severity;

  @Field(() => ApplicationInput, { description: 'The application that failed; its name is part of the fingerprint.' })
  @ValidateNested()
  application!: ApplicationInput;

  @Field(() => RuntimeInput, {
    nullable: true,
    description: 'The execution environment the application ran in; when absent, breakdowns count the one the device was enrolled with.',
  })
  @IsOptional()
  @ValidateNested()
  runtime?: RuntimeInput;

  @Field(() => String, {
    nullable: true,
    description:
      'The exception type, e.g. java.lang.NullPointerException; when absent it is read from the stack trace. ' +
      `At most ${REPORT_LIMITS.exceptionType} characters.`,
  })
  @IsOptional()
  @MaxLength(REPORT_LIMITS.exceptionType)
  exceptionType?: string;

  @Field(() => String, {
    nullable: true,
    description:
      `The error message, at most ${REPORT_LIMITS.messageBytes} bytes of UTF-8; it identifies the fault only when no stack frame does. ` +
      'NUL and unpaired surrogates are stored as U+FFFD.',
  })
  @IsOptional()
  @FreeText()
  @MaxBytes(REPORT_LIMITS.messageBytes)
  message?: string;

  @Field(() => String, {
    nullable: true,
    description:
      'The stack trace as printed (Java/Java ME, native gdb/backtrace, JavaScript V8, Python), at most ' +
      `${REPORT_LIMITS.stackTraceBytes} bytes of UTF-8; discarded when the device policy's collectStackTrace is off. ` +
      'NUL and unpaired surrogates are stored as U+FFFD.',
  })
  @IsOptional()
  @FreeText()
  @MaxBytes(REPORT_LIMITS.stackTraceBytes)
  stackTrace?: string;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description:
      'Free context: memory, battery, network, breadcrumbs… A JSON object of at most ' +
      `${REPORT_LIMITS.attributesKeys} top-level keys, ${REPORT_LIMITS.attributesDepth} levels of nesting and ` +
      `${REPORT_LIMITS.attributesBytes} bytes serialised; discarded when the device policy's collectAttributes is off.`,
  })
  @IsOptional()
  @FreeText()
  @IsBoundedJsonObject(REPORT_LIMITS.attributesKeys, REPORT_LIMITS.attributesDepth, REPORT_LIMITS.attributesBytes)
  attributes?: Record<string, unknown>;
}
